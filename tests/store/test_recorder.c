/* The recorder round trip: a whole session run through the real core is
 * pushed tick by tick, and what the database holds afterwards is read back
 * with plain SQLite: the session row, the segments exactly as tpr_summary
 * computed them, every event, and the trace decoded point for point (every
 * tick, or every Nth plus the ticks with events). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core.h"
#include "store_fixture.h"
#include "summary.h"
#include "trace_chunk.h"
#include "trace_gen.h"

#define MAX_TICKS 150000
#define T_START 7000000 /* loop time of the first tick, µs */

/* What was pushed, to compare the database with. */
typedef struct pushed {
    size_t n;
    int64_t t_us[MAX_TICKS];
    tpr_sample s[MAX_TICKS];
    tpr_output o[MAX_TICKS];
    tpr_summary sum;
    tpr_routine routine;
} pushed;

/* Run the core over trace_gen's hand on two muscles until the routine is
 * done, pushing every tick; a failed read at one tick gives a NaN sample and
 * a fault event. */
static void run_session(pushed *p, tpr_recorder *r)
{
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    static tpr_core core;
    assert_int_equal(tpr_core_init(&core, &cfg, &p->routine), 0);
    tpr_summary_init(&p->sum);
    trace_session hand;
    trace_session_for(&hand, &p->routine.dose[0], 1000);
    p->n = 0;
    for (size_t i = 0; i < MAX_TICKS; i++) {
        int64_t t = T_START + (int64_t)i * 1000;
        tpr_sample s = {.t_us = t, .kpa = trace_session_kpa(&hand, (int64_t)i * 1000), .ok = true};
        if (i == 4000)
            s = (tpr_sample){.t_us = t, .kpa = NAN, .ok = false};
        tpr_output o;
        tpr_core_step(&core, t, &s, &o);
        tpr_summary_step(&p->sum, t, &o, &p->routine.dose[o.muscle]);
        tpr_recorder_push(r, t, &s, &o);
        p->t_us[i] = t;
        p->s[i] = s;
        p->o[i] = o;
        p->n++;
        if (o.finished)
            break;
    }
    assert_true(p->o[p->n - 1].finished);
}

static bool same_float(float a, float b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void check_session_row(sqlite3 *db, uint32_t trace_every)
{
    char buf[64];
    assert_int_equal(db_int(db, "SELECT count(*) FROM sessions"), 1);
    assert_string_equal(db_text(db,
                                "SELECT u.name FROM sessions s JOIN users u"
                                " ON u.id = s.user_id",
                                buf, sizeof(buf)),
                        "tester");
    assert_string_equal(db_text(db, "SELECT routine FROM sessions", buf, sizeof(buf)), "test");
    assert_string_equal(db_text(db, "SELECT end_reason FROM sessions", buf, sizeof(buf)),
                        "completed");
    assert_int_equal(db_int(db, "SELECT rate_hz FROM sessions"), 1000);
    assert_int_equal(db_int(db, "SELECT trace_rate_hz FROM sessions"), 1000 / trace_every);
    assert_int_equal(db_int(db, "SELECT samples_dropped + events_dropped FROM sessions"), 0);
    assert_true(db_int(db, "SELECT ended_at >= started_at FROM sessions"));
}

static void check_segments(sqlite3 *db, const pushed *p)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT muscle, rep, start_ms, end_ms, in_band_ms,"
                                        " over_ms, hold_target_ms, peak_kpa, mean_kpa,"
                                        " mean_intensity_pct, released, release_ms, done_reason,"
                                        " complete, band_min_kpa FROM segments ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    uint32_t i = 0;
    for (; sqlite3_step(st) == SQLITE_ROW; i++) {
        assert_true(i < p->sum.count);
        const tpr_segment *g = &p->sum.seg[i];
        const tpr_dose *d = &p->routine.dose[g->muscle];
        assert_string_equal(sqlite3_column_text(st, 0), d->muscle);
        assert_int_equal(sqlite3_column_int64(st, 1), g->rep);
        assert_int_equal(sqlite3_column_int64(st, 2), (g->start_us - T_START) / 1000);
        assert_int_equal(sqlite3_column_int64(st, 3), (g->end_us - T_START) / 1000);
        assert_int_equal(sqlite3_column_int64(st, 4), g->in_band_ms);
        assert_int_equal(sqlite3_column_int64(st, 5), g->over_ms);
        assert_int_equal(sqlite3_column_int64(st, 6), d->hold_ms);
        assert_true(sqlite3_column_double(st, 7) == (double)g->peak_kpa);
        assert_true(sqlite3_column_double(st, 8) == (double)g->mean_kpa);
        assert_true(sqlite3_column_double(st, 9) == (double)g->mean_intensity_pct);
        assert_int_equal(sqlite3_column_int(st, 10), g->released);
        if (g->released)
            assert_int_equal(sqlite3_column_int64(st, 11), g->release_ms);
        else
            assert_int_equal(sqlite3_column_type(st, 11), SQLITE_NULL);
        assert_string_equal(sqlite3_column_text(st, 12),
                            g->reason ? tpr_done_reason_name(g->reason) : "none");
        assert_int_equal(sqlite3_column_int(st, 13), g->complete);
        assert_true(sqlite3_column_double(st, 14) == (double)d->band_min_kpa);
    }
    sqlite3_finalize(st);
    assert_int_equal(i, p->sum.count);
    /* Two muscles, two repetitions each, all of them done. */
    assert_int_equal(i, 4);
    assert_int_equal(db_int(db, "SELECT count(*) FROM segments WHERE complete = 1"), 4);
    assert_int_equal(db_int(db, "SELECT count(DISTINCT muscle) FROM segments"), 2);
}

