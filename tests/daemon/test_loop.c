/* The fixed-rate loop: every way out of it leaves the motor off. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loop.h"

/* A device whose tip is pressed at a fixed pressure and whose motor
 * records what it is told, failing on request. */
typedef struct fake {
    float kpa;
    float motor_pct;
    int sets, offs;
    int fail_after; /* set() fails from this call on; 0 never */
    int reads;
    int stall_at; /* this read takes 3 ms: the loop misses periods */
    tpr_signal shown;
} fake;

static int fake_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    fake *f = ctx;
    if (++f->reads == f->stall_at)
        usleep(3000);
    *out = (tpr_sample){.t_us = now_us, .kpa = f->kpa + (float)(now_us % 7) * 0.1f, .ok = true};
    return 0;
}

static int fake_set(void *ctx, float pct)
{
    fake *f = ctx;
    if (f->fail_after && ++f->sets >= f->fail_after)
        return -EIO;
    f->motor_pct = pct;
    return 0;
}

static int fake_off(void *ctx)
{
    fake *f = ctx;
    f->offs++;
    f->motor_pct = 0.0f;
    return 0;
}

static int fake_show(void *ctx, int64_t now_us, tpr_signal sig)
{
    (void)now_us;
    ((fake *)ctx)->shown = sig;
    return 0;
}

static tpr_dose dose(void)
{
    return (tpr_dose){.muscle = "test",
                      .contact_kpa = 40,
                      .band_min_kpa = 120,
                      .band_max_kpa = 300,
                      .limit_kpa = 450,
                      .hold_ms = 1000,
                      .hold_min_ms = 500,
                      .hold_max_ms = 2000,
                      .rest_ms = 200,
                      .reps = 1,
                      .intensity_pct = 50,
                      .release_drop = 0.15f};
}

static struct {
    fake dev;
    tpr_hal hal;
    tpr_core core;
    tpr_summary summary;
    tpr_status status;
    tpr_loop loop;
} g;

static void setup_loop(float kpa, int fail_after, int64_t max_us)
{
    memset(&g, 0, sizeof(g));
    g.dev = (fake){.kpa = kpa, .fail_after = fail_after};
    g.hal = (tpr_hal){
        .pressure = {.read = fake_read, .ctx = &g.dev},
        .motor = {.set = fake_set, .off = fake_off, .ctx = &g.dev},
        .indicator = {.show = fake_show, .ctx = &g.dev},
        .inputs = {.fd = -1},
    };
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_routine r = {.name = "test", .count = 1, .dose = {dose()}};
    assert_int_equal(tpr_core_init(&g.core, &cfg, &r), 0);
    tpr_summary_init(&g.summary);
    tpr_status_init(&g.status);
    tpr_loop_init(&g.loop);
    g.loop.rate_hz = 1000;
    g.loop.max_us = max_us;
    g.loop.hal = &g.hal;
    g.loop.core = &g.core;
    g.loop.summary = &g.summary;
    g.loop.status = &g.status;
}

static void *run_loop(void *arg)
{
    *(tpr_loop_end *)arg = tpr_loop_run(&g.loop);
    return NULL;
}

static void test_stop_switches_the_motor_off(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 0);
    tpr_loop_end end;
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_loop, &end), 0);
    usleep(400000); /* in band, vibrating */
    tpr_status_view v;
    tpr_status_read(&g.status, &v);
    assert_int_equal(v.out.state, TPR_STATE_HOLD);
    assert_true(g.dev.motor_pct > 0.0f);
    tpr_loop_stop(&g.loop);
    pthread_join(th, NULL);
    assert_int_equal(end, TPR_LOOP_STOPPED);
    assert_true(g.dev.offs >= 1);
    assert_true(g.dev.motor_pct == 0.0f);
}

static void test_motor_write_error_ends_in_fault_with_motor_off(void **state)
{
    (void)state;
    setup_loop(200.0f, 20, 0);
    tpr_loop_end end = tpr_loop_run(&g.loop);
    assert_int_equal(end, TPR_LOOP_FAULT);
    assert_non_null(strstr(g.loop.error, "motor write failed"));
    assert_true(g.dev.offs >= 1);
    assert_true(g.dev.motor_pct == 0.0f);
}

static void test_routine_runs_to_the_end(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 10000000);
    /* 1 s hold + 1 s done cue + grace: finished well before the timeout. */
    tpr_loop_end end = tpr_loop_run(&g.loop);
    assert_int_equal(end, TPR_LOOP_FINISHED);
    assert_true(g.dev.motor_pct == 0.0f);
    assert_int_equal(g.summary.count, 1);
    assert_true(g.summary.seg[0].complete);
    /* The hold ends at the first tick past its target: exactly 1000 ms on
     * time, later by at most one period plus the worst lateness when the
     * machine is busy (time in band is real time, missed ticks included). */
    uint32_t in_band = g.summary.seg[0].in_band_ms;
    assert_in_range(in_band, 1000, 1001 + g.loop.stats.lat_max_us / 1000);
    assert_int_equal(g.dev.shown, TPR_SIG_DONE);
    /* Every period is accounted for, as a tick or as an overrun. */
    assert_true(g.loop.stats.ticks + g.loop.stats.overruns > 2000);
    assert_true(g.loop.stats.lat_min_us <= g.loop.stats.lat_max_us);
}

static void test_timeout_stops_with_motor_off(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 300000);
    tpr_loop_end end = tpr_loop_run(&g.loop);
    assert_int_equal(end, TPR_LOOP_TIMEOUT);
    assert_true(g.dev.motor_pct == 0.0f);
    uint64_t periods = g.loop.stats.ticks + g.loop.stats.overruns;
    assert_true(periods >= 295 && periods <= 330);
}

static void test_missed_periods_show_as_overruns_and_latency(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 300000);
    g.dev.stall_at = 100;
    tpr_loop_run(&g.loop);
    /* The tick after the stall is about 2 ms late for the deadline it
     * serves; the periods in between are overruns. */
    assert_true(g.loop.stats.overruns >= 2);
    assert_true(g.loop.stats.lat_max_us >= 1500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stop_switches_the_motor_off),
        cmocka_unit_test(test_motor_write_error_ends_in_fault_with_motor_off),
        cmocka_unit_test(test_routine_runs_to_the_end),
        cmocka_unit_test(test_timeout_stops_with_motor_off),
        cmocka_unit_test(test_missed_periods_show_as_overruns_and_latency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
