/* tprctl plot and plot-progress through the real gnuplot: a PNG of the
 * right size, the script carrying the bands, limits, events and every
 * trace point, the thresholds with their MDC band, the errors (pruned trace, no gnuplot, gnuplot
 * failing, no -o) leaving no file behind, and what -o named never destroyed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "schema.h"
#include "tprctl_fixture.h"

static char script[128], wrapper[128];

static int setup(void **state)
{
    fixture_setup(state);
    /* gnuplot behind a wrapper that keeps a copy of the script. */
    snprintf(script, sizeof(script), "%s/script.gp", fixture_tmp);
    snprintf(wrapper, sizeof(wrapper), "%s/gnuplot-tee", fixture_tmp);
    FILE *f = fopen(wrapper, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\ntee '%s' | gnuplot\n", script);
    fclose(f);
    chmod(wrapper, 0755);
    return 0;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s was not written", path);
    char *buf = calloc(1, 1 << 21);
    assert_non_null(buf);
    *len = fread(buf, 1, (1 << 21) - 1, f);
    fclose(f);
    return buf;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* path holds a PNG of width x height with more in it than a blank image. */
static void expect_png(const char *path, uint32_t width, uint32_t height)
{
    size_t len;
    unsigned char *png = (unsigned char *)read_all(path, &len);
    assert_true(len > 10000);
    assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(png + 12, "IHDR", 4);
    assert_int_equal(be32(png + 16), width);
    assert_int_equal(be32(png + 20), height);
    free(png);
}

/* Run `tprctl --db FIXTURE cmd arg -o png` through the wrapper that keeps
 * the gnuplot script: it must succeed quietly and write a width x height
 * PNG. Returns the script (free it). */
static char *plot_ok(const char *cmd, const char *arg, const char *png, uint32_t width,
                     uint32_t height)
{
    setenv("TPRCTL_GNUPLOT", wrapper, 1);
    tprctl_result r = run_tprctl("--db", fixture_db, cmd, arg, "-o", png, NULL);
    unsetenv("TPRCTL_GNUPLOT");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    tprctl_result_free(&r);
    expect_png(png, width, height);
    size_t len;
    return read_all(script, &len);
}

/* Lines of the datablock name in the script. */
static size_t block_lines(const char *gp, const char *name)
{
    char head[32];
    snprintf(head, sizeof(head), "%s << EOD\n", name);
    const char *p = strstr(gp, head);
    assert_non_null(p);
    p += strlen(head);
    const char *end = strstr(p, "EOD\n");
    assert_non_null(end);
    size_t n = 0;
    for (; p < end; p++)
        n += *p == '\n';
    return n;
}

static void test_session_plot(void **state)
{
    (void)state;
    char png[160];
    snprintf(png, sizeof(png), "%s/s3.png", fixture_tmp);
    char *gp = plot_ok("plot", "3", png, 900, 500);
    assert_int_equal(block_lines(gp, "$trace"), FIXTURE_TRACE_POINTS);
    assert_non_null(strstr(gp, "\n0.000 150.000 NaN 0.000\n"));
    /* Each repetition's band and limit over its own time. */
    assert_non_null(strstr(gp, "set object rect from 0.000,120.00 to 12.000,300.00"));
    assert_non_null(strstr(gp, "set object rect from 27.000,120.00 to 40.000,300.00"));
    assert_non_null(strstr(gp, "set arrow from 13.000,450.00 to 26.000,450.00 nohead"));
    assert_non_null(strstr(gp, "set label 'vastus_lateralis #2' at 27.000,450.00"));
    /* Events: release, done, over_limit, sensor_fault at their times. */
    assert_non_null(strstr(gp, "$ev0 << EOD\n10.500\nEOD\n"));
    assert_non_null(strstr(gp, "$ev1 << EOD\n10.500\nEOD\n"));
    assert_non_null(strstr(gp, "$ev2 << EOD\n5.000\nEOD\n"));
    assert_non_null(strstr(gp, "$ev3 << EOD\n20.000\nEOD\n"));
    assert_non_null(strstr(gp, "title 'sensor_fault'"));
    /* Above the highest reading (about 510 kPa) and the limit. */
    assert_non_null(strstr(gp, "set yrange [0:5"));
    free(gp);
}

static void test_progress_plot(void **state)
{
    (void)state;
    char png[160];
    snprintf(png, sizeof(png), "%s/alice.png", fixture_tmp);
    /* alice has thresholds: a third panel, 300 pixels more. */
    char *gp = plot_ok("plot-progress", "alice", png, 900, 900);
    /* One block per muscle, a row per session: time to release (NaN
     * without a release), mean and peak pressure. */
    assert_int_equal(block_lines(gp, "$m0"), 3);
    assert_int_equal(block_lines(gp, "$m1"), 4);
    assert_non_null(strstr(gp, "$m0 << EOD\n1790870400 NaN 200.250 310.500\n"));
    assert_non_null(strstr(gp, "\n1793894400 15.000 235.000 315.000\nEOD\n"));
    /* The dates run from the first threshold (2026-10-01 15:00) to the
     * last session (2026-11-05 16:00), 3027600 s, with a twentieth of it,
     * 151380 s, each side. */
    assert_non_null(strstr(gp, "set xrange [1790715420:1794045780]\n"));
    /* A block per site, a row per reliable threshold, and its MDC band
     * across the dates: rectus femoris left 280 +/- 33 kPa, right 300,
     * vastus lateralis left 250. */
    assert_non_null(strstr(gp, "$p0 << EOD\n1790866800 280.000\n1793890800 330.000\nEOD\n"
                               "$b0 << EOD\n1790715420 247.000 313.000\n"
                               "1794045780 247.000 313.000\nEOD\n"));
    assert_non_null(strstr(gp, "$p1 << EOD\n1790867400 300.000\n1793891400 280.000\nEOD\n"
                               "$b1 << EOD\n1790715420 267.000 333.000\n"));
    assert_int_equal(block_lines(gp, "$p2"), 1);
    assert_non_null(strstr(gp, "$b2 << EOD\n1790715420 217.000 283.000\n"));
    assert_non_null(strstr(gp, "set multiplot layout 3,1"));
    assert_non_null(strstr(gp, "$b0 using 1:2:3 with filledcurves lc 1 notitle, $p0 using 1:2 "
                               "with linespoints lc 1 pt 7 lw 1.5 title 'rectus_femoris left'"));
    assert_non_null(strstr(gp, "title 'vastus_lateralis left'\n"));
    free(gp);

    /* A user with no release yet, one session: no gnuplot warning about
     * empty data or an empty date range, a note in the top panel. */
    gp = plot_ok("plot-progress", "zoë \"z\"", png, 900, 600);
    assert_non_null(strstr(gp, "set label 1 'no releases yet'"));
    assert_non_null(strstr(gp, "set multiplot layout 2,1")); /* no thresholds: no third panel */
    assert_null(strstr(gp, "$p0"));
    assert_non_null(strstr(gp, "set xrange [1791547200:1791720000]")); /* a day each side */
    free(gp);
}

/* The command fails with status and message, and leaves no file at png. */
static void expect_failure(int status, const char *message, const char *png, const char *a,
                           const char *b, const char *c)
{
    tprctl_result r = png ? run_tprctl("--db", fixture_db, "-o", png, a, b, c, NULL)
                          : run_tprctl("--db", fixture_db, a, b, c, NULL);
    assert_int_equal(r.status, status);
    if (!strstr(r.err, message))
        fail_msg("expected '%s' in: %s", message, r.err);
    assert_int_equal(strlen(r.out), 0); /* no picture on the terminal */
    tprctl_result_free(&r);
    if (png)
        assert_int_equal(access(png, F_OK), -1);
}

static void test_failures(void **state)
{
    (void)state;
    char png[160];
    snprintf(png, sizeof(png), "%s/fail.png", fixture_tmp);
    expect_failure(1, "the trace was removed by retention", png, "plot", "1", NULL);
    expect_failure(1, "/nonexistent/s3.png: No such file or directory", "/nonexistent/s3.png",
                   "plot", "3", NULL);
    expect_failure(2, "-o FILE.png", NULL, "plot", "3", NULL);
    expect_failure(1, "session 2 in", png, "plot", "2", NULL);
    expect_failure(1, "has no trace recorded", png, "plot", "2", NULL);
    expect_failure(2, "-o FILE.png", NULL, "plot-progress", "alice", NULL);
    expect_failure(1, "no user 'carol'", png, "plot-progress", "carol", NULL);
    expect_failure(1, "nothing to plot", png, "plot-progress", "bob", "soleus");
    setenv("TPRCTL_GNUPLOT", "/nonexistent/gnuplot", 1);
    expect_failure(1, "cannot run /nonexistent/gnuplot: No such file or directory", png, "plot",
                   "3", NULL);
    setenv("TPRCTL_GNUPLOT", "false", 1);
    expect_failure(1, "gnuplot failed (exit status 1)", png, "plot", "3", NULL);
    unsetenv("TPRCTL_GNUPLOT");
}

/* A plot that fails leaves what -o named as it was; a device is written
 * to, never replaced or removed. */
static void test_output_never_destroyed(void **state)
{
    (void)state;
    char kept[128], dev[128];
    snprintf(kept, sizeof(kept), "%s/kept.png", fixture_tmp);
    fixture_precious(kept);
    setenv("TPRCTL_GNUPLOT", "false", 1);
    tprctl_result r = run_tprctl("--db", fixture_db, "plot", "3", "-o", kept, NULL);
    unsetenv("TPRCTL_GNUPLOT");
    assert_int_equal(r.status, 1);
    tprctl_result_free(&r);
    fixture_expect_precious(kept, fixture_tmp);

    /* Devices (root only): the null device takes the picture, the full one
     * fails with the reason; both stay devices. */
    snprintf(dev, sizeof(dev), "%s/null", fixture_tmp);
    fixture_mem_device(dev, 3);
    r = run_tprctl("--db", fixture_db, "plot", "3", "-o", dev, NULL);
    assert_int_equal(r.status, 0);
    tprctl_result_free(&r);
    assert_true(fixture_is_device(dev));
    snprintf(dev, sizeof(dev), "%s/full", fixture_tmp);
    fixture_expect_full_device(
        dev, (const char *const[]){"--db", fixture_db, "plot-progress", "alice", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_plot),
        cmocka_unit_test(test_progress_plot),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_output_never_destroyed),
    };
    return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
