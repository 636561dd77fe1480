/* The core as a whole: set-up checks, commands, the session summary, and
 * the names everything is logged with. (That the same input gives the same,
 * right output is tests/replay/test_replay_golden.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "drive.h"
#include "summary.h"

static drive d;

static void test_unusable_routines_are_refused(void **state)
{
    (void)state;
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_core core;
    tpr_routine r = {.name = "t", .count = 1, .dose = {test_dose()}};
    assert_int_equal(tpr_core_init(&core, &cfg, &r), 0);

    tpr_routine empty = {.name = "t"};
    assert_int_equal(tpr_core_init(&core, &cfg, &empty), -1);
    r.dose[0].band_min_kpa = r.dose[0].band_max_kpa;
    assert_int_equal(tpr_core_init(&core, &cfg, &r), -1);
    r.dose[0] = test_dose();
    r.dose[0].limit_kpa = 250;
    assert_int_equal(tpr_core_init(&core, &cfg, &r), -1);
    r.dose[0] = test_dose();
    r.dose[0].intensity_max_pct = 0; /* every dose carries its maximum */
    assert_int_equal(tpr_core_init(&core, &cfg, &r), -1);
    r.dose[0] = test_dose();
    cfg.rate_hz = 0;
    assert_int_equal(tpr_core_init(&core, &cfg, &r), -1);
}

static void test_pause_freezes_and_resume_goes_on(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init(&d, &dose, 1);
    drive_hold(&d, 200, 1500);
    uint32_t hold = d.out.hold_ms;
    tpr_core_command(&d.core, TPR_CMD_PAUSE);
    assert_true(drive_kpa(&d, 200)->intensity_pct == 0.0f);
    drive_clear(&d);
    drive_hold(&d, 200, 2000);
    assert_true(d.max_pct == 0.0f);
    assert_int_equal(d.out.hold_ms, hold);
    tpr_core_command(&d.core, TPR_CMD_RESUME);
    drive_hold(&d, 200, 500);
    assert_true(d.out.hold_ms >= hold + 499);
    assert_true(d.out.intensity_pct > 0);
}

static void test_pause_stops_the_rest_clock_too(void **state)
{
    (void)state;
    drive_start(&d, 2, 1);
    drive_until(&d, 200, TPR_EV_REST, 10000);
    drive_hold(&d, 0, 300);
    tpr_core_command(&d.core, TPR_CMD_PAUSE);
    drive_clear(&d);
    drive_hold(&d, 0, 3000);
    assert_int_equal(d.out.state, TPR_STATE_REST);
    assert_false(d.seen & TPR_EV_NEXT_REP);
    tpr_core_command(&d.core, TPR_CMD_RESUME);
    /* The rest goes on for the 700 ms it still had. */
    assert_int_equal(drive_until(&d, 0, TPR_EV_NEXT_REP, 2000), 700);
}

/* Next ends the repetition under way; after its rest comes the next
 * repetition of the same muscle, and next on the last repetition moves on
 * to the next muscle. */
static void test_next_skips_to_the_next_repetition(void **state)
{
    (void)state;
    drive_start(&d, 2, 2);
    drive_hold(&d, 200, 1000);
    tpr_core_command(&d.core, TPR_CMD_NEXT);
    drive_clear(&d);
    drive_kpa(&d, 200);
    assert_int_equal(d.out.state, TPR_STATE_REST);
    assert_true(d.out.intensity_pct == 0.0f);
    assert_true(d.out.events & TPR_EV_DONE); /* the repetition ended, unfinished */
    assert_int_equal(d.out.reason, TPR_DONE_NONE);
    drive_clear(&d);
    drive_until(&d, 0, TPR_EV_NEXT_REP, 2000);
    assert_int_equal(d.out.muscle, 0);
    assert_int_equal(d.out.rep, 2);
    assert_false(d.seen & TPR_EV_NEXT_MUSCLE);

    drive_hold(&d, 200, 500);
    tpr_core_command(&d.core, TPR_CMD_NEXT);
    drive_clear(&d);
    drive_until(&d, 0, TPR_EV_NEXT_MUSCLE, 2000);
    assert_int_equal(d.out.muscle, 1);
    assert_int_equal(d.out.rep, 1);
    assert_false(d.seen & TPR_EV_NEXT_REP);
}

