/* Opening the store and closing sessions: a database of an older schema is
 * upgraded and keeps its rows, one from a newer tprd is refused with a
 * message naming the file and both versions; each of the four ways a
 * session ends is stored with the repetition in progress marked cut short;
 * a session whose process died is marked interrupted by the next start,
 * ending at its last recorded tick; the drop counter reaches the row. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core.h"
#include "schema.h"
#include "store_fixture.h"

static tpr_routine routine;
static tpr_summary summary; /* the session's, as the loop keeps it */

/* Push n ticks 1 ms apart from t_us, pressing the tip in at kpa, through
 * the real core so the outputs are what the loop would hand over. */
static void push_ticks(tpr_recorder *r, tpr_core *core, int64_t *t_us, int n, float kpa)
{
    for (int i = 0; i < n; i++, *t_us += 1000) {
        tpr_sample s = {.t_us = *t_us, .kpa = kpa, .ok = true};
        tpr_output o;
        tpr_core_step(core, *t_us, &s, &o);
        tpr_summary_step(&summary, *t_us, &o, &routine.dose[o.muscle]);
        tpr_recorder_push(r, *t_us, &s, &o);
    }
}

static tpr_recorder *start(const scratch *dir, char *err, size_t errlen)
{
    tpr_session_info info = fixture_info(&routine, 1);
    info.summary = &summary;
    tpr_summary_init(&summary);
    return tpr_recorder_start(dir->db, &info, err, errlen);
}

static void core_start(tpr_core *core)
{
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    assert_int_equal(tpr_core_init(core, &cfg, &routine), 0);
}

static void test_end_reasons(void **state)
{
    (void)state;
    static const tpr_session_end ends[] = {TPR_END_COMPLETED, TPR_END_STOPPED, TPR_END_FAULT,
                                           TPR_END_TERMINATED};
    scratch dir;
    scratch_make(&dir);
    char err[256], sql[160], buf[64];
    for (size_t i = 0; i < 4; i++) {
        tpr_recorder *r = start(&dir, err, sizeof(err));
        assert_non_null(r);
        static tpr_core core;
        core_start(&core);
        int64_t t = 1000000;
        push_ticks(r, &core, &t, 3000, 200.0f); /* in the band, hold under way */
        assert_int_equal(tpr_recorder_finish(r, ends[i], err, sizeof(err)), 0);
        sqlite3 *db = db_check_open(dir.db);
        snprintf(sql, sizeof(sql), "SELECT end_reason FROM sessions WHERE id = %zu", i + 1);
        assert_string_equal(db_text(db, sql, buf, sizeof(buf)), tpr_session_end_name(ends[i]));
        snprintf(sql, sizeof(sql), "SELECT ended_at IS NOT NULL FROM sessions WHERE id = %zu",
                 i + 1);
        assert_int_equal(db_int(db, sql), 1);
        /* The repetition was cut short: written, but not complete. */
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM segments WHERE session_id = %zu AND complete = 0"
                 " AND done_reason = 'none' AND in_band_ms > 500",
                 i + 1);
        assert_int_equal(db_int(db, sql), 1);
        sqlite3_close(db);
    }
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT count(*) FROM users"), 1); /* upserted by name */
    assert_int_equal(db_int(db, "SELECT count(DISTINCT end_reason) FROM sessions"), 4);
    sqlite3_close(db);
    scratch_remove(&dir);
}

