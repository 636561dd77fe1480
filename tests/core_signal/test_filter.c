/* The pressure filter: vibration and spike rejection, delay, pass band,
 * priming and reset, at the rates the daemon supports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "filter.h"
#include "hand_signal.h"

#define BASE_KPA 200.0f

/* Settling time before ripple is measured: the 20 Hz low-pass has settled
 * to well under 0.1 % after 200 ms. */
#define SETTLE_US 200000

static int64_t tick_us(uint32_t rate_hz, uint32_t i)
{
    return (int64_t)i * 1000000 / rate_hz;
}

/* Largest |output - BASE_KPA| after settling, for one second of a steady
 * pressure with a vibration of vib_hz at +/-10 % of the reading. */
static float vibration_residue(uint32_t rate_hz, float vib_hz)
{
    tpr_filter f;
    tpr_filter_init(&f, rate_hz);
    hand h = {.base_kpa = BASE_KPA, .vib = {.hz = vib_hz, .frac = 0.10f, .phase = 0.3f}};
    float worst = 0.0f;
    for (uint32_t i = 0; i < rate_hz; i++) {
        const int64_t t = tick_us(rate_hz, i);
        const float y = tpr_filter_step(&f, hand_raw(&h, t));
        if (t >= SETTLE_US) {
            worst = fmaxf(worst, fabsf(y - BASE_KPA));
        }
    }
    return worst;
}

/* Butterworth 4th order at 20 Hz: |H(100 Hz)| = 1 / (1 + 5^8)^0.5 = 1/625,
 * so +/-20 kPa leaves 0.032 kPa; a 2nd-order filter would leave 0.8 kPa. */
#define VIBRATION_RESIDUE_MAX_KPA 0.1f

static void test_rejects_vibration_at_1000hz(void **state)
{
    (void)state;
    /* The whole motor range: 200 Hz (5 samples a period) is where a plain
     * median of 3 would rectify the sine into a 2.6 kPa offset. */
    const float freqs[] = {100.0f, 125.0f, 150.0f, 175.0f, 200.0f, 225.0f, 250.0f};
    for (size_t i = 0; i < sizeof freqs / sizeof freqs[0]; i++) {
        const float residue = vibration_residue(1000, freqs[i]);
        print_message("vibration %.0f Hz at 1000 Hz: residue %.4f kPa\n", (double)freqs[i],
                      (double)residue);
        assert_true(residue < VIBRATION_RESIDUE_MAX_KPA);
    }
}

static void test_rejects_vibration_at_other_rates(void **state)
{
    (void)state;
    /* Only frequencies below half the rate can be rejected digitally. */
    assert_true(vibration_residue(250, 100.0f) < VIBRATION_RESIDUE_MAX_KPA);
    assert_true(vibration_residue(2000, 100.0f) < VIBRATION_RESIDUE_MAX_KPA);
    assert_true(vibration_residue(2000, 250.0f) < VIBRATION_RESIDUE_MAX_KPA);
}

/* Largest deviation from BASE_KPA caused by one raw sample at spike_kpa in an
 * otherwise steady signal (with or without vibration). */
static float spike_deviation(float spike_kpa, float vib_frac)
{
    const uint32_t rate = 1000;
    tpr_filter clean, spiked;
    tpr_filter_init(&clean, rate);
    tpr_filter_init(&spiked, rate);
    hand h = {.base_kpa = BASE_KPA, .vib = {.hz = 150.0f, .frac = vib_frac}};
    float worst = 0.0f;
    for (uint32_t i = 0; i < 2 * rate; i++) {
        const float raw = hand_raw(&h, tick_us(rate, i));
        const float y_clean = tpr_filter_step(&clean, raw);
        const float y_spiked = tpr_filter_step(&spiked, i == rate ? spike_kpa : raw);
        worst = fmaxf(worst, fabsf(y_spiked - y_clean));
    }
    return worst;
}

static void test_rejects_single_sample_spikes(void **state)
{
    (void)state;
    /* Steady signal: the median removes the spike completely. */
    assert_true(spike_deviation(BASE_KPA + 300.0f, 0.0f) < 1e-3f);
    assert_true(spike_deviation(0.0f, 0.0f) < 1e-3f);
    /* With a 150 Hz +/-20 kPa vibration the spike is replaced by a neighbour
     * up to 2 * 20 * sin(pi * 150 / 1000) = 18.2 kPa away from the true
     * sample; the low-pass passes at most 4.8 % of one sample (the peak of
     * its impulse response at 1000 Hz): < 0.9 kPa. Without spike rejection
     * the +300 kPa would show as 14 kPa. */
    const float spikes[] = {BASE_KPA + 300.0f, 0.0f};
    for (size_t i = 0; i < 2; i++) {
        const float dev = spike_deviation(spikes[i], 0.10f);
        print_message("spike to %.0f kPa with vibration: deviation %.3f kPa\n", (double)spikes[i],
                      (double)dev);
        assert_true(dev < 0.9f);
    }
}

