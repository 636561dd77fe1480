/* What the spool does when the database refuses a batch: the trace of that
 * batch is dropped and counted (ticks and time), the small rows are tried
 * again without it; when even they are refused, events and repetitions are
 * kept and written with the first batch that goes through, up to the
 * documented bound; the session row carries the counts; an end that
 * cannot be written is reported. Refusals are made with SQLite itself: a
 * page limit (a full disk) and query_only (nothing at all can be written). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "db_setup.h"
#include "spool.h"
#include "store_fixture.h"

typedef struct fixture {
    scratch dir;
    sqlite3 *db;
    tpr_routine routine;
    tpr_spool spool;
    tpr_summary sum; /* the loop's summary, stepped with the ticks */
    int64_t t_us;    /* next tick's loop time */
    uint64_t seq;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    scratch_make(&f->dir);
    char err[256];
    f->db = tpr_db_open(f->dir.db, err, sizeof(err));
    assert_non_null(f->db);
    fixture_routine(&f->routine, 1);
    int64_t user = tpr_db_user_id(f->db, "tester", err, sizeof(err));
    assert_true(user > 0);
    assert_int_equal(tpr_spool_open(&f->spool, f->db, &f->routine, &f->sum, 1000, 1, user, "test",
                                    0, err, sizeof(err)),
                     0);
    tpr_summary_init(&f->sum);
    f->t_us = 5000000;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tpr_spool_close(&f->spool);
    sqlite3_close(f->db);
    scratch_remove(&f->dir);
    free(f);
    return 0;
}

/* n ticks 1 ms apart of repetition rep in contact; every every-th carries
 * a too_hard event (0: none). */
static void ticks(fixture *f, int n, uint32_t rep, int every)
{
    for (int i = 0; i < n; i++, f->t_us += 1000) {
        tpr_tick t = {
            .t_us = f->t_us,
            .seq = f->seq++,
            .kpa = 200.0f,
            .filtered_kpa = 200.0f,
            .intensity_pct = 40.0f,
            .events = every && i % every == 0 ? TPR_EV_TOO_HARD : 0,
            .rep = rep,
            .state = TPR_STATE_HOLD,
            .ok = 1,
        };
        tpr_output o = {.filtered_kpa = t.filtered_kpa,
                        .intensity_pct = t.intensity_pct,
                        .state = TPR_STATE_HOLD,
                        .events = t.events,
                        .rep = rep};
        tpr_summary_step(&f->sum, t.t_us, &o, &f->routine.dose[0]);
        tpr_spool_tick(&f->spool, &t);
    }
}

/* Commit as the recorder does: the segments the summary moved past. */
static int commit(fixture *f, uint64_t ring_dropped, uint64_t ring_events)
{
    uint32_t final = f->sum.count ? f->sum.count - 1 : 0;
    return tpr_spool_commit(&f->spool, final, ring_dropped, ring_events);
}

static int64_t count(fixture *f, const char *sql)
{
    return db_int(f->db, sql);
}

/* What the database holds: trace points, events, and the session's gap. */
static void expect_stored(fixture *f, int64_t points, int64_t events, int64_t gap_ticks,
                          int64_t gap_ms)
{
    assert_int_equal(count(f, "SELECT total(points) FROM trace_chunks"), points);
    assert_int_equal(count(f, "SELECT count(*) FROM events"), events);
    assert_int_equal(count(f, "SELECT trace_gap_ticks FROM sessions"), gap_ticks);
    assert_int_equal(count(f, "SELECT trace_gap_ms FROM sessions"), gap_ms);
}

static void pragma(fixture *f, const char *sql)
{
    db_exec(f->db, sql);
}

