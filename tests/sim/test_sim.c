/* The simulated device behaves like the physical one the core must cope
 * with: a hand, tissue that releases, a noisy sensor, a vibrating motor. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sim.h"

#define MS 1000

typedef struct run {
    tpr_hal hal;
    tpr_sim *sim;
    int64_t t;
} run;

static void open_script(run *r, const char *script, uint64_t seed)
{
    tpr_sim_config c;
    tpr_sim_config_default(&c);
    c.script_text = script;
    c.seed = seed;
    char err[256];
    assert_int_equal(tpr_sim_open(&r->hal, &c, err, sizeof(err)), 0);
    r->sim = tpr_sim_of(&r->hal);
    assert_non_null(r->sim);
    r->t = 1000000;
}

/* Read one sample 1 ms later. */
static tpr_sample tick(run *r)
{
    tpr_sample s;
    r->t += MS;
    r->hal.pressure.read(r->hal.pressure.ctx, r->t, &s);
    return s;
}

/* Mean and spread of the readings over ms milliseconds. */
static void stats(run *r, int ms, double *mean, double *peak_dev)
{
    double sum = 0, v[20000];
    for (int i = 0; i < ms; i++) {
        v[i] = tick(r).kpa;
        sum += v[i];
    }
    *mean = sum / ms;
    *peak_dev = 0;
    for (int i = 0; i < ms; i++)
        *peak_dev = fmax(*peak_dev, fabs(v[i] - *mean));
}

static void test_press_reaches_the_asked_pressure(void **state)
{
    (void)state;
    run r;
    open_script(&r, "tremor 0 %\npress 2.04 kgf/cm2 1 s # spaces before units\nhold 30s\n", 1);
    for (int i = 0; i < 1000; i++)
        tick(&r);
    assert_float_equal(tpr_sim_true_kpa(r.sim), 200.0, 2.0);
    tpr_hal_close(&r.hal);
}

/* Every press relaxes: under a hand that keeps still the pressure falls by
 * 10-20 % over the first 20 s (a little of it already while pressing in),
 * most of it early, and then hardly moves — and that is no release. */
static void test_every_press_relaxes_first(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        run r;
        open_script(&r, "tremor 0%\npress 200kPa 500ms\nhold 30s\n", seed);
        double start, at5, at20, at24, dev;
        for (int i = 0; i < 500; i++)
            tick(&r);
        stats(&r, 100, &start, &dev);
        for (int i = 0; i < 4900; i++)
            tick(&r);
        stats(&r, 100, &at5, &dev);
        for (int i = 0; i < 14900; i++)
            tick(&r);
        stats(&r, 100, &at20, &dev);
        for (int i = 0; i < 3900; i++)
            tick(&r);
        stats(&r, 100, &at24, &dev);
        assert_true(at20 < start * 0.925 && at20 > start * 0.79);
        assert_true(start - at5 > 0.5 * (start - at20)); /* most of it early */
        assert_true(at20 - at24 < 0.01 * start);         /* then hardly */
        assert_int_equal(tpr_sim_releases(r.sim), 0);
        tpr_hal_close(&r.hal);
    }
}

/* keep holds a pressure as a weight on the tip does: the hand presses on
 * as the tissue relaxes (what calibration with a weight needs). */
static void test_keep_holds_the_pressure_while_the_tissue_relaxes(void **state)
{
    (void)state;
    run r;
    open_script(&r, "tremor 0%\npress 200kPa 500ms\nkeep 200kPa 30s\n", 2);
    for (int i = 0; i < 20500; i++)
        tick(&r);
    assert_float_equal(tpr_sim_true_kpa(r.sim), 200.0, 1.0);
    tpr_hal_close(&r.hal);
}

/* ramp raises the pressure at a steady rate, as an algometer trial asks:
 * 100 kPa/s from contact on, whatever the tissue's stiffness curve, and
 * down again as steadily. */
static void test_ramp_raises_the_pressure_steadily(void **state)
{
    (void)state;
    run r;
    open_script(&r, "tremor 0%\nramp 300kPa 3s\nramp 0kPa 1s\n", 3);
    for (int s = 1; s <= 3; s++) {
        for (int i = 0; i < 1000; i++)
            tick(&r);
        assert_float_equal(tpr_sim_true_kpa(r.sim), 100.0f * (float)s, 3.0);
    }
    for (int i = 0; i < 500; i++)
        tick(&r);
    assert_float_equal(tpr_sim_true_kpa(r.sim), 150.0, 3.0);
    tpr_hal_close(&r.hal);
}