typedef struct step_figures {
    float delay_ms;      /* from the step to 50 % of the output change */
    float overshoot_pct; /* beyond the final value, % of the step */
    float settle_ms;     /* until the output stays within 1 % of the step */
} step_figures;

static step_figures step_response(uint32_t rate_hz)
{
    const float lo = 100.0f, hi = 200.0f;
    const uint32_t step_at = rate_hz / 2;
    tpr_filter f;
    tpr_filter_init(&f, rate_hz);
    step_figures s = {.delay_ms = -1.0f, .overshoot_pct = 0.0f, .settle_ms = 0.0f};
    for (uint32_t i = 0; i < 2 * rate_hz; i++) {
        const float y = tpr_filter_step(&f, i < step_at ? lo : hi);
        const float since_ms = (float)(tick_us(rate_hz, i) - tick_us(rate_hz, step_at)) / 1000.0f;
        if (i < step_at) {
            continue;
        }
        if (s.delay_ms < 0.0f && y >= 0.5f * (lo + hi)) {
            s.delay_ms = since_ms;
        }
        s.overshoot_pct = fmaxf(s.overshoot_pct, (y - hi) / (hi - lo) * 100.0f);
        if (fabsf(y - hi) > 0.01f * (hi - lo)) {
            s.settle_ms = since_ms;
        }
    }
    return s;
}

static void test_step_response_is_fast_and_calm(void **state)
{
    (void)state;
    const uint32_t rates[] = {200, 250, 1000, 2000};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        const step_figures s = step_response(rates[i]);
        print_message("step at %u Hz: 50%% after %.1f ms, overshoot %.1f %%, within 1%% after "
                      "%.0f ms\n",
                      rates[i], (double)s.delay_ms, (double)s.overshoot_pct, (double)s.settle_ms);
        assert_true(s.delay_ms > 0.0f);
        assert_true(s.delay_ms <= 30.0f);
        /* A 4th-order Butterworth overshoots by 10.8 %. */
        assert_true(s.overshoot_pct < 13.0f);
        assert_true(s.settle_ms < 150.0f);
    }
}

/* Gain for a slow 2 Hz pressure change (measured peak to peak after
 * settling), which must pass nearly unchanged. */
static float slow_change_gain(uint32_t rate_hz)
{
    tpr_filter f;
    tpr_filter_init(&f, rate_hz);
    hand h = {.base_kpa = BASE_KPA, .tremor = {{.hz = 2.0f, .frac = 0.2f}}};
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t i = 0; i < 3 * rate_hz; i++) {
        const float y = tpr_filter_step(&f, hand_raw(&h, tick_us(rate_hz, i)));
        if (i >= rate_hz) {
            lo = fminf(lo, y);
            hi = fmaxf(hi, y);
        }
    }
    return (hi - lo) / (2.0f * 0.2f * BASE_KPA);
}

static void test_slow_change_passes(void **state)
{
    (void)state;
    const uint32_t rates[] = {200, 250, 1000, 2000};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        const float gain = slow_change_gain(rates[i]);
        assert_true(gain > 0.99f);
        assert_true(gain < 1.01f);
    }
}

static void test_first_sample_primes_without_ramp(void **state)
{
    (void)state;
    tpr_filter f;
    tpr_filter_init(&f, 1000);
    for (int i = 0; i < 100; i++) {
        assert_float_equal(tpr_filter_step(&f, 173.0f), 173.0f, 1e-3f);
    }
}

static void test_reset_primes_again(void **state)
{
    (void)state;
    tpr_filter f;
    tpr_filter_init(&f, 1000);
    for (int i = 0; i < 500; i++) {
        tpr_filter_step(&f, 250.0f);
    }
    tpr_filter_reset(&f);
    /* No trace of the old 250 kPa: not in the median, not in the biquads. */
    for (int i = 0; i < 100; i++) {
        assert_float_equal(tpr_filter_step(&f, 40.0f), 40.0f, 1e-3f);
    }
}

static void test_non_finite_input_leaves_state_intact(void **state)
{
    (void)state;
    tpr_filter f;
    tpr_filter_init(&f, 1000);
    assert_true(isnan(tpr_filter_step(&f, NAN)));
    for (int i = 0; i < 100; i++) {
        tpr_filter_step(&f, 120.0f);
    }
    assert_float_equal(tpr_filter_step(&f, NAN), 120.0f, 1e-3f);
    assert_float_equal(tpr_filter_step(&f, INFINITY), 120.0f, 1e-3f);
    assert_float_equal(tpr_filter_step(&f, 120.0f), 120.0f, 1e-3f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rejects_vibration_at_1000hz),
        cmocka_unit_test(test_rejects_vibration_at_other_rates),
        cmocka_unit_test(test_rejects_single_sample_spikes),
        cmocka_unit_test(test_step_response_is_fast_and_calm),
        cmocka_unit_test(test_slow_change_passes),
        cmocka_unit_test(test_first_sample_primes_without_ramp),
        cmocka_unit_test(test_reset_primes_again),
        cmocka_unit_test(test_non_finite_input_leaves_state_intact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