static void test_full_disk_drops_trace_keeps_rows(void **state)
{
    fixture *f = *state;
    ticks(f, 200, 1, 50);
    assert_int_equal(commit(f, 0, 0), 0);
    expect_stored(f, 200, 4, 0, 0);

    /* The disk is full: no new page. The trace of 3000 ticks is refused,
     * the four events still fit and are written, the gap is counted. */
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
             (long long)count(f, "PRAGMA page_count"));
    pragma(f, sql);
    ticks(f, 3000, 1, 750);
    assert_int_equal(commit(f, 0, 0), -1);
    assert_true(f->spool.failing);
    assert_non_null(strstr(f->spool.error, "full"));
    expect_stored(f, 200, 8, 3000, 3000);

    /* Space again: the next batch goes through whole. */
    pragma(f, "PRAGMA max_page_count = 1000000");
    ticks(f, 100, 1, 0);
    assert_int_equal(commit(f, 0, 0), 0);
    assert_false(f->spool.failing);
    expect_stored(f, 300, 8, 3000, 3000);
}

static void test_nothing_written_keeps_events_and_segments(void **state)
{
    fixture *f = *state;
    ticks(f, 100, 1, 0);
    assert_int_equal(commit(f, 0, 0), 0);

    /* Nothing can be written: two batches, events of both, and repetition
     * 1 ending (rep 2 starts) are kept; the ring's counts wait too. */
    pragma(f, "PRAGMA query_only = 1");
    ticks(f, 500, 1, 100);
    assert_int_equal(commit(f, 3, 1), -1);
    ticks(f, 500, 2, 100);
    assert_int_equal(commit(f, 5, 1), -1);
    assert_int_equal(f->spool.nevents, 10);
    expect_stored(f, 100, 0, 0, 0);
    assert_int_equal(count(f, "SELECT count(*) FROM segments"), 0);
    assert_int_equal(count(f, "SELECT samples_dropped FROM sessions"), 0);

    pragma(f, "PRAGMA query_only = 0");
    ticks(f, 100, 2, 0);
    assert_int_equal(commit(f, 5, 1), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE type = 'too_hard'"), 10);
    assert_int_equal(count(f, "SELECT count(*) FROM events WHERE detail = 'vastus_lateralis#2'"),
                     5);
    assert_int_equal(count(f, "SELECT count(*) FROM segments WHERE rep = 1"), 1);
    expect_stored(f, 200, 10, 1000, 1000);
    assert_int_equal(count(f, "SELECT samples_dropped FROM sessions"), 5);
    assert_int_equal(count(f, "SELECT events_dropped FROM sessions"), 1);
}

static void test_events_beyond_the_bound_are_counted(void **state)
{
    fixture *f = *state;
    pragma(f, "PRAGMA query_only = 1");
    ticks(f, TPR_SPOOL_EVENTS + 30, 1, 1);
    assert_int_equal(commit(f, 0, 0), -1);
    assert_int_equal(f->spool.lost.event_ticks, 30);
    pragma(f, "PRAGMA query_only = 0");
    assert_int_equal(commit(f, 0, 2), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM events"), TPR_SPOOL_EVENTS);
    assert_int_equal(count(f, "SELECT events_dropped FROM sessions"), 32);
}

static void test_end_refused_then_written(void **state)
{
    fixture *f = *state;
    ticks(f, 300, 1, 100);
    pragma(f, "PRAGMA query_only = 1");
    assert_int_equal(tpr_spool_finish(&f->spool, 1234, "stopped", 0, 0), -1);
    assert_int_equal(count(f, "SELECT ended_at IS NULL FROM sessions"), 1);
    pragma(f, "PRAGMA query_only = 0");
    assert_int_equal(tpr_spool_finish(&f->spool, 1234, "stopped", 0, 0), 0);
    char buf[32];
    assert_string_equal(db_text(f->db, "SELECT end_reason FROM sessions", buf, sizeof(buf)),
                        "stopped");
    /* The segment cut short and the events were kept for the end. */
    assert_int_equal(count(f, "SELECT count(*) FROM segments WHERE complete = 0"), 1);
    expect_stored(f, 0, 3, 300, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_disk_drops_trace_keeps_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nothing_written_keeps_events_and_segments, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_events_beyond_the_bound_are_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_end_refused_then_written, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