static void test_steady_hand_creeps_down_when_the_spot_releases(void **state)
{
    (void)state;
    run r;
    open_script(&r, "tremor 0%\npress 200kPa 500ms\nhold 70s\n", 3);
    double before, after, dev;
    for (int i = 0; i < 21500; i++)
        tick(&r);
    stats(&r, 1000, &before, &dev); /* relaxed, not released yet */
    assert_int_equal(tpr_sim_releases(r.sim), 0);
    for (int i = 0; i < 40000; i++)
        tick(&r);
    stats(&r, 1000, &after, &dev);
    /* Released within the configured 25–45 s of load, 25 % softer. */
    assert_int_equal(tpr_sim_releases(r.sim), 1);
    assert_true(after < before * 0.80);
    assert_true(after > before * 0.70);
    tpr_hal_close(&r.hal);
}

static void test_lifting_off_moves_to_a_fresh_spot(void **state)
{
    (void)state;
    run r;
    open_script(&r,
                "tremor 0%\npress 200kPa 500ms\nhold 55s\nlift 200ms\nwait 2s\n"
                "press 200kPa 500ms\nhold 1s\n",
                4);
    for (int i = 0; i < 55700; i++)
        tick(&r);
    assert_true(tpr_sim_true_kpa(r.sim) < 170.0f); /* released and soft */
    for (int i = 0; i < 2700; i++)                 /* to the end of the new press */
        tick(&r);
    assert_float_equal(tpr_sim_true_kpa(r.sim), 200.0, 3.0); /* firm again */
    tpr_hal_close(&r.hal);
}

static void test_vibration_leak_grows_with_intensity(void **state)
{
    (void)state;
    double mean, off, half, full;
    run r;
    open_script(&r, "tremor 0%\npress 200kPa 200ms\nhold 60s\n", 5);
    for (int i = 0; i < 300; i++)
        tick(&r);
    stats(&r, 500, &mean, &off);
    r.hal.motor.set(r.hal.motor.ctx, 50.0f);
    stats(&r, 500, &mean, &half);
    r.hal.motor.set(r.hal.motor.ctx, 100.0f);
    stats(&r, 500, &mean, &full);
    /* Off: only noise (0.8 kPa sd). Full: ±10 % of 200 kPa. */
    assert_true(off < 5.0);
    assert_true(half > 7.0 && half < 15.0);
    assert_true(full > 17.0 && full < 25.0);
    tpr_hal_close(&r.hal);
}

static void test_each_fault_shows_as_it_should(void **state)
{
    (void)state;
    run r;
    open_script(&r, "tremor 0%\npress 200kPa 100ms\nhold 60s\n", 6);
    for (int i = 0; i < 200; i++)
        tick(&r);
    tpr_sample s, before = tick(&r);

    tpr_sim_inject(r.sim, TPR_SIM_FAULT_READ_ERROR, r.t, 10 * MS);
    s = tick(&r);
    assert_false(s.ok);
    tpr_sim_inject(r.sim, TPR_SIM_FAULT_NAN, r.t, 10 * MS);
    s = tick(&r);
    assert_true(s.ok && isnan(s.kpa));
    tpr_sim_inject(r.sim, TPR_SIM_FAULT_RANGE, r.t, 10 * MS);
    s = tick(&r);
    assert_true(s.kpa > 5000.0f);

    for (int i = 0; i < 20; i++)
        before = tick(&r);
    tpr_sim_inject(r.sim, TPR_SIM_FAULT_STUCK, r.t, 10 * MS);
    for (int i = 0; i < 5; i++) {
        s = tick(&r);
        assert_true(s.kpa == before.kpa && s.t_us == r.t); /* frozen value, time moves */
    }
    for (int i = 0; i < 10; i++)
        before = tick(&r);
    tpr_sim_inject(r.sim, TPR_SIM_FAULT_STALE, r.t, 10 * MS);
    for (int i = 0; i < 5; i++) {
        s = tick(&r);
        assert_true(s.t_us == before.t_us); /* no new sample */
    }
    for (int i = 0; i < 10; i++)
        s = tick(&r);
    assert_true(s.ok && s.t_us == r.t && fabsf(s.kpa - 200.0f) < 10.0f); /* over */
    tpr_hal_close(&r.hal);
}

/* Drive a following hand with the device's signal for the pressure it makes. */
static tpr_signal judge(float kpa, float lo, float hi)
{
    return kpa < lo ? TPR_SIG_TOO_SOFT : kpa > hi ? TPR_SIG_TOO_HARD : TPR_SIG_IN_BAND;
}

static void test_following_hand_settles_in_the_band(void **state)
{
    (void)state;
    static const float bands[][2] = {{120, 300}, {50, 120}, {100, 220}};
    for (size_t b = 0; b < 3; b++) {
        run r;
        open_script(&r, "follow\n", 7);
        int in_band = 0;
        for (int i = 0; i < 8000; i++) {
            tpr_sample s = tick(&r);
            tpr_signal sig = judge(s.kpa, bands[b][0], bands[b][1]);
            r.hal.indicator.show(r.hal.indicator.ctx, r.t, sig);
            in_band += i >= 5000 && sig == TPR_SIG_IN_BAND;
        }
        assert_true(in_band > 2900); /* the last 3 s inside the band */
        /* done: the hand lifts off */
        for (int i = 0; i < 1000; i++) {
            tick(&r);
            r.hal.indicator.show(r.hal.indicator.ctx, r.t, TPR_SIG_DONE);
        }
        assert_true(tpr_sim_true_kpa(r.sim) < 1.0f);
        tpr_hal_close(&r.hal);
    }
}

