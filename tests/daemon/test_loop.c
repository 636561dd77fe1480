/* The always-on loop: every way out of it and out of a session leaves the
 * motor off; idle between sessions; commands and buttons reach it through
 * its queues; a pressed tip at start keeps the motor off until lifted. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "loop.h"
#include "test_dose.h"

/* A device whose tip is pressed at a pressure the test sets, whose motor
 * records what it is told (failing on request), and whose buttons the test
 * presses. */
typedef struct fake {
    _Atomic float kpa;  /* the test may move the tip while the loop runs */
    atomic_bool broken; /* reads fail */
    atomic_int edge;    /* -1 none, else button * 2 + pressed, taken by the loop */
    float motor_pct, max_pct;
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
    bool ok = !atomic_load(&f->broken);
    *out = (tpr_sample){
        .t_us = now_us, .kpa = ok ? f->kpa + (float)(now_us % 7) * 0.1f : NAN, .ok = ok};
    return ok ? 0 : -EIO;
}

static int fake_set(void *ctx, float pct)
{
    fake *f = ctx;
    if (f->fail_after && ++f->sets >= f->fail_after)
        return -EIO;
    f->motor_pct = pct;
    if (pct > f->max_pct)
        f->max_pct = pct;
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

static bool fake_button(void *ctx, int64_t now_us, bool fd_ready, tpr_button_edge *out)
{
    (void)fd_ready;
    int e = atomic_exchange(&((fake *)ctx)->edge, -1);
    if (e >= 0)
        *out = (tpr_button_edge){.button = (tpr_button)(e / 2), .pressed = e % 2, .t_us = now_us};
    return e >= 0;
}

static struct {
    fake dev;
    tpr_hal hal;
    tpr_status status;
    tpr_msg_queue in, out;
    tpr_loop loop;
    tpr_loop_end end;
    pthread_t th;
} g;

static tpr_session *new_session(int64_t max_us)
{
    tpr_session *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_routine r = {.name = "test", .count = 1, .dose = {test_dose_quick()}};
    assert_int_equal(tpr_core_init(&s->core, &cfg, &r), 0);
    tpr_summary_init(&s->summary);
    s->max_us = max_us;
    s->start_us = s->finished_us = -1;
    return s;
}

/* The loop with a session of the test dose already queued (or idle). */
static tpr_session *setup_loop(float kpa, int fail_after, int64_t max_us, bool with_session)
{
    memset(&g, 0, sizeof(g));
    g.dev = (fake){.fail_after = fail_after};
    atomic_init(&g.dev.kpa, kpa);
    atomic_init(&g.dev.broken, false);
    atomic_init(&g.dev.edge, -1);
    g.hal = (tpr_hal){
        .pressure = {.read = fake_read, .ctx = &g.dev},
        .motor = {.set = fake_set, .off = fake_off, .ctx = &g.dev},
        .indicator = {.show = fake_show, .ctx = &g.dev},
        .inputs = {.fd = -1, .next = fake_button, .ctx = &g.dev},
    };
    tpr_status_init(&g.status);
    tpr_msg_queue_init(&g.in);
    tpr_msg_queue_init(&g.out);
    tpr_loop_init(&g.loop);
    g.loop.rate_hz = 1000;
    g.loop.hal = &g.hal;
    g.loop.status = &g.status;
    tpr_core_cfg_default(&g.loop.idle_cfg);
    g.loop.idle_dose = test_dose_quick();
    g.loop.in = &g.in;
    g.loop.out = &g.out;
    if (!with_session)
        return NULL;
    tpr_session *s = new_session(max_us);
    assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_START, .ptr = s}));
    return s;
}

static void *run_loop(void *arg)
{
    (void)arg;
    g.end = tpr_loop_run(&g.loop);
    return NULL;
}

static void start_thread(void)
{
    assert_int_equal(pthread_create(&g.th, NULL, run_loop, NULL), 0);
}

static void quit(tpr_session_end how)
{
    assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_QUIT, .arg = (int)how}));
    pthread_join(g.th, NULL);
}

/* Read the status until pred holds (up to 10 s): waits for states, not times. */
static bool wait_for(bool (*pred)(const tpr_status_view *), tpr_status_view *v)
{
    for (int i = 0; i < 10000; i++) {
        tpr_status_read(&g.status, v);
        if (pred(v))
            return true;
        usleep(1000);
    }
    return false;
}

/* The next message from the loop, waiting up to 10 s for one. */
static tpr_msg next_msg(void)
{
    tpr_msg m = {.kind = TPR_MSG_QUIT};
    for (int i = 0; i < 10000 && !tpr_msg_pop(&g.out, &m); i++)
        usleep(1000);
    return m;
}

