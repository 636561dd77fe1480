/* The cue table as a person sees and hears it over time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "cue.h"
/* The core's haptic cues beside the indicator's outputs: one name each. */
#include "intensity.h"

#define MS 1000

/* Sampled every ms over [0, span_ms): ms spent on and number of switch-ons. */
typedef struct trace {
    int led_on_ms, led_flashes;
    int buzz_on_ms, beeps;
} trace;

static trace run(tpr_signal sig, int span_ms)
{
    trace t = {0};
    tpr_indicator_outputs prev = {false, false};
    for (int ms = 0; ms < span_ms; ms++) {
        tpr_indicator_outputs c = tpr_cue_at(sig, (int64_t)ms * MS);
        t.led_on_ms += c.led;
        t.buzz_on_ms += c.buzzer;
        t.led_flashes += c.led && !prev.led;
        t.beeps += c.buzzer && !prev.buzzer;
        prev = c;
    }
    return t;
}

static void in_band_is_steady_and_silent(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_IN_BAND, 10000);
    assert_int_equal(t.led_on_ms, 10000);
    assert_int_equal(t.buzz_on_ms, 0);
}

static void too_soft_blinks_slowly(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_TOO_SOFT, 10000);
    assert_int_equal(t.led_flashes, 10); /* 1 Hz */
    assert_int_equal(t.led_on_ms, 5000);
    assert_int_equal(t.buzz_on_ms, 0);
}

static void too_hard_blinks_fast(void **state)
{
    (void)state;
    trace hard = run(TPR_SIG_TOO_HARD, 10000);
    trace soft = run(TPR_SIG_TOO_SOFT, 10000);
    assert_int_equal(hard.led_flashes, 50); /* 5 Hz */
    assert_true(hard.led_flashes >= 4 * soft.led_flashes);
}

static void done_beeps_twice_then_stays_quiet(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_DONE, 5000);
    assert_int_equal(t.beeps, 2);
    assert_int_equal(t.buzz_on_ms, 200);
    assert_true(tpr_cue_at(TPR_SIG_DONE, 0).buzzer);
    assert_false(tpr_cue_at(TPR_SIG_DONE, 4000 * MS).buzzer);
    assert_int_equal(t.led_on_ms, 5000);
}

static void fault_beeps_once_and_flickers(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_FAULT, 5000);
    assert_int_equal(t.beeps, 1);
    assert_int_equal(t.buzz_on_ms, 1000);
    assert_int_equal(t.led_flashes, 20); /* 4 Hz */
}

static void ready_flashes_briefly(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_OFF, 10000);
    assert_int_equal(t.led_flashes, 5); /* every 2 s */
    assert_int_equal(t.led_on_ms, 250); /* 50 ms each */
    assert_int_equal(t.buzz_on_ms, 0);
}

static void rest_is_dark_and_silent(void **state)
{
    (void)state;
    trace t = run(TPR_SIG_REST, 10000);
    assert_int_equal(t.led_on_ms + t.buzz_on_ms, 0);
}

static void unknown_signal_is_off(void **state)
{
    (void)state;
    tpr_indicator_outputs c = tpr_cue_at(TPR_SIG_COUNT, 0);
    assert_false(c.led || c.buzzer);
    c = tpr_cue_at(TPR_SIG_IN_BAND, -5 * MS);
    assert_false(c.led);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_band_is_steady_and_silent),
        cmocka_unit_test(too_soft_blinks_slowly),
        cmocka_unit_test(too_hard_blinks_fast),
        cmocka_unit_test(done_beeps_twice_then_stays_quiet),
        cmocka_unit_test(fault_beeps_once_and_flickers),
        cmocka_unit_test(ready_flashes_briefly),
        cmocka_unit_test(rest_is_dark_and_silent),
        cmocka_unit_test(unknown_signal_is_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