static void test_same_seed_same_samples(void **state)
{
    (void)state;
    run a, b;
    open_script(&a, "press 150kPa 1s\nhold 2s\n", 42);
    open_script(&b, "press 150kPa 1s\nhold 2s\n", 42);
    for (int i = 0; i < 3000; i++) {
        tpr_sample x = tick(&a), y = tick(&b);
        assert_true(x.t_us == y.t_us && x.ok == y.ok && x.kpa == y.kpa);
    }
    tpr_hal_close(&a.hal);
    tpr_hal_close(&b.hal);
}

static void test_script_errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"follow\njump 3s\n", "hand script:2: unknown step 'jump'"},
        {"# c\n\npress 200 kPa\n", "hand script:3: 'press' takes 2 to 2 values"},
        {"hold 1 s 2 s\n", "hand script:1: 'hold' takes 1 to 1 values, not 2"},
        {"press 200kPa 1x\n", "hand script:1: press:"},
        {"press 2N 1s\n", "hand script:1: press:"},
        {"fault smoke 1s\n", "hand script:1: unknown fault 'smoke'"},
        {"follow 1e300s\n", "hand script:1: follow: duration '1e300s' outside 0 to 24 h"},
        {"wait -2s\n", "hand script:1: wait: duration '-2s' outside 0 to 24 h"},
        {"# nothing\n", "the script has no steps"},
        {"button stop\n", "hand script:1: unknown button 'stop'"},
        {"ramp 300 kPa\n", "hand script:1: 'ramp' takes 2 to 2 values, not 1"},
        {"wait 1s\nramp 3s 300kPa\n", "hand script:2: ramp:"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        tpr_sim_config c;
        tpr_sim_config_default(&c);
        c.script_text = cases[i].text;
        tpr_hal hal;
        char err[256] = "";
        assert_int_equal(tpr_sim_open(&hal, &c, err, sizeof(err)), -1);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: got '%s', want '%s'", i, err, cases[i].want);
    }
}

/* The script's buttons press when their step begins and let go when it
 * ends, each edge with its time: a quick next, a start/pause held 300 ms
 * and next held 1.5 s; the hand on the tip stays still meanwhile. */
static void test_script_buttons_are_pressed_in_order(void **state)
{
    (void)state;
    run r;
    open_script(&r,
                "press 150kPa 200ms\nbutton next\nbutton start_pause 300ms\n"
                "button next 1.5s\nwait 1s\n",
                1);
    tpr_button_edge got[7];
    int n = 0;
    for (int i = 0; i < 3000; i++) {
        tick(&r);
        if (i == 1000)
            assert_true(fabsf(tpr_sim_true_kpa(r.sim) - 150.0f) < 10.0f);
        while (n < 7 && r.hal.inputs.next(r.hal.inputs.ctx, r.t, true, &got[n]))
            n++;
    }
    assert_int_equal(n, 6);
    const tpr_button order[] = {TPR_BUTTON_NEXT, TPR_BUTTON_START_PAUSE, TPR_BUTTON_NEXT};
    const int64_t held_us[] = {100000, 300000, 1500000};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(got[2 * i].button, order[i]);
        assert_int_equal(got[2 * i + 1].button, order[i]);
        assert_true(got[2 * i].pressed);
        assert_false(got[2 * i + 1].pressed);
        assert_int_equal(got[2 * i + 1].t_us - got[2 * i].t_us, held_us[i]);
    }
    assert_int_equal(got[2].t_us, got[1].t_us); /* the next step begins as one ends */
    tpr_hal_close(&r.hal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_press_reaches_the_asked_pressure),
        cmocka_unit_test(test_every_press_relaxes_first),
        cmocka_unit_test(test_keep_holds_the_pressure_while_the_tissue_relaxes),
        cmocka_unit_test(test_ramp_raises_the_pressure_steadily),
        cmocka_unit_test(test_steady_hand_creeps_down_when_the_spot_releases),
        cmocka_unit_test(test_lifting_off_moves_to_a_fresh_spot),
        cmocka_unit_test(test_vibration_leak_grows_with_intensity),
        cmocka_unit_test(test_each_fault_shows_as_it_should),
        cmocka_unit_test(test_following_hand_settles_in_the_band),
        cmocka_unit_test(test_same_seed_same_samples),
        cmocka_unit_test(test_script_errors_name_the_line),
        cmocka_unit_test(test_script_buttons_are_pressed_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