static void check_events(sqlite3 *db, const pushed *p)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT t_ms, type, detail FROM events"
                                        " ORDER BY rowid",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t rows = 0;
    for (size_t i = 0; i < p->n; i++) {
        for (unsigned b = 0; b < TPR_EV_COUNT; b++) {
            if (!(p->o[i].events & (1u << b)))
                continue;
            char detail[64];
            snprintf(detail, sizeof(detail), "%s#%u", p->routine.dose[p->o[i].muscle].muscle,
                     p->o[i].rep);
            assert_int_equal(sqlite3_step(st), SQLITE_ROW);
            assert_int_equal(sqlite3_column_int64(st, 0), (p->t_us[i] - T_START) / 1000);
            assert_string_equal(sqlite3_column_text(st, 1), tpr_event_name((tpr_event)(1u << b)));
            assert_string_equal(sqlite3_column_text(st, 2), detail);
            rows++;
        }
    }
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_true(rows > 20);
    assert_int_equal(db_int(db, "SELECT count(*) FROM events WHERE type = 'sensor_fault'"), 1);
}

static void check_trace(sqlite3 *db, const pushed *p, uint32_t every)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT t0_us, points, data FROM trace_chunks"
                                        " ORDER BY t0_us",
                                        -1, &st, NULL),
                     SQLITE_OK);
    size_t i = 0, kept = 0; /* next pushed tick to compare */
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t t0 = sqlite3_column_int64(st, 0);
        int points = sqlite3_column_int(st, 1);
        const uint8_t *data = sqlite3_column_blob(st, 2);
        assert_int_equal(sqlite3_column_bytes(st, 2), points * TPR_TRACE_POINT_BYTES);
        for (int k = 0; k < points; k++, i++, kept++) {
            while (i < p->n && i % every && !p->o[i].events)
                i++;
            assert_true(i < p->n);
            tpr_trace_point pt = tpr_trace_decode(data, (size_t)k, t0);
            assert_int_equal(pt.t_us, p->t_us[i] - T_START);
            assert_true(same_float(pt.kpa, p->s[i].kpa));
            assert_true(same_float(pt.filtered_kpa, p->o[i].filtered_kpa));
            /* Stored in steps of 0.01 %: half a step, plus float rounding. */
            assert_true(fabsf(pt.intensity_pct - p->o[i].intensity_pct) <= 0.0051f);
            assert_int_equal(pt.state, p->o[i].state);
            assert_int_equal(pt.ok, p->s[i].ok);
        }
    }
    sqlite3_finalize(st);
    while (i < p->n && i % every && !p->o[i].events)
        i++;
    assert_int_equal(i, p->n); /* nothing left out at the end */
    if (every > 1)
        assert_true(kept < p->n / every + p->n / 50);
    assert_int_equal(db_int(db, "SELECT sum(points) FROM trace_chunks"), kept);
}

static void round_trip(uint32_t every)
{
    static pushed p;
    fixture_routine(&p.routine, 2);
    scratch dir;
    scratch_make(&dir);
    tpr_session_info info = fixture_info(&p.routine, every);
    info.summary = &p.sum;
    info.ring_ticks = 1u << 18; /* pushed faster than real time: room for all */
    char err[256];
    tpr_recorder *r = tpr_recorder_start(dir.db, &info, err, sizeof(err));
    assert_non_null(r);
    run_session(&p, r);
    assert_int_equal(tpr_recorder_finish(r, TPR_END_COMPLETED, err, sizeof(err)), 0);

    sqlite3 *db = db_check_open(dir.db);
    check_session_row(db, every);
    check_segments(db, &p);
    check_events(db, &p);
    check_trace(db, &p, every);
    sqlite3_close(db);
    scratch_remove(&dir);
}

static void test_every_tick(void **state)
{
    (void)state;
    round_trip(1);
}

static void test_decimated(void **state)
{
    (void)state;
    round_trip(10);
}

/* Not set, the trace is kept at about 100 Hz, on the loop's grid. */
static void test_default_trace_rate(void **state)
{
    (void)state;
    assert_int_equal(tpr_recorder_trace_rate(1000), 100);
    assert_int_equal(tpr_recorder_trace_rate(10000), 100);
    assert_int_equal(tpr_recorder_trace_rate(300), 100);
    assert_int_equal(tpr_recorder_trace_rate(250), 125); /* 100 does not divide 250 */
    assert_int_equal(tpr_recorder_trace_rate(150), 150); /* nothing between: every tick */
    assert_int_equal(tpr_recorder_trace_rate(100), 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_tick),
        cmocka_unit_test(test_decimated),
        cmocka_unit_test(test_default_trace_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
