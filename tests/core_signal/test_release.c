/* The release detector, fed through the pressure filter from a simulated
 * hand with tremor, sensor noise and motor vibration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "filter.h"
#include "hand_signal.h"
#include "release.h"

#define RATE_HZ 1000u
#define TICK_US (1000000 / (int64_t)RATE_HZ)
#define S(x) ((int64_t)((x)*1e6))
#define BASE_KPA 200.0f
#define DEFAULT_DROP 0.15f

typedef struct run_opts {
    uint32_t rate_hz;
    int64_t end_us;
    float drop;
    int64_t gap_start_us; /* ticks in [gap_start, gap_end) are out of band */
    int64_t gap_end_us;
    int64_t probe_us; /* when to sample tpr_release_in_progress() */
} run_opts;

typedef struct run_result {
    int fires;
    int64_t first_fire_us; /* -1: never */
    bool in_progress_at_probe;
    bool in_progress_before_probe; /* at any tick before probe_us */
    bool fired_flag;
} run_result;

static hand steady_hand(uint32_t seed)
{
    return hand_steady(BASE_KPA, seed);
}

/* Each run holds steadily for SETTLED_US before t = 0, past the tissue's
 * relaxation (which the detector does not judge): the times below count
 * from a settled press. test_release_relaxation covers the relaxation. */
#define SETTLED_US S(20)

static run_result run(hand *h, run_opts o)
{
    tpr_filter f;
    tpr_release r;
    const int64_t tick_us = 1000000 / (int64_t)o.rate_hz;
    tpr_filter_init(&f, o.rate_hz);
    tpr_release_init(&r, o.drop);
    run_result res = {.first_fire_us = -1};
    for (int64_t t = -SETTLED_US; t < o.end_us; t += tick_us) {
        const float filtered = tpr_filter_step(&f, hand_raw(h, t));
        if (t >= o.gap_start_us && t < o.gap_end_us) {
            continue;
        }
        if (tpr_release_step(&r, t, filtered)) {
            res.fires++;
            if (res.first_fire_us < 0) {
                res.first_fire_us = t;
            }
        }
        if (t < o.probe_us && tpr_release_in_progress(&r)) {
            res.in_progress_before_probe = true;
        }
        if (t == o.probe_us) {
            res.in_progress_at_probe = tpr_release_in_progress(&r);
        }
    }
    res.fired_flag = tpr_release_fired(&r);
    return res;
}

static run_opts opts(int64_t end_us, float drop)
{
    return (run_opts){.rate_hz = RATE_HZ, .end_us = end_us, .drop = drop, .probe_us = end_us};
}

/* Options that watch tpr_release_in_progress() over the whole run. */
static run_opts whole_run(int64_t end_us, float drop)
{
    run_opts o = opts(end_us, drop);
    o.probe_us = end_us - TICK_US;
    return o;
}

/* 90 s of steady holding with tremor, noise and vibration: never a release,
 * and never even "in progress" (which would stretch the hold). */
static void test_no_release_on_steady_hold_with_tremor(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 8; seed++) {
        hand h = steady_hand(seed);
        const run_result res = run(&h, whole_run(S(90), DEFAULT_DROP));
        assert_int_equal(res.fires, 0);
        assert_false(res.fired_flag);
        assert_false(res.in_progress_before_probe);
    }
}

/* A single tremor at full +/-3 %, from a slow sway (0.2 Hz, slower than
 * required) to the fastest tremor. */
static void test_no_release_on_slow_large_tremor(void **state)
{
    (void)state;
    const float hz[] = {0.2f, 0.5f, 1.0f, 3.0f};
    for (size_t i = 0; i < sizeof hz / sizeof hz[0]; i++) {
        hand h = {.base_kpa = BASE_KPA,
                  .tremor = {{.hz = hz[i], .frac = 0.03f}},
                  .vib = {.hz = 250.0f, .frac = 0.10f},
                  .noise_frac = 0.02f,
                  .seed = 7};
        const run_result res = run(&h, whole_run(S(90), DEFAULT_DROP));
        assert_int_equal(res.fires, 0);
        assert_false(res.in_progress_before_probe);
    }
}

static void test_no_release_on_noise_alone(void **state)
{
    (void)state;
    hand h = {.base_kpa = BASE_KPA, .noise_frac = 0.02f, .seed = 99};
    const run_result res = run(&h, whole_run(S(90), DEFAULT_DROP));
    assert_int_equal(res.fires, 0);
    assert_false(res.in_progress_before_probe);
}

/* Creeps of 15-25 % over 2-8 s, starting after 10 s of holding, under
 * tremor, noise and vibration: recognised once, after the creep began and
 * within a few seconds of its end. */
