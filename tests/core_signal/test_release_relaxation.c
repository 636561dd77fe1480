/* Relaxation is not release: every sustained press relaxes in its first
 * seconds, a trigger point or not. Traces shaped like the tissue (the
 * relaxation of a press, then possibly a later release) under tremor,
 * sensor noise and motor vibration, through the whole core: the filter,
 * the release detector and the hold it ends or extends. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core.h"
#include "hand_signal.h"

#define TICK_US 1000
#define S(x) ((int64_t)((x)*1e6))
#define BASE_KPA 220.0f
#define PRESS_US S(1) /* the hand presses in over this, then holds still */

/* The relaxation of a press: a fall of frac of the pressure, part of it
 * fast (tau_fast) and the rest slow (tau_slow), from the moment the hand
 * stops pushing. */
typedef struct relaxation {
    float frac, fast_share, tau_fast_s, tau_slow_s;
} relaxation;

/* Indentation stress relaxation in two exponentials that plateau within
 * about 20 s (Palevski): 95 % of it by then. */
static const relaxation two_exponentials = {0.20f, 0.4f, 2.0f, 8.0f};
/* One slow exponential matching Ryan 2011: 84 % of the creep of a 30 s
 * stretch within its first 15 s. */
static const relaxation ryan = {0.20f, 0.0f, 1.0f, 9.0f};

static float relaxed(const relaxation *r, int64_t t_us)
{
    if (t_us <= PRESS_US)
        return 1.0f;
    float t = (float)(t_us - PRESS_US) / 1e6f;
    float left = r->fast_share * expf(-t / r->tau_fast_s) +
                 (1.0f - r->fast_share) * expf(-t / r->tau_slow_s);
    return 1.0f - r->frac * (1.0f - left);
}

/* The press coming in from contact, then the hand (tremor, noise,
 * vibration, and its ramps: a release) on relaxing tissue. */
static float raw_kpa(hand *h, const relaxation *r, int64_t t_us)
{
    float in = t_us < PRESS_US ? (float)t_us / (float)PRESS_US : 1.0f;
    return hand_raw(h, t_us) * relaxed(r, t_us) * in;
}

/* The same without tremor, noise and vibration: what the tissue does. */
static float true_kpa(const hand *h, const relaxation *r, int64_t t_us)
{
    hand quiet = {.base_kpa = h->base_kpa, .ramp = {h->ramp[0], h->ramp[1]}};
    return hand_raw(&quiet, t_us) * relaxed(r, t_us);
}

/* The pre-existing defaults that doubled the dose: a 30 s target, a release
 * ending the hold from 20 s on, following one up to 60 s. */
static tpr_dose dose(void)
{
    return (tpr_dose){.muscle = "vastus_lateralis",
                      .contact_kpa = 40,
                      .band_min_kpa = 120,
                      .band_max_kpa = 300,
                      .limit_kpa = 450,
                      .hold_ms = 30000,
                      .hold_min_ms = 20000,
                      .hold_max_ms = 60000,
                      .rest_ms = 1000,
                      .reps = 1,
                      .intensity_pct = 60,
                      .intensity_max_pct = 100,
                      .release_drop = 0.15f};
}

typedef struct outcome {
    int64_t release_us; /* -1: none */
    int64_t done_us;    /* -1: not done */
    uint32_t hold_ms;   /* at done */
    tpr_done_reason reason;
} outcome;

static outcome press(hand *h, const relaxation *r, const tpr_dose *d)
{
    tpr_core core;
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_routine routine = {.name = "test", .count = 1, .dose = {*d}};
    assert_int_equal(tpr_core_init(&core, &cfg, &routine), 0);
    outcome o = {.release_us = -1, .done_us = -1};
    /* Start lifted, so that the core sees the tip come down. */
    const int64_t t0 = S(1);
    tpr_output out;
    for (int64_t t = 0; t < t0 + S(90) && o.done_us < 0; t += TICK_US) {
        tpr_sample s = {.t_us = t, .kpa = t < t0 ? 0.0f : raw_kpa(h, r, t - t0), .ok = true};
        tpr_core_step(&core, t, &s, &out);
        if ((out.events & TPR_EV_RELEASE) && o.release_us < 0)
            o.release_us = t - t0;
        if (out.events & TPR_EV_DONE) {
            o.done_us = t - t0;
            o.hold_ms = out.hold_ms;
            o.reason = out.reason;
        }
    }
    return o;
}

static hand steady_hand(uint32_t seed)
{
    return hand_steady(BASE_KPA, seed);
}

/* A relaxation of 20 % in the first seconds, under tremor, noise and
 * vibration: no release, nothing extends the hold, which ends at its
 * target. Before, the detector took the relaxation for a release under way
 * and held on to hold_max, twice the dose. */
