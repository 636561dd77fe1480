/* tprctl watch's frame for a fixed snapshot, character for character: the
 * frame in watch_frame.txt, which the README shows as well (checked here,
 * so the README's picture is what tprctl draws). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sample_snapshot.h"
#include "watch_view.h"

/* The frame for s, as a string the caller frees. */
static char *frame(const tpr_ctl_snapshot *s)
{
    char buf[4096] = "";
    FILE *m = fmemopen(buf, sizeof(buf), "w");
    assert_non_null(m);
    tprctl_watch_frame(m, s);
    fclose(m);
    return strdup(buf);
}

static char *slurp(const char *rel)
{
    const char *src = getenv("TPRD_SOURCE_DIR");
    assert_non_null(src);
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", src, rel);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static void frame_matches_capture_and_readme(void **state)
{
    (void)state;
    tpr_ctl_snapshot s = sample_snapshot();
    char *got = frame(&s);
    char *want = slurp("tests/tprctl/watch_frame.txt");
    if (strcmp(got, want) != 0) {
        FILE *f = fopen("watch_frame.got", "w");
        if (f) {
            fputs(got, f);
            fclose(f);
        }
        fail_msg("frame differs from watch_frame.txt (this one is in watch_frame.got):\n%s", got);
    }
    int lines = 0;
    for (const char *p = got; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, TPRCTL_WATCH_LINES);
    char *readme = slurp("README.md");
    if (!strstr(readme, want))
        fail_msg("README.md does not show the frame of watch_frame.txt");
    free(got);
    free(want);
    free(readme);
}

static void bars_at_their_ends(void **state)
{
    (void)state;
    tpr_ctl_snapshot s = sample_snapshot();
    s.filtered_kpa = NAN;
    s.raw_kpa = NAN;
    char *got = frame(&s);
    assert_non_null(strstr(got, "]  no signal\n"));
    assert_non_null(strstr(got, "raw -\n"));
    char *pressure = strstr(got, "pressure   ["), *end = strchr(pressure, '\n');
    *end = '\0';
    assert_null(strstr(pressure, "\u2588")); /* nothing filled */
    free(got);

    s = sample_snapshot();
    s.filtered_kpa = 500; /* far past the limit and the scale */
    s.state = TPR_STATE_OVER;
    snprintf(s.cue, sizeof(s.cue), "%s", tpr_ctl_cue(&s));
    got = frame(&s);
    assert_non_null(strstr(got, "\u2503\u2588")); /* filled beyond the limit mark */
    assert_non_null(strstr(got, ">]  500.0 kPa"));
    assert_non_null(strstr(got, ">> too hard: ease off\n"));
    free(got);

    s = sample_snapshot();
    s.hold_ms = 70000; /* past the target: following a release */
    got = frame(&s);
    assert_non_null(strstr(got, "70.0 of 60 s, following the release up to 90 s"));
    free(got);
}

static void a_measurement_shows_rate_and_trials(void **state)
{
    (void)state;
    tpr_ctl_snapshot s = sample_snapshot();
    snprintf(s.mode, sizeof(s.mode), "measure");
    s.state = TPR_STATE_CONTACT;
    s.ppt_rate_kpa_s = 92;
    s.ppt_target_kpa_s = 100;
    s.ppt_trials = 1;
    s.ppt_reliable = 1;
    s.ppt_last_kpa = 281;
    snprintf(s.ppt_last_result, sizeof(s.ppt_last_result), "ok");
    char *got = frame(&s);
    assert_non_null(strstr(got, "\nrate       92 kPa/s, target 100 kPa/s\n"));
    assert_non_null(strstr(got, "\ntrials     1 done, 1 of 3 reliable, last ok at 281 kPa\n"));
    assert_null(strstr(got, "intensity")); /* the motor never runs in one */
    int lines = 0;
    for (const char *p = got; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, TPRCTL_WATCH_LINES); /* redrawn in place like any frame */
    free(got);

    s.ppt_trials = 2;
    s.ppt_last_kpa = NAN;
    s.ppt_rate_kpa_s = NAN;
    snprintf(s.ppt_last_result, sizeof(s.ppt_last_result), "lifted");
    got = frame(&s);
    assert_non_null(strstr(got, "\nrate       -, target 100 kPa/s\n"));
    assert_non_null(strstr(got, "2 done, 1 of 3 reliable, last lifted\n"));
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frame_matches_capture_and_readme),
        cmocka_unit_test(bars_at_their_ends),
        cmocka_unit_test(a_measurement_shows_rate_and_trials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