static void test_release_on_creep(void **state)
{
    (void)state;
    const float fracs[] = {0.15f, 0.20f, 0.25f};
    const float secs[] = {2.0f, 5.0f, 8.0f};
    uint32_t seed = 11;
    for (size_t i = 0; i < sizeof fracs / sizeof fracs[0]; i++) {
        for (size_t j = 0; j < sizeof secs / sizeof secs[0]; j++) {
            hand h = steady_hand(seed++);
            h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(secs[j]), .frac = fracs[i]};
            const run_result res = run(&h, opts(S(40), DEFAULT_DROP));
            print_message("creep %.0f %% over %.0f s: release %.2f s after its start\n",
                          (double)(fracs[i] * 100.0f), (double)secs[j],
                          (double)(res.first_fire_us - S(10)) / 1e6);
            assert_int_equal(res.fires, 1);
            assert_true(res.fired_flag);
            assert_true(res.first_fire_us > S(10) + S(1));
            assert_true(res.first_fire_us < S(10) + S(secs[j]) + S(4));
        }
    }
}

/* The hardest case: the smallest creep (15 %) under the slowest full tremor
 * (0.5 Hz, +/-3 %), whose troughs and crests straddle the release level. */
static void test_release_on_small_creep_under_slow_tremor(void **state)
{
    (void)state;
    for (int k = 0; k < 8; k++) {
        hand h = {.base_kpa = BASE_KPA,
                  .tremor = {{.hz = 0.5f, .frac = 0.03f, .phase = 0.785f * (float)k}},
                  .vib = {.hz = 150.0f, .frac = 0.10f},
                  .noise_frac = 0.02f,
                  .seed = 40u + (uint32_t)k};
        h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(5), .frac = 0.15f};
        const run_result res = run(&h, opts(S(40), DEFAULT_DROP));
        assert_int_equal(res.fires, 1);
        assert_true(res.first_fire_us < S(10) + S(5) + S(4));
    }
}

/* Once the release level is reached, tremor crests that cross back above it
 * do not restart the "sustained" timer: a 14 % creep under a 1 Hz +/-3 %
 * tremor is 15 % below the (crest) peak in every trough only, and is still
 * recognised. */
static void test_tremor_crests_do_not_restart_sustain(void **state)
{
    (void)state;
    for (int k = 0; k < 4; k++) {
        hand h = {.base_kpa = BASE_KPA,
                  .tremor = {{.hz = 1.0f, .frac = 0.03f, .phase = 1.57f * (float)k}},
                  .noise_frac = 0.02f,
                  .seed = 60u + (uint32_t)k};
        h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(5), .frac = 0.14f};
        assert_int_equal(run(&h, opts(S(40), DEFAULT_DROP)).fires, 1);
    }
}

/* The whole run after a release: more creep, tremor, a new peak and a second
 * creep do not make it fire again. */
static void test_fires_only_once(void **state)
{
    (void)state;
    hand h = steady_hand(5);
    h.ramp[0] = (hand_ramp){.start_us = S(5), .len_us = S(4), .frac = 0.20f};
    h.ramp[1] = (hand_ramp){.start_us = S(20), .len_us = S(4), .frac = 0.20f};
    const run_result res = run(&h, opts(S(60), DEFAULT_DROP));
    assert_int_equal(res.fires, 1);
    assert_true(res.first_fire_us < S(20));
}

static void test_larger_drop_ignores_smaller_creep(void **state)
{
    (void)state;
    hand h = steady_hand(3);
    h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(5), .frac = 0.15f};
    assert_int_equal(run(&h, opts(S(40), 0.25f)).fires, 0);
    /* The same hand with the default drop: it is a release. */
    hand same = steady_hand(3);
    same.ramp[0] = h.ramp[0];
    assert_int_equal(run(&same, opts(S(40), DEFAULT_DROP)).fires, 1);
}

/* Half-way through a 20 % creep the pressure is 10 % down, more than half of
 * the 15 % drop: the release is in progress, but not recognised yet. */
static void test_in_progress_half_way_through_creep(void **state)
{
    (void)state;
    hand h = steady_hand(21);
    h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(6), .frac = 0.20f};
    run_opts o = opts(S(13) + S(0.3), DEFAULT_DROP);
    o.probe_us = S(13) + S(0.3) - TICK_US; /* half-way plus the smoothing lag */
    const run_result res = run(&h, o);
    assert_true(res.in_progress_at_probe);
    assert_int_equal(res.fires, 0);

    hand before = steady_hand(21);
    before.ramp[0] = h.ramp[0];
    assert_false(run(&before, whole_run(S(10), DEFAULT_DROP)).in_progress_before_probe);
}

/* The hand easing off by 25 % within 0.2 s is not a release, nor one in
 * progress once the smoothing has caught up; a creep that follows later is
 * measured from the new, lower pressure (a 5 % drift is nothing, 18 % is a
 * release). */
