/* Safety on the raw sample, in the same tick: over limit, every sensor
 * fault, lift-off. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "drive.h"

static drive d;

/* In the band, vibrating, for a second. */
static void settle_in_band(void)
{
    tpr_dose dose = test_dose();
    dose.hold_ms = dose.hold_max_ms = 60000;
    drive_init(&d, &dose, 1);
    drive_hold(&d, 200, 1000);
    assert_int_equal(d.out.state, TPR_STATE_HOLD);
    assert_true(d.out.intensity_pct > 20);
}

static void test_one_raw_spike_over_the_limit_cuts_in_that_tick(void **state)
{
    (void)state;
    settle_in_band();
    const tpr_output *o = drive_kpa(&d, 500); /* the filter has barely moved */
    assert_true(o->filtered_kpa < 300);
    assert_true(o->intensity_pct == 0.0f);
    assert_true(o->events & TPR_EV_OVER_LIMIT);
    assert_int_equal(o->state, TPR_STATE_OVER);
    /* Back below: the motor comes back slew-limited, from 0. */
    o = drive_kpa(&d, 200);
    assert_int_equal(o->state, TPR_STATE_HOLD);
    assert_true(o->intensity_pct <= 0.21f);
}

static void test_sustained_over_limit_keeps_the_motor_off_without_cues(void **state)
{
    (void)state;
    settle_in_band();
    drive_kpa(&d, 480);
    drive_clear(&d);
    drive_hold(&d, 480, 2000);
    assert_true(d.max_pct == 0.0f);           /* no "too hard" pulses above the limit */
    assert_false(d.seen & TPR_EV_OVER_LIMIT); /* raised once, on entry */
    assert_int_equal(d.out.state, TPR_STATE_OVER);
}

/* Each bad sample kind: motor off in the tick, sensor_fault once, fault
 * state, back only after 500 ms of good signal, hold time kept. */
static void check_fault(tpr_sample bad)
{
    settle_in_band();
    uint32_t hold = d.out.hold_ms;
    const tpr_output *o = drive_sample(&d, bad);
    assert_true(o->intensity_pct == 0.0f);
    assert_true(o->events & TPR_EV_SENSOR_FAULT);
    assert_int_equal(o->state, TPR_STATE_FAULT);
    assert_true(isnan(o->filtered_kpa));
    drive_clear(&d);
    /* Cleared at the good sample 500 ms after the first good one. */
    int took = drive_until(&d, 200, TPR_EV_FAULT_CLEAR, 2000);
    assert_int_equal(took, 501);
    assert_false(d.seen & TPR_EV_SENSOR_FAULT);
    assert_true(d.max_pct == 0.0f);
    assert_true(d.out.hold_ms <= hold + 1); /* only the clearing tick itself */
    drive_hold(&d, 200, 50);
    assert_int_equal(d.out.state, TPR_STATE_HOLD);
    assert_true(d.out.hold_ms > hold);
}

static void test_read_error(void **state)
{
    (void)state;
    check_fault((tpr_sample){.kpa = 200, .ok = false});
}

static void test_missing_value(void **state)
{
    (void)state;
    check_fault((tpr_sample){.kpa = NAN, .ok = true});
}

static void test_infinite_value(void **state)
{
    (void)state;
    check_fault((tpr_sample){.kpa = INFINITY, .ok = true});
}

static void test_out_of_range(void **state)
{
    (void)state;
    check_fault((tpr_sample){.kpa = 1600, .ok = true});
    check_fault((tpr_sample){.kpa = -30, .ok = true});
}

static void test_a_bad_sample_while_clearing_starts_the_wait_again(void **state)
{
    (void)state;
    settle_in_band();
    drive_sample(&d, (tpr_sample){.kpa = NAN, .ok = true});
    drive_hold(&d, 200, 400);
    drive_sample(&d, (tpr_sample){.kpa = 200, .ok = false});
    drive_clear(&d);
    assert_int_equal(drive_until(&d, 200, TPR_EV_FAULT_CLEAR, 2000), 501);
}

static void test_stuck_value_while_pressing(void **state)
{
    (void)state;
    settle_in_band();
    int ticks = 0;
    while (!(drive_sample(&d, (tpr_sample){.kpa = 200.0f, .ok = true})->events &
             TPR_EV_SENSOR_FAULT)) {
        assert_true(d.out.intensity_pct > 0);
        assert_true(++ticks < 2000);
    }
    /* The first repeat starts the clock; the fault comes after 1000 ms. */
    assert_int_equal(ticks, 1001);
    assert_true(d.out.intensity_pct == 0.0f);
    /* Still frozen: still a fault, however long. */
    for (int i = 0; i < 2000; i++)
        drive_sample(&d, (tpr_sample){.kpa = 200.0f, .ok = true});
    assert_int_equal(d.out.state, TPR_STATE_FAULT);
    assert_false(d.seen & TPR_EV_FAULT_CLEAR);
    /* Moving again: clear after 500 ms of it. */
    assert_int_equal(drive_until(&d, 200, TPR_EV_FAULT_CLEAR, 2000), 501);
}

