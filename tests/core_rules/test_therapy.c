/* The therapy state machine: hold time only in band, when a repetition is
 * done, and the order of repetitions, rests and muscles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "drive.h"

static drive d;

static void test_hold_counts_only_inside_the_band(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_ms = dose.hold_max_ms = 60000;
    drive_init(&d, &dose, 1);
    drive_hold(&d, 80, 1000); /* too soft */
    assert_int_equal(d.out.state, TPR_STATE_CONTACT);
    assert_int_equal(d.out.hold_ms, 0);
    assert_true(d.seen & TPR_EV_CONTACT);

    drive_hold(&d, 200, 1000);
    uint32_t in_band = d.out.hold_ms;
    assert_true(in_band >= 950 && in_band <= 1000); /* less the filter's delay */
    assert_true(d.seen & TPR_EV_HOLD_START);

    drive_clear(&d);
    drive_hold(&d, 350, 1000); /* too hard */
    assert_int_equal(d.out.state, TPR_STATE_OVER);
    assert_true((d.seen & (TPR_EV_TOO_HARD | TPR_EV_HOLD_PAUSE)) ==
                (TPR_EV_TOO_HARD | TPR_EV_HOLD_PAUSE));
    assert_true(d.out.hold_ms - in_band < 40); /* only until the filter crossed */
    uint32_t paused = d.out.hold_ms;

    drive_clear(&d);
    drive_hold(&d, 200, 1000);
    assert_true(d.seen & TPR_EV_HOLD_RESUME);
    assert_false(d.seen & TPR_EV_HOLD_START);
    assert_true(d.out.hold_ms - paused >= 950);
}

/* Half a second at kpa: the state it ends in and the hold time it added. */
static uint32_t half_second_at(float kpa, tpr_state expect)
{
    uint32_t before = d.out.hold_ms;
    drive_hold(&d, kpa, 500);
    assert_int_equal(d.out.state, expect);
    return d.out.hold_ms - before;
}

static void test_the_band_edges_are_exact(void **state)
{
    (void)state;
    tpr_dose dose = test_dose(); /* band 120-300 kPa */
    dose.hold_ms = dose.hold_max_ms = 60000;
    drive_init(&d, &dose, 1);
    drive_hold(&d, 200, 1000);
    half_second_at(301, TPR_STATE_OVER);
    assert_int_equal(half_second_at(301, TPR_STATE_OVER), 0);
    drive_clear(&d);
    assert_true(half_second_at(299, TPR_STATE_HOLD) > 400);
    assert_true(d.seen & TPR_EV_HOLD_RESUME);
    half_second_at(119, TPR_STATE_CONTACT);
    assert_int_equal(half_second_at(119, TPR_STATE_CONTACT), 0);
    drive_clear(&d);
    assert_true(half_second_at(121, TPR_STATE_HOLD) > 400);
    assert_true(d.seen & TPR_EV_HOLD_RESUME);
}

static void test_done_at_the_target_exactly(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init(&d, &dose, 1);
    drive_until(&d, 200, TPR_EV_HOLD_START, 1000);
    uint32_t before = d.out.hold_ms;
    int ticks = drive_until(&d, 200, TPR_EV_DONE, 10000);
    assert_int_equal(d.out.hold_ms, 3000);
    assert_int_equal((uint32_t)ticks + before, 3000);
    assert_int_equal(d.out.state, TPR_STATE_DONE);
    assert_int_equal(d.out.reason, TPR_DONE_TARGET);
    assert_false(d.seen & TPR_EV_RELEASE);
}

static void test_a_stalled_loop_credits_no_hold_time(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_ms = dose.hold_max_ms = 60000;
    drive_init(&d, &dose, 1);
    drive_hold(&d, 200, 1000);
    uint32_t before = d.out.hold_ms;
    drive_stall(&d, 2000); /* nobody knows where the press was meanwhile */
    drive_kpa(&d, 201);
    assert_int_equal(d.out.state, TPR_STATE_FAULT); /* safety: the checks were blind */
    assert_int_equal(d.out.hold_ms, before);
}

/* The first 20 s of a press are the tissue's own relaxation, which the
 * release detector never takes for a release: the holds below start
 * judging after it. */
#define SETTLED_MS 20000

/* Steady at 200 kPa for the relaxation and settle_ms, then a 20 % creep
 * over creep_ms. */
static void creep(int settle_ms, int creep_ms)
{
    drive_hold(&d, 200, SETTLED_MS + settle_ms);
    drive_ramp(&d, 200, 160, creep_ms);
}

static void test_release_after_the_minimum_ends_the_hold_early(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_min_ms = SETTLED_MS + 2000;
    dose.hold_ms = SETTLED_MS + 15000;
    dose.hold_max_ms = SETTLED_MS + 20000;
    drive_init(&d, &dose, 1);
    creep(3000, 3000);
    drive_until(&d, 160, TPR_EV_DONE, 10000);
    assert_true(d.seen & TPR_EV_RELEASE);
    assert_int_equal(d.out.reason, TPR_DONE_RELEASE);
    assert_true(d.out.hold_ms > SETTLED_MS + 4000 && d.out.hold_ms < SETTLED_MS + 10000);
}