/* Press or let go of button b once the loop took the previous edge. */
static void button_edge(tpr_button b, bool pressed)
{
    int none = -1;
    while (!atomic_compare_exchange_weak(&g.dev.edge, &none, (int)b * 2 + pressed)) {
        none = -1;
        usleep(1000);
    }
}

static void tap(tpr_button b)
{
    button_edge(b, true);
    button_edge(b, false);
}

/* The session the loop handed back, freed; its end reason. */
static tpr_session_end ended(tpr_session *want)
{
    tpr_msg m = next_msg();
    assert_int_equal(m.kind, TPR_MSG_ENDED);
    assert_ptr_equal(m.ptr, want);
    tpr_session_end how = want->end;
    free(want);
    return how;
}

static bool waited_300_ticks(const tpr_status_view *v)
{
    return v->ticks >= 300;
}

static bool lifted(const tpr_status_view *v)
{
    return !v->waiting_lift;
}

static bool holding(const tpr_status_view *v)
{
    return v->out.state == TPR_STATE_HOLD && v->out.intensity_pct > 0.0f;
}

static bool paused_motor_off(const tpr_status_view *v)
{
    return v->daemon == TPR_DAEMON_PAUSED && v->out.intensity_pct == 0.0f;
}

static bool idle(const tpr_status_view *v)
{
    return v->daemon == TPR_DAEMON_IDLE && v->ticks > 0;
}

static bool idle_fault(const tpr_status_view *v)
{
    return v->daemon == TPR_DAEMON_IDLE && v->out.state == TPR_STATE_FAULT;
}

static void test_quit_switches_the_motor_off_and_ends_the_session(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 0, 0, true);
    start_thread();
    tpr_status_view v;
    assert_true(wait_for(holding, &v));
    assert_true(g.dev.motor_pct > 0.0f);
    quit(TPR_END_TERMINATED);
    assert_int_equal(g.end, TPR_LOOP_STOPPED);
    assert_true(g.dev.offs >= 1);
    assert_true(g.dev.motor_pct == 0.0f);
    assert_int_equal(ended(s), TPR_END_TERMINATED);
}

static void test_motor_write_error_ends_in_fault_with_motor_off(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 20, 0, true);
    assert_int_equal(tpr_loop_run(&g.loop), TPR_LOOP_FAULT);
    assert_non_null(strstr(g.loop.error, "motor write failed"));
    assert_true(g.dev.offs >= 1);
    assert_true(g.dev.motor_pct == 0.0f);
    assert_int_equal(ended(s), TPR_END_FAULT);
}

static void test_routine_runs_to_the_end_once(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 0, 10000000, true);
    g.loop.once = true;
    /* 1 s hold + 1 s done cue + grace: finished well before the timeout. */
    assert_int_equal(tpr_loop_run(&g.loop), TPR_LOOP_STOPPED);
    assert_true(g.dev.motor_pct == 0.0f);
    assert_int_equal(s->summary.count, 1);
    assert_true(s->summary.seg[0].complete);
    /* The hold ends at the first tick past its target: exactly 1000 ms on
     * time, later by at most one period plus the worst lateness when the
     * machine is busy (time in band is real time, missed ticks included). */
    uint32_t in_band = s->summary.seg[0].in_band_ms;
    assert_in_range(in_band, 1000, 1001 + atomic_load(&g.loop.stats.wake.max_us) / 1000);
    assert_int_equal(g.dev.shown, TPR_SIG_DONE);
    /* Every period is accounted for, as a tick or as an overrun. */
    assert_true(g.loop.stats.ticks + g.loop.stats.overruns > 2000);
    assert_true(atomic_load(&g.loop.stats.wake.min_us) <= atomic_load(&g.loop.stats.wake.max_us));
    assert_int_equal(ended(s), TPR_END_COMPLETED);
}

static void test_duration_stops_the_session_with_motor_off(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 0, 300000, true);
    g.loop.once = true;
    assert_int_equal(tpr_loop_run(&g.loop), TPR_LOOP_STOPPED);
    assert_true(g.dev.motor_pct == 0.0f);
    uint64_t periods = g.loop.stats.ticks + g.loop.stats.overruns;
    assert_true(periods >= 295 && periods <= 330);
    assert_int_equal(ended(s), TPR_END_STOPPED);
}

static void test_missed_periods_show_as_overruns_and_latency(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 0, 300000, true);
    g.loop.once = true;
    g.dev.stall_at = 100;
    tpr_loop_run(&g.loop);
    /* The tick after the stall is about 2 ms late for the deadline it
     * serves; the periods in between are overruns. */
    assert_true(g.loop.stats.overruns >= 2);
    assert_true(atomic_load(&g.loop.stats.wake.max_us) >= 1500);
    ended(s);
}