/* A reload reaches the session from its next muscle: the muscle under way
 * keeps its dose; a routine of other muscles or an unusable dose changes
 * nothing. */
static void test_updated_doses_apply_from_the_next_muscle(void **state)
{
    (void)state;
    drive_start(&d, 1, 2);
    drive_hold(&d, 200, 500);
    tpr_routine r = d.core.routine;
    r.dose[0].hold_ms = r.dose[1].hold_ms = 4000;
    tpr_routine other = r;
    other.count = 1;
    assert_int_equal(tpr_core_update_doses(&d.core, &other), -1);
    tpr_routine bad = r;
    bad.dose[1].band_min_kpa = bad.dose[1].band_max_kpa + 1;
    assert_int_equal(tpr_core_update_doses(&d.core, &bad), -1);
    assert_int_equal(d.core.routine.dose[1].hold_ms, 3000);
    assert_int_equal(tpr_core_update_doses(&d.core, &r), 0);
    assert_int_equal(d.core.routine.dose[0].hold_ms, 3000);
    assert_int_equal(d.core.routine.dose[1].hold_ms, 4000);
    drive_until(&d, 200, TPR_EV_DONE, 5000);
    assert_int_equal(d.out.hold_ms, 3000); /* the muscle under way: its own target */
}

static void test_next_after_done_keeps_the_verdict(void **state)
{
    (void)state;
    drive_start(&d, 3, 2);
    drive_until(&d, 200, TPR_EV_DONE, 10000);
    tpr_core_command(&d.core, TPR_CMD_NEXT);
    drive_clear(&d);
    assert_int_equal(drive_until(&d, 0, TPR_EV_NEXT_REP, 5000) > 0, 1);
    assert_false(d.seen & (TPR_EV_DONE | TPR_EV_NEXT_MUSCLE));
    assert_int_equal(d.out.muscle, 0);
    assert_int_equal(d.out.rep, 2);
}

/* One muscle of reps repetitions, its session summary started. */
static tpr_dose start_summarised(tpr_summary *sum, uint32_t reps)
{
    tpr_summary_init(sum);
    return drive_start(&d, reps, 1);
}

static void test_next_on_the_last_muscle_ends_the_routine(void **state)
{
    (void)state;
    static tpr_summary sum;
    tpr_dose dose = start_summarised(&sum, 1);
    for (int i = 0; i < 1000; i++)
        tpr_summary_step(&sum, d.t + 1000, drive_kpa(&d, 200), &dose);
    tpr_core_command(&d.core, TPR_CMD_NEXT);
    drive_clear(&d);
    tpr_summary_step(&sum, d.t + 1000, drive_kpa(&d, 200), &dose);
    assert_true(d.seen & TPR_EV_ROUTINE_DONE);
    assert_true(d.out.finished);
    drive_hold(&d, 200, 2000);
    assert_true(d.max_pct == 0.0f);
    assert_int_equal(sum.count, 1);
    assert_false(sum.seg[0].complete); /* cut short, not done */
    assert_int_equal(sum.seg[0].reason, TPR_DONE_NONE);
    assert_true(sum.seg[0].in_band_ms > 900 && sum.seg[0].in_band_ms < 1000);
}

/* The popliteus's rule comes with its dose: whatever a profile asks for, the
 * motor never runs above the muscle's maximum, cues included. */
static void test_a_muscle_never_vibrates_above_its_maximum(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.muscle = "popliteus";
    dose.intensity_max_pct = 30;
    dose.contact_kpa = 20;
    dose.band_min_kpa = 50;
    dose.band_max_kpa = 120;
    dose.limit_kpa = 180;
    dose.intensity_pct = 80; /* a profile asking for too much */
    drive_init(&d, &dose, 1);
    assert_float_equal(tpr_core_dose(&d.core)->intensity_pct, 30, 0.001);
    drive_hold(&d, 40, 1000);  /* too soft */
    drive_hold(&d, 55, 1000);  /* low in the band */
    drive_hold(&d, 140, 1500); /* too hard: pulses */
    drive_hold(&d, 55, 5000);  /* done: the long pulse */
    assert_true(d.seen & TPR_EV_DONE);
    assert_float_equal(d.max_pct, 30, 0.001);
}