/* Trace points committed so far, read as tprctl would (-1: unreadable). */
static int64_t points_committed(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT coalesce(sum(points), 0) FROM trace_chunks", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* A child records, waits until its batches are committed, and dies
 * without finishing, as under kill -9. */
static void crash_mid_session(const scratch *dir, int ticks)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[256];
        tpr_recorder *r = start(dir, err, sizeof(err));
        if (!r)
            _exit(1);
        static tpr_core core;
        core_start(&core);
        int64_t t = 5000000;
        push_ticks(r, &core, &t, ticks, 200.0f);
        /* One batch every 2 s: all of it committed within a few. */
        for (int i = 0; i < 200 && points_committed(dir->db) < ticks; i++)
            usleep(50000);
        raise(SIGKILL);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_interrupted(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    crash_mid_session(&dir, 2500);
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE ended_at IS NULL"), 1);
    assert_int_equal(db_int(db, "SELECT sum(points) FROM trace_chunks"), 2500);
    sqlite3_close(db);

    char err[256], buf[64];
    tpr_recorder *r = start(&dir, err, sizeof(err));
    assert_non_null(r);
    db = db_check_open(dir.db);
    assert_string_equal(
        db_text(db, "SELECT end_reason FROM sessions WHERE id = 1", buf, sizeof(buf)),
        "interrupted");
    /* It ended at its last recorded tick: 2499 ms after its first. */
    assert_int_equal(db_int(db, "SELECT ended_at - started_at FROM sessions WHERE id = 1"), 2499);
    /* The new session is the one still open. */
    assert_int_equal(db_int(db, "SELECT id FROM sessions WHERE ended_at IS NULL"), 2);
    sqlite3_close(db);
    assert_int_equal(tpr_recorder_finish(r, TPR_END_STOPPED, err, sizeof(err)), 0);
    scratch_remove(&dir);
}

/* A database as the first tprd with a store wrote it: schema version 1. */
static void write_v1(const scratch *dir)
{
    sqlite3 *db = db_check_open(dir->db);
    db_exec(db, tpr_store_migrations[0]);
    db_exec(db, "PRAGMA user_version = 1;"
                "INSERT INTO users(name) VALUES ('tester');"
                "INSERT INTO sessions(user_id, routine, started_at, ended_at, end_reason,"
                " rate_hz, trace_rate_hz, samples_dropped) VALUES (1, 'old', 1000, 2000,"
                " 'completed', 1000, 1000, 3);");
    sqlite3_close(db);
}

static void test_upgrade(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    write_v1(&dir);
    char err[256], buf[64];
    tpr_recorder *r = start(&dir, err, sizeof(err));
    assert_non_null(r);
    assert_int_equal(tpr_recorder_finish(r, TPR_END_COMPLETED, err, sizeof(err)), 0);
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "PRAGMA user_version"), tpr_store_schema_version);
    assert_true(tpr_store_schema_version >= 2);
    /* The old rows are there, with the new column's default. */
    assert_string_equal(db_text(db, "SELECT routine FROM sessions WHERE id = 1", buf, sizeof(buf)),
                        "old");
    assert_int_equal(db_int(db, "SELECT samples_dropped FROM sessions WHERE id = 1"), 3);
    assert_int_equal(db_int(db, "SELECT events_dropped FROM sessions WHERE id = 1"), 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM users"), 1); /* same user */
    assert_int_equal(db_int(db, "SELECT user_id FROM sessions WHERE id = 2"), 1);
    sqlite3_close(db);
    scratch_remove(&dir);
}

/* A database of schema version 3 (before the loop timing columns) with one
 * session: upgraded in place, its old row without figures (NULL), the new
 * session's row with the loop timing handed to the recorder. */
