/* Retention: traces of sessions older than keep_traces days go, then the
 * oldest traces until all of them fit the cap; the sessions, segments and
 * events stay, and the sessions are marked trace_pruned. The recorder
 * applies it when a session starts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "db_setup.h"
#include "retention.h"
#include "store_fixture.h"

#define DAY_MS 86400000LL
#define SESSION_BYTES (3 * 1000 * 16) /* three chunks of 1000 points */

/* Sessions started this many days ago; the first has no trace at all. */
static const int ages[] = {200, 100, 40, 10, 1};
#define NSESSIONS 5

static int64_t now_ms;

static void fill(const scratch *dir)
{
    char err[256];
    sqlite3 *db = tpr_db_open(dir->db, err, sizeof(err));
    assert_non_null(db);
    db_exec(db, "INSERT INTO users(name) VALUES ('tester')");
    for (int i = 0; i < NSESSIONS; i++) {
        char sql[512];
        int64_t started = now_ms - ages[i] * DAY_MS;
        snprintf(sql, sizeof(sql),
                 "INSERT INTO sessions(id, user_id, routine, started_at, ended_at, end_reason,"
                 " rate_hz, trace_rate_hz) VALUES (%d, 1, 'r', %lld, %lld, 'completed', 1000,"
                 " 1000);"
                 "INSERT INTO segments(session_id, muscle, rep, start_ms, end_ms, in_band_ms,"
                 " over_ms, hold_target_ms, band_min_kpa, band_max_kpa, limit_kpa, released,"
                 " complete) VALUES (%d, 'soleus', 1, 0, 3000, 2000, 0, 2000, 1, 2, 3, 0, 1);"
                 "INSERT INTO events(session_id, t_ms, type) VALUES (%d, 5, 'contact');",
                 i + 1, (long long)started, (long long)started + 3000, i + 1, i + 1);
        db_exec(db, sql);
        for (int c = 0; i > 0 && c < 3; c++) {
            snprintf(sql, sizeof(sql),
                     "INSERT INTO trace_chunks(session_id, t0_us, points, data)"
                     " VALUES (%d, %d, 1000, zeroblob(16000))",
                     i + 1, c * 1000000);
            db_exec(db, sql);
        }
    }
    sqlite3_close(db);
}

static void expect_traces(const scratch *dir, const int *has_trace)
{
    sqlite3 *db = db_check_open(dir->db);
    for (int i = 0; i < NSESSIONS; i++) {
        char sql[128];
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM trace_chunks WHERE session_id = %d",
                 i + 1);
        assert_int_equal(db_int(db, sql), has_trace[i] ? 3 : 0);
        snprintf(sql, sizeof(sql), "SELECT trace_pruned FROM sessions WHERE id = %d", i + 1);
        /* Marked only where a trace was removed (the first never had one). */
        assert_int_equal(db_int(db, sql), i > 0 && !has_trace[i]);
    }
    /* Summaries are kept forever. */
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions"), NSESSIONS);
    assert_int_equal(db_int(db, "SELECT count(*) FROM segments"), NSESSIONS);
    assert_int_equal(db_int(db, "SELECT count(*) FROM events"), NSESSIONS);
    sqlite3_close(db);
}

static int prune(const scratch *dir, uint32_t days, uint64_t bytes)
{
    char err[256];
    sqlite3 *db = tpr_db_open(dir->db, err, sizeof(err));
    assert_non_null(db);
    tpr_retention keep = {.keep_days = days, .max_bytes = bytes};
    int n = tpr_retention_prune(db, &keep, now_ms, err, sizeof(err));
    sqlite3_close(db);
    return n;
}

static int setup(void **state)
{
    static scratch dir;
    now_ms = tpr_db_now_ms();
    scratch_make(&dir);
    fill(&dir);
    *state = &dir;
    return 0;
}

static int teardown(void **state)
{
    scratch_remove(*state);
    return 0;
}

static void test_nothing_to_do(void **state)
{
    const scratch *dir = *state;
    assert_int_equal(prune(dir, 0, 0), 0); /* no limits */
    assert_int_equal(prune(dir, 365, 0), 0);
    assert_int_equal(prune(dir, 0, 4 * SESSION_BYTES), 0); /* fits exactly */
    expect_traces(dir, (const int[]){0, 1, 1, 1, 1});
}

static void test_by_age(void **state)
{
    const scratch *dir = *state;
    assert_int_equal(prune(dir, 30, 0), 2);
    expect_traces(dir, (const int[]){0, 0, 0, 1, 1});
    assert_int_equal(prune(dir, 30, 0), 0); /* done once */
}

static void test_by_size(void **state)
{
    const scratch *dir = *state;
    /* 4 traces, room for 2.5: the two oldest go. */
    assert_int_equal(prune(dir, 0, SESSION_BYTES * 5 / 2), 2);
    expect_traces(dir, (const int[]){0, 0, 0, 1, 1});
    assert_int_equal(prune(dir, 0, 1), 2);
    expect_traces(dir, (const int[]){0, 0, 0, 0, 0});
}

static void test_age_then_size(void **state)
{
    const scratch *dir = *state;
    /* Age takes the 100-day one; the cap then the 40-day one. */
    assert_int_equal(prune(dir, 60, 2 * SESSION_BYTES), 2);
    expect_traces(dir, (const int[]){0, 0, 0, 1, 1});
}

static void test_at_recorder_start(void **state)
{
    const scratch *dir = *state;
    tpr_routine r;
    fixture_routine(&r, 1);
    tpr_session_info info = fixture_info(&r, 1);
    info.keep_days = 5;
    char err[256];
    tpr_recorder *rec = tpr_recorder_start(dir->db, &info, err, sizeof(err));
    if (!rec)
        fail_msg("%s", err);
    assert_int_equal(tpr_recorder_finish(rec, TPR_END_STOPPED, err, sizeof(err)), 0);
    sqlite3 *db = db_check_open(dir->db);
    assert_int_equal(db_int(db, "SELECT count(DISTINCT session_id) FROM trace_chunks"), 1);
    assert_int_equal(db_int(db, "SELECT session_id FROM trace_chunks LIMIT 1"), 5);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE trace_pruned = 1"), 3);
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nothing_to_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_by_age, setup, teardown),
        cmocka_unit_test_setup_teardown(test_by_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_age_then_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_at_recorder_start, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