static void test_relaxation_alone_ends_at_the_target(void **state)
{
    (void)state;
    const relaxation *shapes[] = {&two_exponentials, &ryan};
    for (size_t i = 0; i < 2; i++) {
        for (uint32_t seed = 1; seed <= 6; seed++) {
            hand h = steady_hand(seed);
            tpr_dose d = dose();
            outcome o = press(&h, shapes[i], &d);
            assert_int_equal(o.release_us, -1);
            assert_int_equal(o.reason, TPR_DONE_TARGET);
            assert_int_equal(o.hold_ms, d.hold_ms);
        }
    }
}

/* The slowest, largest relaxation with a full, slow tremor (0.5 Hz,
 * +/-3 %) whose crests and troughs straddle the levels that matter. */
static void test_relaxation_under_slow_tremor_is_not_a_release(void **state)
{
    (void)state;
    for (int k = 0; k < 8; k++) {
        hand h = steady_hand(30u + (uint32_t)k);
        const hand_sine slow = {.hz = 0.5f, .frac = 0.03f, .phase = 0.785f * (float)k};
        for (int i = 0; i < HAND_TREMORS; i++)
            h.tremor[i] = i ? (hand_sine){0} : slow;
        h.vib.hz = 250.0f;
        tpr_dose d = dose();
        d.hold_ms = 60000; /* watch the whole of a 60 s hold */
        d.hold_max_ms = 90000;
        outcome o = press(&h, &ryan, &d);
        assert_int_equal(o.release_us, -1);
        assert_int_equal(o.reason, TPR_DONE_TARGET);
    }
}

/* When the tissue's pressure first sits drop below the level it settled to
 * (its value at the end of the relaxation), from the noise-free trace. */
static int64_t drop_reached(const hand *h, const relaxation *r, float drop)
{
    const int64_t settled = S(20);
    float ref = true_kpa(h, r, settled);
    for (int64_t t = settled; t < S(90); t += TICK_US)
        if (true_kpa(h, r, t) <= ref * (1.0f - drop))
            return t;
    fail_msg("the trace never reaches the release level");
    return -1;
}

/* Relaxation first, then a trigger point letting go later in the hold (a
 * creep of 15-25 % over 2-8 s, starting 25-40 s into the press): the
 * release is found within 2 s of the pressure reaching release_drop below
 * the settled level, and ends the hold. */
static void test_release_after_relaxation_is_found_within_2_s(void **state)
{
    (void)state;
    const float fracs[] = {0.18f, 0.20f, 0.25f};
    const float secs[] = {2.0f, 5.0f, 8.0f};
    const float starts[] = {25.0f, 32.0f, 40.0f};
    uint32_t seed = 11;
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 3; j++) {
            hand h = steady_hand(seed++);
            h.ramp[0] =
                (hand_ramp){.start_us = S(starts[i]), .len_us = S(secs[j]), .frac = fracs[i]};
            tpr_dose d = dose();
            d.hold_ms = 60000;
            d.hold_max_ms = 90000;
            const relaxation *r = j % 2 ? &ryan : &two_exponentials;
            outcome o = press(&h, r, &d);
            int64_t reached = drop_reached(&h, r, d.release_drop);
            print_message("creep %.0f %% over %.0f s from %.0f s: level reached at %.2f s, "
                          "release found %.2f s later\n",
                          (double)(fracs[i] * 100.0f), (double)secs[j], (double)starts[i],
                          (double)reached / 1e6, (double)(o.release_us - reached) / 1e6);
            assert_true(o.release_us > S(starts[i]));
            assert_true(o.release_us <= reached + S(2));
            assert_int_equal(o.reason, TPR_DONE_RELEASE);
        }
    }
}

/* A real release under way at the hold target still extends the hold. */
static void test_release_under_way_at_the_target_extends_the_hold(void **state)
{
    (void)state;
    hand h = steady_hand(77);
    h.ramp[0] = (hand_ramp){.start_us = S(27), .len_us = S(8), .frac = 0.20f};
    tpr_dose d = dose();
    outcome o = press(&h, &two_exponentials, &d);
    assert_true(o.hold_ms > d.hold_ms);
    assert_true(o.hold_ms < d.hold_max_ms);
    assert_int_equal(o.reason, TPR_DONE_RELEASE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relaxation_alone_ends_at_the_target),
        cmocka_unit_test(test_relaxation_under_slow_tremor_is_not_a_release),
        cmocka_unit_test(test_release_after_relaxation_is_found_within_2_s),
        cmocka_unit_test(test_release_under_way_at_the_target_extends_the_hold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