static void test_upgrade_adds_loop_timing(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    db_make_version3(dir.db);
    char err[256];
    tpr_recorder *r = start(&dir, err, sizeof(err));
    assert_non_null(r);
    tpr_session_loop t = {.overruns = 2,
                          .lat_min_us = 3,
                          .lat_p50_us = 8,
                          .lat_p99_us = 41,
                          .lat_p999_us = 130,
                          .lat_max_us = 2100,
                          .run_p99_us = 6,
                          .run_max_us = 55};
    tpr_recorder_loop_timing(r, &t);
    assert_int_equal(tpr_recorder_finish(r, TPR_END_COMPLETED, err, sizeof(err)), 0);
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "PRAGMA user_version"), tpr_store_schema_version);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE id = 1 AND"
                                " loop_lat_p99_us IS NULL AND loop_overruns IS NULL"),
                     1);
    assert_int_equal(db_int(db, "SELECT loop_overruns FROM sessions WHERE id = 2"), 2);
    assert_int_equal(db_int(db, "SELECT loop_lat_min_us FROM sessions WHERE id = 2"), 3);
    assert_int_equal(db_int(db, "SELECT loop_lat_p50_us FROM sessions WHERE id = 2"), 8);
    assert_int_equal(db_int(db, "SELECT loop_lat_p99_us FROM sessions WHERE id = 2"), 41);
    assert_int_equal(db_int(db, "SELECT loop_lat_p999_us FROM sessions WHERE id = 2"), 130);
    assert_int_equal(db_int(db, "SELECT loop_lat_max_us FROM sessions WHERE id = 2"), 2100);
    assert_int_equal(db_int(db, "SELECT loop_run_p99_us FROM sessions WHERE id = 2"), 6);
    assert_int_equal(db_int(db, "SELECT loop_run_max_us FROM sessions WHERE id = 2"), 55);
    sqlite3_close(db);
    scratch_remove(&dir);
}

static void test_newer_refused(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    write_v1(&dir);
    sqlite3 *db = db_check_open(dir.db);
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", tpr_store_schema_version + 5);
    db_exec(db, sql);
    sqlite3_close(db);

    char err[256], want[256];
    assert_null(start(&dir, err, sizeof(err)));
    snprintf(want, sizeof(want),
             "%s: written by a newer tprd (schema version %d; this tprd knows up to %d)", dir.db,
             tpr_store_schema_version + 5, tpr_store_schema_version);
    assert_string_equal(err, want);
    /* Untouched: no session was added to it. */
    db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions"), 1);
    sqlite3_close(db);
    scratch_remove(&dir);
}

static void test_drops_stored(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    tpr_session_info info = fixture_info(&routine, 1);
    info.summary = &summary;
    tpr_summary_init(&summary);
    info.ring_ticks = 128; /* 64 for samples, 64 more for events */
    char err[256];
    tpr_recorder *r = tpr_recorder_start(dir.db, &info, err, sizeof(err));
    assert_non_null(r);
    static tpr_core core;
    core_start(&core);
    int64_t t = 1000000;
    /* Far faster than the recorder's 100 ms rounds: most samples are dropped,
     * and each is counted. */
    push_ticks(r, &core, &t, 5000, 200.0f);
    uint64_t dropped = tpr_recorder_dropped(r);
    assert_true(dropped > 0);
    assert_int_equal(tpr_recorder_events_lost(r), 0);
    assert_int_equal(tpr_recorder_finish(r, TPR_END_STOPPED, err, sizeof(err)), 0);
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT samples_dropped FROM sessions"), dropped);
    /* Stored plus dropped is every tick; the contact and hold events are all there. */
    assert_int_equal(db_int(db, "SELECT sum(points) FROM trace_chunks") + (int64_t)dropped, 5000);
    assert_int_equal(db_int(db, "SELECT count(*) FROM events WHERE type = 'hold_start'"), 1);
    /* The repetition stored is the loop's summary, whatever ticks the ring
     * dropped: the hold and the mean pressure of every tick. */
    assert_int_equal(db_int(db, "SELECT count(*) FROM segments"), 1);
    assert_int_equal(db_int(db, "SELECT in_band_ms FROM segments"), summary.seg[0].in_band_ms);
    assert_int_equal(db_int(db, "SELECT end_ms FROM segments"),
                     (summary.seg[0].end_us - 1000000) / 1000);
    assert_int_equal(db_int(db, "SELECT mean_kpa * 1000 FROM segments"),
                     (int64_t)((double)summary.seg[0].mean_kpa * 1000));
    sqlite3_close(db);
    scratch_remove(&dir);
}

int main(void)
{
    fixture_routine(&routine, 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_end_reasons),
        cmocka_unit_test(test_interrupted),
        cmocka_unit_test(test_upgrade),
        cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_upgrade_adds_loop_timing),
        cmocka_unit_test(test_drops_stored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
