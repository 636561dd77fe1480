/* tprctl export ID --csv: every trace point comes back exactly as it was
 * encoded (time to the microsecond, floats bit for bit, NaN as an empty
 * field), events with CSV quoting, the file and directory outputs, a
 * pruned trace refused with a reason, and what -o named never destroyed. */
#include <math.h>
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
#include <sqlite3.h>

#include "schema.h"
#include "tpr_types.h"
#include "tprctl_fixture.h"

/* Point i as the database holds it (intensity in 0.01 % steps). */
static tpr_trace_point stored(size_t i)
{
    tpr_trace_point p = fixture_point(i);
    uint8_t buf[TPR_TRACE_POINT_BYTES];
    tpr_trace_encode(&p, 1, 0, buf);
    return tpr_trace_decode(buf, 0, 0);
}

/* A CSV float field: empty is NaN; the text must read back to v exactly. */
static void expect_float(const char *field, float v, size_t row)
{
    if (isnan(v)) {
        if (*field)
            fail_msg("row %zu: '%s' for a missing value", row, field);
        return;
    }
    char *end;
    float got = strtof(field, &end);
    if (end == field || memcmp(&got, &v, sizeof(v)) != 0)
        fail_msg("row %zu: '%s' is not %.9g", row, field, (double)v);
}

static void check_trace_csv(const char *csv)
{
    assert_int_equal(line_count(csv), FIXTURE_TRACE_POINTS + 1);
    char *header = line_of(csv, 0);
    assert_string_equal(header, "t_ms,pressure_kpa,filtered_kpa,intensity_pct,state,ok");
    free(header);
    for (size_t i = 0; i < FIXTURE_TRACE_POINTS; i++) {
        char *row = line_of(csv, i + 1);
        tpr_trace_point p = stored(i);
        char *field[6], *s = row;
        /* strsep keeps empty fields, which strtok would skip. */
        for (int f = 0; f < 6; f++)
            field[f] = strsep(&s, ",");
        assert_null(s);
        double t_ms = strtod(field[0], NULL);
        assert_int_equal((int64_t)llround(t_ms * 1000.0), p.t_us);
        expect_float(field[1], p.kpa, i);
        expect_float(field[2], p.filtered_kpa, i);
        expect_float(field[3], p.intensity_pct, i);
        assert_string_equal(field[4], tpr_state_name((tpr_state)p.state));
        assert_string_equal(field[5], p.ok ? "1" : "0");
        free(row);
    }
}

static void test_trace_to_stdout_exactly(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "export", "3", "--csv", NULL);
    assert_int_equal(r.status, 0);
    check_trace_csv(r.out);
    /* The odd microseconds and a failed read are there in text too. */
    assert_non_null(strstr(r.out, "\n20.001,"));
    assert_non_null(strstr(r.out, "\n100.002,,,1.85,idle,0\n"));
    tprctl_result_free(&r);
}

static void test_events_quoted(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "export", "4", "--csv", "--events", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "t_ms,type,detail\n"
                               "100,contact,\"popliteus#1, \"\"left\"\"\"\n"
                               "200,hold_start,\"a\nb\"\n");
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "export", "3", "--csv", "--events", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\n10500,release,rectus_femoris#1\n10500,done,"));
    assert_non_null(strstr(r.out, "\n20000,sensor_fault,\n"));
    tprctl_result_free(&r);
}

static void test_file_and_directory(void **state)
{
    (void)state;
    char path[256], out_dir[128];
    snprintf(path, sizeof(path), "%s/trace3.csv", fixture_tmp);
    tprctl_result r = run_tprctl("--db", fixture_db, "export", "3", "--csv", "-o", path, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    char *text = fixture_read(path);
    check_trace_csv(text);
    free(text);
    tprctl_result_free(&r);

    snprintf(out_dir, sizeof(out_dir), "%s/s3/", fixture_tmp);
    r = run_tprctl("--db", fixture_db, "export", "3", "--csv", "-o", out_dir, NULL);
    assert_int_equal(r.status, 0);
    tprctl_result_free(&r);
    snprintf(path, sizeof(path), "%strace.csv", out_dir);
    text = fixture_read(path);
    check_trace_csv(text);
    free(text);
    snprintf(path, sizeof(path), "%sevents.csv", out_dir);
    text = fixture_read(path);
    assert_int_equal(line_count(text), 8);
    assert_non_null(strstr(text, "38000,routine_done,vastus_lateralis#2\n"));
    free(text);
}

static void test_pruned_and_usage(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof(path), "%s/trace1.csv", fixture_tmp);
    tprctl_result r = run_tprctl("--db", fixture_db, "export", "1", "--csv", "-o", path, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "session 1 in"));
    assert_non_null(strstr(r.err, "the trace was removed by retention"));
    assert_int_equal(access(path, F_OK), -1);
    tprctl_result_free(&r);
    /* Its events stay. */
    r = run_tprctl("--db", fixture_db, "export", "1", "--csv", "--events", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "t_ms,type,detail\n24000,release,vastus_lateralis#1\n");
    tprctl_result_free(&r);

    r = run_tprctl("--db", fixture_db, "export", "3", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--csv"));
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "export", "3", "--csv", "--events", "-o", fixture_tmp, NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "is a directory"));
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "export", "9", "--csv", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no session 9 in"));
    tprctl_result_free(&r);
}

/* Output that fails never destroys what -o named: an existing file keeps
 * its content when the export stops half-way (a damaged chunk), a device
 * whose write fails stays a device, and a FIFO is streamed to. */
static void test_output_never_destroyed(void **state)
{
    (void)state;
    char dir[80], db[96], kept[128], fifo[128], got[128], cmd[400];
    snprintf(dir, sizeof(dir), "%s/out", fixture_tmp);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(db, sizeof(db), "%s/damaged.db", dir);
    fixture_build(db, tpr_store_schema_version);
    sqlite3 *h;
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h,
                                  "UPDATE trace_chunks SET points = points + 1 WHERE t0_us ="
                                  " (SELECT max(t0_us) FROM trace_chunks)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    snprintf(kept, sizeof(kept), "%s/kept.csv", dir);
    fixture_precious(kept);
    tprctl_result r = run_tprctl("--db", db, "export", "3", "--csv", "-o", kept, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "is damaged"));
    tprctl_result_free(&r);
    fixture_expect_precious(kept, dir);

    /* A FIFO: written to as it is, the reader gets the whole CSV. */
    snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
    snprintf(got, sizeof(got), "%s/got.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    snprintf(cmd, sizeof(cmd), "cat '%s' > '%s'", fifo, got);
    FILE *reader = popen(cmd, "w");
    assert_non_null(reader);
    r = run_tprctl("--db", fixture_db, "export", "3", "--csv", "-o", fifo, NULL);
    assert_int_equal(pclose(reader), 0);
    assert_int_equal(r.status, 0);
    tprctl_result_free(&r);
    char *text = fixture_read(got);
    check_trace_csv(text);
    free(text);
    struct stat sb;
    assert_int_equal(lstat(fifo, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));

    /* The full device (root only): a clear error, and the node stays. */
    char full[128];
    snprintf(full, sizeof(full), "%s/full", dir);
    fixture_expect_full_device(
        full, (const char *const[]){"--db", fixture_db, "export", "3", "--csv", NULL});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_to_stdout_exactly), cmocka_unit_test(test_events_quoted),
        cmocka_unit_test(test_file_and_directory),      cmocka_unit_test(test_pruned_and_usage),
        cmocka_unit_test(test_output_never_destroyed),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