/* Five seconds of one exact value below contact (40 kPa): not stuck. */
static void check_steady_below_contact(float kpa)
{
    tpr_dose dose = test_dose();
    drive_init(&d, &dose, 1);
    for (int i = 0; i < 5000; i++)
        drive_sample(&d, (tpr_sample){.kpa = kpa, .ok = true});
    assert_false(d.seen & TPR_EV_SENSOR_FAULT);
    assert_int_equal(d.out.state, TPR_STATE_IDLE);
}

static void test_an_idle_sensor_at_exactly_zero_is_fine(void **state)
{
    (void)state;
    check_steady_below_contact(0.0f);
    check_steady_below_contact(39.0f); /* a tip resting lightly */
}

static void test_stale_sample(void **state)
{
    (void)state;
    settle_in_band();
    int64_t frozen = d.t;
    int ticks = 0;
    while (!(drive_sample(&d, (tpr_sample){.t_us = frozen, .kpa = 200, .ok = true})->events &
             TPR_EV_SENSOR_FAULT))
        assert_true(++ticks < 1000);
    /* No new sample for more than 100 ms. */
    assert_int_equal(ticks, 100);
    assert_true(d.out.intensity_pct == 0.0f);
}

/* The loop missed periods or its clock jumped: nothing checked the sensor
 * meanwhile, so the first tick after the gap is a fault, whatever it reads. */
static void check_gap(int ms)
{
    settle_in_band();
    drive_stall(&d, ms);
    drive_clear(&d);
    drive_hold(&d, 200, 500); /* the tick after the gap, then 499 ms of good signal */
    assert_true(d.max_pct == 0.0f);
    assert_true(d.seen & TPR_EV_SENSOR_FAULT);
    assert_int_equal(d.out.state, TPR_STATE_FAULT);
    drive_clear(&d);
    drive_hold(&d, 200, 2); /* 500 ms valid from the second tick after the gap */
    assert_true(d.seen & TPR_EV_FAULT_CLEAR);
}

static void test_a_gap_between_ticks_over_stale_is_a_fault(void **state)
{
    (void)state;
    check_gap(100); /* with the tick after it: 101 ms since the last check */
    check_gap(5000);
}

static void test_a_gap_up_to_stale_is_not(void **state)
{
    (void)state;
    settle_in_band();
    drive_clear(&d);
    drive_stall(&d, 99); /* the next tick comes 100 ms after the last */
    const tpr_output *o = drive_kpa(&d, 200);
    assert_false(d.seen & TPR_EV_SENSOR_FAULT);
    assert_int_equal(o->state, TPR_STATE_HOLD);
}

static void test_lift_off_stops_at_once_and_keeps_the_hold(void **state)
{
    (void)state;
    settle_in_band();
    uint32_t hold = d.out.hold_ms;
    const tpr_output *o = drive_kpa(&d, 0);
    assert_true(o->intensity_pct == 0.0f);
    assert_true(o->events & TPR_EV_LIFT_OFF);
    assert_int_equal(o->state, TPR_STATE_IDLE);
    drive_hold(&d, 0, 500);
    assert_int_equal(d.out.hold_ms, hold);
    drive_clear(&d);
    drive_hold(&d, 200, 300);
    assert_true(d.seen & TPR_EV_HOLD_RESUME);
    assert_false(d.seen & TPR_EV_HOLD_START);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_raw_spike_over_the_limit_cuts_in_that_tick),
        cmocka_unit_test(test_sustained_over_limit_keeps_the_motor_off_without_cues),
        cmocka_unit_test(test_read_error),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_infinite_value),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_a_bad_sample_while_clearing_starts_the_wait_again),
        cmocka_unit_test(test_stuck_value_while_pressing),
        cmocka_unit_test(test_an_idle_sensor_at_exactly_zero_is_fine),
        cmocka_unit_test(test_stale_sample),
        cmocka_unit_test(test_a_gap_between_ticks_over_stale_is_a_fault),
        cmocka_unit_test(test_a_gap_up_to_stale_is_not),
        cmocka_unit_test(test_lift_off_stops_at_once_and_keeps_the_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
