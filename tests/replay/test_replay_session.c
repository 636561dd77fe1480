/* A whole treatment session replayed: the output is exactly what the core
 * does with those samples, reads as a treatment (contact, hold, release,
 * done, next repetition), cuts the motor in the very row of an over-limit
 * spike or a failed read, and is the same bytes every time. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core.h"
#include "replay_fixture.h"
#include "trace_gen.h"

#define RATE_HZ 1000

typedef struct session_trace {
    char path[64];
    size_t rows;
    int64_t *t_us;
    char (*kpa)[32];  /* the pressure field as written */
    size_t spike_row; /* a single sample above the limit, mid-hold */
    size_t gap_row;   /* an empty pressure field, mid-hold of repetition 2 */
    replay_result res;
    out_table table;
} session_trace;

/* Two sessions (one per repetition) and the rest after them. */
static int setup(void **state)
{
    session_trace *st = calloc(1, sizeof(*st));
    tpr_dose d;
    trace_session s;
    trace_dose(&d);
    trace_session_for(&s, &d, RATE_HZ);
    uint32_t period = trace_session_period_ms(&s);
    uint32_t mid_hold = s.away_ms + s.approach_ms + s.hold_ms / 2;
    st->rows = (size_t)(2 * period + 3000) * RATE_HZ / 1000;
    st->spike_row = (size_t)mid_hold * RATE_HZ / 1000;
    st->gap_row = (size_t)(period + mid_hold) * RATE_HZ / 1000;
    st->t_us = calloc(st->rows, sizeof(*st->t_us));
    st->kpa = calloc(st->rows, sizeof(*st->kpa));
    if (!st->t_us || !st->kpa)
        return -1;

    trace_format fmt = {.eol = "\n"};
    FILE *f = fixture_create(st->path);
    trace_write_header(f, &fmt);
    for (size_t i = 0; i < st->rows; i++) {
        st->t_us[i] = trace_sample_time(&s, i);
        trace_kpa_text(st->kpa[i], trace_session_kpa(&s, st->t_us[i]));
        if (i == st->spike_row)
            trace_kpa_text(st->kpa[i], d.limit_kpa + 40.0f);
        if (i == st->gap_row)
            st->kpa[i][0] = '\0';
        trace_write_row(f, &fmt, st->t_us[i], st->kpa[i]);
    }
    if (fclose(f))
        return -1;
    fixture_replay(st->path, NULL, &st->res);
    if (st->res.rc != 0) {
        fprintf(stderr, "replay: %s\n", st->res.err);
        return -1;
    }
    table_parse(&st->table, st->res.out);
    *state = st;
    return 0;
}

static int teardown(void **state)
{
    session_trace *st = *state;
    unlink(st->path);
    table_free(&st->table);
    fixture_result_free(&st->res);
    free(st->t_us);
    free(st->kpa);
    free(st);
    return 0;
}

/* The replay's output must equal the core driven directly with the same
 * samples (read with strtof) and printed with printf. */
static void output_is_the_core_row_by_row(void **state)
{
    session_trace *st = *state;
    tpr_core core;
    tpr_core_cfg cfg;
    tpr_routine r = {.name = "replay", .count = 1};
    fixture_cfg(&cfg);
    trace_dose(&r.dose[0]);
    assert_int_equal(tpr_core_init(&core, &cfg, &r), 0);

    const char *got = st->res.out;
    const char *nl = strchr(got, '\n');
    assert_non_null(nl);
    got = nl + 1;
    for (size_t i = 0; i < st->rows; i++) {
        tpr_sample s = {.t_us = st->t_us[i], .ok = st->kpa[i][0] != '\0'};
        s.kpa = s.ok ? strtof(st->kpa[i], NULL) : NAN;
        tpr_output o;
        tpr_core_step(&core, s.t_us, &s, &o);

        char want[512], kpa[32] = "", filtered[32] = "", events[256] = "";
        if (s.ok)
            snprintf(kpa, sizeof(kpa), "%.2f", (double)s.kpa);
        if (!isnan(o.filtered_kpa))
            snprintf(filtered, sizeof(filtered), "%.2f", (double)o.filtered_kpa);
        tpr_events_format(o.events, events, sizeof(events));
        int n = snprintf(want, sizeof(want), "%lld,%s,%s,%s,%.2f,%u,%s\n",
                         (long long)(s.t_us / 1000), kpa, filtered, tpr_state_name(o.state),
                         (double)o.intensity_pct, (unsigned)o.hold_ms, events);
        if (strncmp(got, want, (size_t)n) != 0) {
            nl = strchr(got, '\n');
            fail_msg("row %zu: got '%.*s', want '%.*s'", i, nl ? (int)(nl - got) : 40, got, n - 1,
                     want);
        }
        got += n;
    }
    assert_string_equal(got, "");
}

