/* The intensity law as the person feels it: gentler near the top of the
 * band, no jolts, immediate cuts, cue patterns that never exceed the dose. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "drive.h"

static drive d;

/* One muscle whose hold never ends within a test. */
static void start_long_hold(void)
{
    tpr_dose dose = test_dose();
    dose.hold_ms = dose.hold_max_ms = 60000;
    drive_init(&d, &dose, 1);
}

static void test_gentler_near_the_top_of_the_band(void **state)
{
    (void)state;
    start_long_hold();
    float low = drive_hold(&d, 130, 2000)->intensity_pct;
    float high = drive_hold(&d, 290, 2000)->intensity_pct;
    float soft = drive_hold(&d, 80, 2000)->intensity_pct;
    assert_true(fabsf(low - 50.0f * (1.0f - 0.5f * 10.0f / 180.0f)) < 0.3f);
    assert_true(fabsf(high - 50.0f * (1.0f - 0.5f * 170.0f / 180.0f)) < 0.3f);
    assert_float_equal(soft, 25, 0.3);
}

static void test_rising_is_slew_limited_outside_cues(void **state)
{
    (void)state;
    start_long_hold();
    float prev = 0;
    int64_t hold_start = -1;
    for (int i = 0; i < 2000; i++) {
        const tpr_output *o = drive_kpa(&d, 200);
        if (o->events & TPR_EV_HOLD_START)
            hold_start = d.t;
        bool cue = hold_start >= 0 && d.t - hold_start <= 150000; /* dips end with a step */
        if (!cue)
            assert_true(o->intensity_pct - prev <= 0.2f + 1e-4f); /* 200 %/s at 1 kHz */
        prev = o->intensity_pct;
    }
    assert_true(prev > 38); /* and it does get there: 50 % less the taper at 200 kPa */
}

static void test_falling_is_slewed_but_cuts_are_immediate(void **state)
{
    (void)state;
    start_long_hold();
    drive_hold(&d, 130, 2000);
    float before = d.out.intensity_pct;
    /* Drifting too soft is not a safety matter: no jolt down. */
    drive_hold(&d, 100, 60);
    assert_int_equal(d.out.state, TPR_STATE_CONTACT);
    assert_true(d.out.intensity_pct > 25);
    assert_true(before - d.out.intensity_pct < 0.2f * 60);
    /* Too hard: off at once. */
    drive_hold(&d, 200, 2000);
    drive_until(&d, 380, TPR_EV_TOO_HARD, 200);
    assert_true(d.out.intensity_pct == 0.0f);
}

static void test_entering_the_band_dips_twice(void **state)
{
    (void)state;
    start_long_hold();
    drive_hold(&d, 80, 2000); /* running at 25 % */
    drive_until(&d, 200, TPR_EV_HOLD_START, 500);
    int dips = 0;
    bool was_zero = d.out.intensity_pct == 0.0f;
    dips += was_zero;
    for (int i = 0; i < 200; i++) {
        bool zero = drive_kpa(&d, 200)->intensity_pct == 0.0f;
        dips += zero && !was_zero;
        was_zero = zero;
    }
    assert_int_equal(dips, 2);
    assert_true(d.out.intensity_pct > 20);
}

/* Rising edges of the command over ms ticks at kpa. */
static int count_pulses(float kpa, int ms)
{
    int rises = 0;
    float prev = d.out.intensity_pct;
    for (int i = 0; i < ms; i++) {
        float now = drive_kpa(&d, kpa)->intensity_pct;
        rises += now > 0 && prev == 0;
        prev = now;
    }
    return rises;
}

static void test_too_hard_pulses_three_times_a_second(void **state)
{
    (void)state;
    start_long_hold();
    drive_hold(&d, 200, 1000);
    drive_until(&d, 400, TPR_EV_TOO_HARD, 200);
    drive_clear(&d);
    assert_int_equal(count_pulses(400, 2000), 6);
    assert_float_equal(d.max_pct, 50, 0.001);
}

static void test_too_hard_pulses_come_back_below_the_limit(void **state)
{
    (void)state;
    start_long_hold();
    drive_hold(&d, 200, 1000);
    drive_clear(&d);
    drive_hold(&d, 480, 300); /* over the limit: silent */
    assert_true(d.max_pct == 0.0f);
    /* Eased to between band and limit: still too hard, so the pulses play. */
    assert_int_equal(count_pulses(380, 2000), 6);
    assert_int_equal(d.out.state, TPR_STATE_OVER);
    assert_float_equal(d.max_pct, 50, 0.001);
}

static void test_a_fault_silences_the_done_pulse(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init(&d, &dose, 1);
    drive_until(&d, 200, TPR_EV_DONE, 10000);
    drive_hold(&d, 0, 100);
    assert_float_equal(d.out.intensity_pct, 50, 0.001); /* playing */
    drive_sample(&d, (tpr_sample){.kpa = 0.0f, .ok = false});
    drive_clear(&d);
    drive_hold(&d, 0, 400);
    assert_int_equal(d.out.state, TPR_STATE_FAULT);
    assert_true(d.max_pct == 0.0f);
}

static void test_cues_never_exceed_a_gentle_dose(void **state)
{
    (void)state;
    tpr_dose dose = test_dose(); /* a popliteus-like dose */
    dose.contact_kpa = 20;
    dose.band_min_kpa = 50;
    dose.band_max_kpa = 120;
    dose.limit_kpa = 180;
    dose.intensity_pct = 25;
    drive_init(&d, &dose, 1);
    drive_hold(&d, 80, 1500);
    drive_hold(&d, 140, 1500); /* too hard: pulses */
    drive_hold(&d, 190, 100);  /* over the limit */
    drive_hold(&d, 80, 5000);  /* back, done: the long pulse */
    assert_true(d.seen & TPR_EV_DONE);
    assert_true(d.seen & TPR_EV_TOO_HARD);
    assert_float_equal(d.max_pct, 25, 0.001);
}

static void test_done_plays_one_long_pulse(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init(&d, &dose, 1);
    drive_until(&d, 200, TPR_EV_DONE, 10000);
    int on = d.out.intensity_pct == 50.0f;
    for (int i = 0; i < 1000; i++)
        on += drive_kpa(&d, 0)->intensity_pct == 50.0f;
    assert_int_equal(on, 600);
    assert_true(d.out.intensity_pct == 0.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gentler_near_the_top_of_the_band),
        cmocka_unit_test(test_rising_is_slew_limited_outside_cues),
        cmocka_unit_test(test_falling_is_slewed_but_cuts_are_immediate),
        cmocka_unit_test(test_entering_the_band_dips_twice),
        cmocka_unit_test(test_too_hard_pulses_three_times_a_second),
        cmocka_unit_test(test_too_hard_pulses_come_back_below_the_limit),
        cmocka_unit_test(test_a_fault_silences_the_done_pulse),
        cmocka_unit_test(test_cues_never_exceed_a_gentle_dose),
        cmocka_unit_test(test_done_plays_one_long_pulse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