/* A tprd (re)started while the tip is pressed does not start treating: the
 * motor stays off until the tip has been lifted; then a press treats. */
static void test_a_pressed_tip_at_start_waits_for_a_lift(void **state)
{
    (void)state;
    tpr_session *s = setup_loop(200.0f, 0, 0, true);
    g.loop.wait_lift = true;
    start_thread();
    tpr_status_view v;
    assert_true(wait_for(waited_300_ticks, &v));
    assert_true(v.waiting_lift);
    assert_int_equal(v.out.state, TPR_STATE_IDLE);
    assert_true(g.dev.max_pct == 0.0f);

    atomic_store(&g.dev.kpa, 0.0f);
    assert_true(wait_for(lifted, &v));
    atomic_store(&g.dev.kpa, 200.0f);
    assert_true(wait_for(holding, &v));
    quit(TPR_END_TERMINATED);
    assert_true(g.dev.max_pct > 0.0f);
    assert_true(g.dev.motor_pct == 0.0f);
    ended(s);
}

/* Idle between sessions: a pressed tip never drives the motor, and a broken
 * sensor shows (state fault, the fault signal) before anyone starts. */
static void test_idle_keeps_the_motor_off_and_watches_the_sensor(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 0, false);
    start_thread();
    tpr_status_view v;
    assert_true(wait_for(waited_300_ticks, &v));
    assert_int_equal(v.daemon, TPR_DAEMON_IDLE);
    assert_int_equal(v.out.state, TPR_STATE_IDLE);
    assert_int_equal(g.dev.sets, 0);
    assert_true(g.dev.max_pct == 0.0f);
    atomic_store(&g.dev.broken, true);
    assert_true(wait_for(idle_fault, &v));
    assert_int_equal(g.dev.shown, TPR_SIG_FAULT);
    quit(TPR_END_TERMINATED);
    assert_int_equal(g.end, TPR_LOOP_STOPPED);
    assert_true(g.dev.max_pct == 0.0f);
}

/* The buttons: start/pause while idle asks the main thread for a session;
 * during one it pauses (motor off) and resumes; holding next stops it once
 * the hold reaches the long press, before the button is let go, and the
 * loop is idle again, ready for the next start. */
static void test_buttons_start_pause_resume_and_long_press_stop(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 0, false);
    start_thread();
    tap(TPR_BUTTON_START_PAUSE);
    assert_int_equal(next_msg().kind, TPR_MSG_WANT_SESSION);
    tpr_session *s = new_session(0);
    assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_START, .ptr = s}));
    tpr_status_view v;
    assert_true(wait_for(holding, &v));

    tap(TPR_BUTTON_START_PAUSE);
    assert_true(wait_for(paused_motor_off, &v));
    assert_int_equal(g.dev.shown, TPR_SIG_REST);
    tap(TPR_BUTTON_START_PAUSE);
    assert_true(wait_for(holding, &v));

    button_edge(TPR_BUTTON_NEXT, true);
    assert_int_equal(ended(s), TPR_END_STOPPED); /* still held */
    assert_true(wait_for(idle, &v));
    assert_true(g.dev.motor_pct == 0.0f);
    button_edge(TPR_BUTTON_NEXT, false);
    tap(TPR_BUTTON_START_PAUSE);
    assert_int_equal(next_msg().kind, TPR_MSG_WANT_SESSION);
    quit(TPR_END_TERMINATED);
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static uint32_t trials_wanted;

static bool trials_taken(const tpr_status_view *v)
{
    return v->measuring && v->ppt.attempts == trials_wanted;
}

static bool next_trial_ready(const tpr_status_view *v)
{
    return v->measuring && v->out.state == TPR_STATE_IDLE;
}

/* A measurement through the loop: a long press of start/pause while idle
 * asks for one; three ramps at 100 kPa/s, each marked painful by a short
 * press of start/pause, make it; it ends completed and the motor was never
 * driven above 0 (the LED and buzzer confirm each press instead). */