static void one_row_per_sample_under_the_header(void **state)
{
    session_trace *st = *state;
    assert_int_equal(st->table.rows, st->rows + 1);
    static const char *const header[OUT_COLS] = {
        "t_ms", "pressure_kpa", "filtered_kpa", "state", "intensity_pct", "hold_ms", "event"};
    for (int c = 0; c < OUT_COLS; c++)
        assert_string_equal(st->table.cell[0][c], header[c]);
    for (size_t i = 1; i < st->table.rows; i++) {
        int known = 0;
        for (int s = 0; s < TPR_STATE_COUNT; s++)
            known |= strcmp(st->table.cell[i][COL_STATE], tpr_state_name((tpr_state)s)) == 0;
        if (!known)
            fail_msg("row %zu: unknown state '%s'", i, st->table.cell[i][COL_STATE]);
    }
}

/* Row of the first event ev at or after row from (0 when there is none). */
static size_t find_event(const out_table *t, size_t from, const char *ev)
{
    for (size_t i = from; i < t->rows; i++)
        if (has_event(t->cell[i][COL_EVENT], ev))
            return i;
    return 0;
}

static void session_reads_as_a_treatment(void **state)
{
    session_trace *st = *state;
    static const char *const order[] = {
        "contact", "hold_start", "release", "done", "rest",         "next_rep",
        "contact", "hold_start", "release", "done", "routine_done",
    };
    size_t row = 1;
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        size_t at = find_event(&st->table, row, order[k]);
        if (!at)
            fail_msg("no '%s' after row %zu (step %zu)", order[k], row, k);
        row = at;
    }
    /* The trace lets go from the minimum hold on: the release ends the
     * hold after the minimum and before the target. */
    tpr_dose d;
    trace_dose(&d);
    size_t release = find_event(&st->table, 1, "release");
    unsigned long hold = strtoul(st->table.cell[release][COL_HOLD], NULL, 10);
    assert_in_range(hold, d.hold_min_ms, d.hold_ms - 1);
    assert_string_equal(st->table.cell[release][COL_STATE], "done");
}

static void over_limit_spike_cuts_the_motor_in_its_row(void **state)
{
    session_trace *st = *state;
    char *const *before = st->table.cell[st->spike_row]; /* table row = sample + 1 */
    char *const *spike = st->table.cell[st->spike_row + 1];
    assert_string_equal(before[COL_STATE], "hold");
    assert_true(strtod(before[COL_INTENSITY], NULL) > 10.0);
    assert_true(has_event(spike[COL_EVENT], "over_limit"));
    assert_string_equal(spike[COL_INTENSITY], "0.00");
}

static void failed_read_is_a_sensor_fault_in_its_row(void **state)
{
    session_trace *st = *state;
    char *const *before = st->table.cell[st->gap_row];
    char *const *gap = st->table.cell[st->gap_row + 1];
    assert_true(strtod(before[COL_INTENSITY], NULL) > 10.0);
    assert_string_equal(gap[COL_KPA], "");
    assert_true(has_event(gap[COL_EVENT], "sensor_fault"));
    assert_string_equal(gap[COL_INTENSITY], "0.00");
}

static void same_input_same_bytes(void **state)
{
    session_trace *st = *state;
    replay_result again;
    fixture_replay(st->path, NULL, &again);
    assert_int_equal(again.rc, 0);
    assert_int_equal(again.out_len, st->res.out_len);
    assert_memory_equal(again.out, st->res.out, again.out_len);
    fixture_result_free(&again);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(output_is_the_core_row_by_row),
        cmocka_unit_test(one_row_per_sample_under_the_header),
        cmocka_unit_test(session_reads_as_a_treatment),
        cmocka_unit_test(over_limit_spike_cuts_the_motor_in_its_row),
        cmocka_unit_test(failed_read_is_a_sensor_fault_in_its_row),
        cmocka_unit_test(same_input_same_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