static void test_quick_ease_off_is_not_a_release(void **state)
{
    (void)state;
    const hand_ramp ease = {.start_us = S(10), .len_us = S(0.2), .frac = 0.25f};
    hand h = steady_hand(8);
    h.ramp[0] = ease;
    run_opts o = opts(S(30), DEFAULT_DROP);
    o.probe_us = S(12);
    run_result res = run(&h, o);
    assert_int_equal(res.fires, 0);
    assert_false(res.in_progress_at_probe);

    h = steady_hand(8);
    h.ramp[0] = ease;
    h.ramp[1] = (hand_ramp){.start_us = S(20), .len_us = S(3), .frac = 0.05f};
    assert_int_equal(run(&h, opts(S(40), DEFAULT_DROP)).fires, 0);

    h = steady_hand(8);
    h.ramp[0] = ease;
    h.ramp[1] = (hand_ramp){.start_us = S(20), .len_us = S(4), .frac = 0.18f};
    res = run(&h, opts(S(40), DEFAULT_DROP));
    assert_int_equal(res.fires, 1);
    assert_true(res.first_fire_us > S(20));
}

/* A gentler release setting (drop 10 %) still ignores tremor at 2-3 Hz:
 * unsmoothed, +/-3 % would already put the pressure 6 % below its peak. */
static void test_small_drop_ignores_fast_tremor(void **state)
{
    (void)state;
    hand h = {.base_kpa = BASE_KPA,
              .tremor = {{.hz = 2.1f, .frac = 0.015f}, {.hz = 2.9f, .frac = 0.015f, .phase = 1.0f}},
              .vib = {.hz = 150.0f, .frac = 0.10f},
              .noise_frac = 0.02f,
              .seed = 17};
    const run_result res = run(&h, whole_run(S(90), 0.10f));
    assert_int_equal(res.fires, 0);
    assert_false(res.in_progress_before_probe);
}

/* Ticks spent out of the band are not fed. The peak survives the gap, so a
 * creep interrupted by it is still recognised, but the pressure must be
 * confirmed down for a full second of in-band ticks after the gap. */
static void test_gap_keeps_peak_and_restarts_sustain(void **state)
{
    (void)state;
    hand h = steady_hand(13);
    h.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(4), .frac = 0.20f};
    const run_result plain = run(&h, opts(S(30), DEFAULT_DROP));
    assert_int_equal(plain.fires, 1);

    /* A 2 s gap starting just before the uninterrupted run would fire. */
    hand g = steady_hand(13);
    g.ramp[0] = h.ramp[0];
    run_opts o = opts(S(30), DEFAULT_DROP);
    o.gap_start_us = plain.first_fire_us - S(0.1);
    o.gap_end_us = o.gap_start_us + S(2);
    const run_result gapped = run(&g, o);
    assert_int_equal(gapped.fires, 1);
    assert_true(gapped.first_fire_us >= o.gap_end_us + S(1));
    assert_true(gapped.first_fire_us < o.gap_end_us + S(2));
}

/* The detector works in time, not in ticks: the same holds give the same
 * verdicts at the slowest and the fastest supported rate. */
static void test_other_rates(void **state)
{
    (void)state;
    const uint32_t rates[] = {200, 2000};
    for (size_t i = 0; i < 2; i++) {
        hand steady = steady_hand(70);
        run_opts o = opts(S(60), DEFAULT_DROP);
        o.rate_hz = rates[i];
        assert_int_equal(run(&steady, o).fires, 0);

        hand creep = steady_hand(71);
        creep.ramp[0] = (hand_ramp){.start_us = S(10), .len_us = S(5), .frac = 0.20f};
        const run_result res = run(&creep, o);
        assert_int_equal(res.fires, 1);
        assert_true(res.first_fire_us > S(11));
        assert_true(res.first_fire_us < S(19));
    }
}

static void test_non_finite_input_is_ignored(void **state)
{
    (void)state;
    tpr_release r;
    tpr_release_init(&r, DEFAULT_DROP);
    for (int64_t t = 0; t < S(5); t += TICK_US) {
        assert_false(tpr_release_step(&r, t, t == S(2) ? NAN : BASE_KPA));
    }
    assert_false(tpr_release_in_progress(&r));
    assert_false(tpr_release_fired(&r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_release_on_steady_hold_with_tremor),
        cmocka_unit_test(test_no_release_on_slow_large_tremor),
        cmocka_unit_test(test_no_release_on_noise_alone),
        cmocka_unit_test(test_release_on_creep),
        cmocka_unit_test(test_release_on_small_creep_under_slow_tremor),
        cmocka_unit_test(test_tremor_crests_do_not_restart_sustain),
        cmocka_unit_test(test_fires_only_once),
        cmocka_unit_test(test_larger_drop_ignores_smaller_creep),
        cmocka_unit_test(test_in_progress_half_way_through_creep),
        cmocka_unit_test(test_quick_ease_off_is_not_a_release),
        cmocka_unit_test(test_small_drop_ignores_fast_tremor),
        cmocka_unit_test(test_gap_keeps_peak_and_restarts_sustain),
        cmocka_unit_test(test_other_rates),
        cmocka_unit_test(test_non_finite_input_is_ignored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