static void test_release_before_the_minimum_waits_for_it(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_min_ms = SETTLED_MS + 9000;
    dose.hold_ms = SETTLED_MS + 15000;
    dose.hold_max_ms = SETTLED_MS + 20000;
    drive_init(&d, &dose, 1);
    creep(500, 2000);
    drive_until(&d, 160, TPR_EV_RELEASE, 10000);
    assert_true(d.out.hold_ms < SETTLED_MS + 9000);
    assert_int_equal(d.out.state, TPR_STATE_HOLD);
    drive_until(&d, 160, TPR_EV_DONE, 10000);
    assert_int_equal(d.out.hold_ms, SETTLED_MS + 9000);
    assert_int_equal(d.out.reason, TPR_DONE_RELEASE);
}

static void test_a_release_under_way_extends_the_hold(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_min_ms = SETTLED_MS + 2000;
    dose.hold_ms = SETTLED_MS + 4000;
    dose.hold_max_ms = SETTLED_MS + 12000;
    drive_init(&d, &dose, 1);
    creep(2000, 4000); /* half-way down at the target */
    drive_until(&d, 160, TPR_EV_DONE, 10000);
    assert_true(d.out.hold_ms > SETTLED_MS + 4000);
    assert_int_equal(d.out.reason, TPR_DONE_RELEASE);
}

static void test_the_extension_stops_at_the_maximum(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.hold_min_ms = SETTLED_MS + 2000;
    dose.hold_ms = SETTLED_MS + 4000;
    dose.hold_max_ms = SETTLED_MS + 7000;
    drive_init(&d, &dose, 1);
    /* 10 % down: under way, but never the 15 % of a release. */
    drive_hold(&d, 200, SETTLED_MS + 1500);
    drive_ramp(&d, 200, 178, 2000);
    drive_until(&d, 178, TPR_EV_DONE, 10000);
    assert_int_equal(d.out.hold_ms, SETTLED_MS + 7000);
    assert_int_equal(d.out.reason, TPR_DONE_MAX);
    assert_false(d.seen & TPR_EV_RELEASE);
}

/* A person who presses when asked and lifts off when done. */
static float person(void)
{
    return d.out.state == TPR_STATE_DONE || d.out.state == TPR_STATE_REST ? 0.0f : 200.0f;
}

static void test_repetitions_rests_and_muscles_in_order(void **state)
{
    (void)state;
    drive_start(&d, 2, 2);
    const uint32_t order[] = {TPR_EV_DONE,     TPR_EV_REST,        TPR_EV_NEXT_REP,    TPR_EV_DONE,
                              TPR_EV_REST,     TPR_EV_NEXT_MUSCLE, TPR_EV_DONE,        TPR_EV_REST,
                              TPR_EV_NEXT_REP, TPR_EV_DONE,        TPR_EV_ROUTINE_DONE};
    const uint32_t muscle[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
    const uint32_t rep[] = {1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2};
    size_t next = 0;
    int64_t rest_start = 0;
    for (int i = 0; i < 40000 && next < 11; i++) {
        const tpr_output *o = drive_kpa(&d, person());
        uint32_t ev = o->events & (TPR_EV_DONE | TPR_EV_REST | TPR_EV_NEXT_REP |
                                   TPR_EV_NEXT_MUSCLE | TPR_EV_ROUTINE_DONE);
        if (!ev)
            continue;
        assert_int_equal(ev, order[next]);
        assert_int_equal(o->muscle, muscle[next]);
        assert_int_equal(o->rep, rep[next]);
        if (ev == TPR_EV_REST)
            rest_start = d.t;
        if (ev & (TPR_EV_NEXT_REP | TPR_EV_NEXT_MUSCLE))
            assert_int_equal(d.t - rest_start, 1000000); /* rest_ms */
        next++;
    }
    assert_int_equal(next, 11);
    assert_true(d.out.finished);
    drive_clear(&d);
    drive_hold(&d, 200, 3000); /* pressing after the end does nothing */
    assert_true(d.max_pct == 0.0f);
    assert_int_equal(d.out.signal, TPR_SIG_DONE);
}

static void test_no_vibration_during_rest_even_when_pressing(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    dose.reps = 2;
    dose.rest_ms = 3000;
    drive_init(&d, &dose, 1);
    drive_until(&d, 200, TPR_EV_REST, 10000);
    drive_clear(&d);
    drive_hold(&d, 200, 2500);
    assert_int_equal(d.out.state, TPR_STATE_REST);
    assert_int_equal(d.out.signal, TPR_SIG_REST);
    assert_true(d.max_pct == 0.0f);
    /* Still pressing when the rest ends: straight on with the next one, in
     * the very tick, with no hold time for the rest. */
    drive_until(&d, 200, TPR_EV_NEXT_REP, 1000);
    assert_int_equal(d.out.rep, 2);
    assert_int_equal(d.out.state, TPR_STATE_HOLD);
    assert_true(d.out.events & TPR_EV_HOLD_START);
    assert_int_equal(d.out.hold_ms, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hold_counts_only_inside_the_band),
        cmocka_unit_test(test_a_stalled_loop_credits_no_hold_time),
        cmocka_unit_test(test_the_band_edges_are_exact),
        cmocka_unit_test(test_done_at_the_target_exactly),
        cmocka_unit_test(test_release_after_the_minimum_ends_the_hold_early),
        cmocka_unit_test(test_release_before_the_minimum_waits_for_it),
        cmocka_unit_test(test_a_release_under_way_extends_the_hold),
        cmocka_unit_test(test_the_extension_stops_at_the_maximum),
        cmocka_unit_test(test_repetitions_rests_and_muscles_in_order),
        cmocka_unit_test(test_no_vibration_during_rest_even_when_pressing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