static void test_a_measurement_never_runs_the_motor(void **state)
{
    (void)state;
    setup_loop(0.0f, 0, 0, false);
    start_thread();
    button_edge(TPR_BUTTON_START_PAUSE, true);
    assert_int_equal(next_msg().kind, TPR_MSG_WANT_MEASURE); /* while still held */
    button_edge(TPR_BUTTON_START_PAUSE, false);
    tpr_session *s = calloc(1, sizeof(*s));
    assert_non_null(s);
    tpr_routine r = {.name = "ppt", .count = 1, .dose = {test_dose_quick()}};
    assert_int_equal(tpr_core_init_mode(&s->core, &g.loop.idle_cfg, &r, tpr_core_mode_find("ppt")),
                     0);
    s->kind = TPR_SESSION_MEASURE;
    s->start_us = s->finished_us = -1;
    assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_START, .ptr = s}));
    tpr_status_view v;
    for (trials_wanted = 1; trials_wanted <= TPR_PPT_TRIALS; trials_wanted++) {
        assert_true(wait_for(next_trial_ready, &v));
        /* 100 kPa/s by the clock the loop reads, on until the trial is
         * taken, so a late tick cannot bend the rate; a tap from 150 kPa. */
        int64_t t0 = mono_us();
        int edges = 0;
        do {
            float kpa = (float)(mono_us() - t0) * 1e-4f;
            assert_true(kpa < 1000.0f);
            atomic_store(&g.dev.kpa, kpa);
            int none = -1;
            if (kpa >= 150.0f && edges < 2 &&
                atomic_compare_exchange_strong(&g.dev.edge, &none,
                                               TPR_BUTTON_START_PAUSE * 2 + (edges == 0)))
                edges++;
            usleep(1000);
            tpr_status_read(&g.status, &v);
        } while (!trials_taken(&v));
        assert_true(v.ppt.trial[trials_wanted - 1].reliable);
        assert_true(v.ppt.trial[trials_wanted - 1].threshold_kpa >= 140.0f);
        atomic_store(&g.dev.kpa, 0.0f);
    }
    assert_true(v.ppt.finished);
    assert_int_equal(v.ppt.reliable, TPR_PPT_TRIALS);
    assert_int_equal(ended(s), TPR_END_COMPLETED);
    assert_true(g.dev.max_pct == 0.0f);
    quit(TPR_END_TERMINATED);
}

/* A command with a ticket is reported applied after the tick that
 * published its effect: the status read then already shows it. */
static void test_applied_after_the_status_shows_the_command(void **state)
{
    (void)state;
    setup_loop(200.0f, 0, 0, false);
    start_thread();
    tpr_session *s = new_session(0);
    assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_START, .ticket = 7, .ptr = s}));
    tpr_msg m = next_msg();
    assert_int_equal(m.kind, TPR_MSG_APPLIED);
    assert_int_equal(m.ticket, 7);
    tpr_status_view v;
    tpr_status_read(&g.status, &v);
    assert_int_equal(v.daemon, TPR_DAEMON_RUNNING);
    const tpr_msg_kind cmd[] = {TPR_MSG_PAUSE, TPR_MSG_RESUME, TPR_MSG_PAUSE};
    const tpr_daemon_state want[] = {TPR_DAEMON_PAUSED, TPR_DAEMON_RUNNING, TPR_DAEMON_PAUSED};
    for (uint32_t i = 0; i < 3; i++) {
        assert_true(tpr_msg_push(&g.in, (tpr_msg){.kind = cmd[i], .ticket = 8 + i}));
        m = next_msg();
        assert_int_equal(m.kind, TPR_MSG_APPLIED);
        assert_int_equal(m.ticket, 8 + i);
        tpr_status_read(&g.status, &v);
        assert_int_equal(v.daemon, want[i]);
    }
    assert_true(
        tpr_msg_push(&g.in, (tpr_msg){.kind = TPR_MSG_STOP, .arg = TPR_END_STOPPED, .ticket = 11}));
    assert_int_equal(ended(s), TPR_END_STOPPED);
    m = next_msg();
    assert_int_equal(m.kind, TPR_MSG_APPLIED);
    assert_int_equal(m.ticket, 11);
    tpr_status_read(&g.status, &v);
    assert_int_equal(v.daemon, TPR_DAEMON_IDLE);
    quit(TPR_END_TERMINATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quit_switches_the_motor_off_and_ends_the_session),
        cmocka_unit_test(test_motor_write_error_ends_in_fault_with_motor_off),
        cmocka_unit_test(test_routine_runs_to_the_end_once),
        cmocka_unit_test(test_duration_stops_the_session_with_motor_off),
        cmocka_unit_test(test_missed_periods_show_as_overruns_and_latency),
        cmocka_unit_test(test_a_pressed_tip_at_start_waits_for_a_lift),
        cmocka_unit_test(test_idle_keeps_the_motor_off_and_watches_the_sensor),
        cmocka_unit_test(test_buttons_start_pause_resume_and_long_press_stop),
        cmocka_unit_test(test_a_measurement_never_runs_the_motor),
        cmocka_unit_test(test_applied_after_the_status_shows_the_command),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