static void test_summary_per_muscle_and_repetition(void **state)
{
    (void)state;
    static tpr_summary sum;
    tpr_dose dose = start_summarised(&sum, 2);
    int pressing_for = 0;
    for (int i = 0; i < 20000 && !d.out.finished; i++) {
        /* Each repetition starts 300 ms too hard, then settles in the band. */
        bool off = d.out.state == TPR_STATE_DONE || d.out.state == TPR_STATE_REST;
        pressing_for = off ? 0 : pressing_for + 1;
        float p = off ? 0.0f : pressing_for <= 300 ? 380.0f : 200.0f;
        tpr_summary_step(&sum, d.t + 1000, drive_kpa(&d, p), &dose);
    }
    assert_true(d.out.finished);
    assert_int_equal(sum.count, 2);
    for (uint32_t i = 0; i < 2; i++) {
        const tpr_segment *g = &sum.seg[i];
        assert_int_equal(g->rep, i + 1);
        assert_int_equal(g->in_band_ms, 3000);
        assert_int_equal(g->hold_target_ms, 3000);
        assert_true(g->complete);
        assert_int_equal(g->reason, TPR_DONE_TARGET);
        assert_false(g->released);
        /* 380 kPa pressed suddenly, plus the filter's 11 % step overshoot */
        if (!(g->peak_kpa > 370 && g->peak_kpa < 430))
            fail_msg("segment %u: peak %.1f kPa", i, (double)g->peak_kpa);
        assert_true(g->mean_kpa > 180 && g->mean_kpa < 260);
        if (!(g->over_ms > 250 && g->over_ms <= 330)) /* + the filter delay */
            fail_msg("segment %u: over %u ms", i, g->over_ms);
    }
}

static void test_summary_counts_time_from_zero(void **state)
{
    (void)state;
    /* A replayed trace starts at t = 0: pressing too hard for 100 ms. */
    static tpr_summary sum;
    tpr_summary_init(&sum);
    tpr_dose dose = test_dose();
    tpr_output over = {.state = TPR_STATE_OVER, .filtered_kpa = 350, .rep = 1};
    for (int64_t t = 0; t <= 100000; t += 1000)
        tpr_summary_step(&sum, t, &over, &dose);
    assert_int_equal(sum.count, 1);
    assert_int_equal(sum.seg[0].over_ms, 100);
    assert_float_equal(sum.seg[0].peak_kpa, 350, 0.001);
}

static void test_event_names_join_in_order(void **state)
{
    (void)state;
    char buf[64];
    size_t n = tpr_events_format(TPR_EV_DONE | TPR_EV_RELEASE, buf, sizeof(buf));
    assert_string_equal(buf, "release|done");
    assert_int_equal(n, strlen("release|done"));
    tpr_events_format(0, buf, sizeof(buf));
    assert_string_equal(buf, "");
    char small[12];
    tpr_events_format(TPR_EV_HOLD_PAUSE | TPR_EV_RELEASE, small, sizeof(small));
    assert_string_equal(small, "hold_pause"); /* whole names only */
    assert_string_equal(tpr_state_name(TPR_STATE_OVER), "over");
    assert_string_equal(tpr_signal_name(TPR_SIG_REST), "rest");
    assert_string_equal(tpr_done_reason_name(TPR_DONE_MAX), "max");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unusable_routines_are_refused),
        cmocka_unit_test(test_pause_freezes_and_resume_goes_on),
        cmocka_unit_test(test_pause_stops_the_rest_clock_too),
        cmocka_unit_test(test_next_skips_to_the_next_repetition),
        cmocka_unit_test(test_next_after_done_keeps_the_verdict),
        cmocka_unit_test(test_updated_doses_apply_from_the_next_muscle),
        cmocka_unit_test(test_next_on_the_last_muscle_ends_the_routine),
        cmocka_unit_test(test_a_muscle_never_vibrates_above_its_maximum),
        cmocka_unit_test(test_summary_per_muscle_and_repetition),
        cmocka_unit_test(test_summary_counts_time_from_zero),
        cmocka_unit_test(test_event_names_join_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
