#include "loop.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "press.h"

/* How long an action's confirmation shows on the LED and buzzer. */
#define ACK_US 500000

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void tpr_loop_init(tpr_loop *l)
{
    memset(l, 0, sizeof(*l));
    l->wake_fd = -1;
    tpr_lat_hist_init(&l->stats.wake);
    tpr_lat_hist_init(&l->stats.run);
    tpr_lat_hist_init(&l->stats.age);
    tpr_safety_init(&l->idle_safety);
}

/* The loop thread's page faults so far: minor + major. */
static void faults(int64_t *minflt, int64_t *majflt)
{
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) < 0)
        memset(&ru, 0, sizeof(ru));
    *minflt = ru.ru_minflt;
    *majflt = ru.ru_majflt;
}

/* Per-run state of the loop thread that the caller never sees. */
typedef struct run {
    float last_pct;        /* motor command last written; -1: write the next one */
    tpr_session *handback; /* ended, not yet taken by the out queue */
    tpr_signal ack;        /* an action's confirmation ... */
    int64_t ack_until;     /* ... shown until then */
    tpr_presses presses;   /* the buttons' short and long presses */
    uint32_t applied;      /* the last ticketed command taken ... */
    bool applied_unsent;   /* ... and not yet reported after a publish */
    bool quit;
    int efd; /* epoll: the timer and the buttons */
} run;

static void wake(tpr_loop *l)
{
    uint64_t one = 1;
    if (l->wake_fd >= 0 && write(l->wake_fd, &one, sizeof(one)) < 0)
        (void)0; /* the counter is saturated: the main thread is awake anyway */
}

static void send(tpr_loop *l, tpr_msg m)
{
    if (tpr_msg_push(l->out, m))
        wake(l);
}

/* Give an ended session back; retried every tick until the queue takes it,
 * so the main thread always gets to finish it. */
static void hand_back(tpr_loop *l, run *r)
{
    if (r->handback && tpr_msg_push(l->out, (tpr_msg){.kind = TPR_MSG_ENDED, .ptr = r->handback})) {
        r->handback = NULL;
        wake(l);
    }
}

/* Give a retired device back to be closed; retried every tick like
 * hand_back. */
static void hand_back_device(tpr_loop *l)
{
    if (l->retired &&
        tpr_msg_push(l->out, (tpr_msg){.kind = TPR_MSG_OLD_DEVICE, .ptr = l->retired})) {
        l->retired = NULL;
        wake(l);
    }
}

/* Watch the buttons of h (or stop watching them, op EPOLL_CTL_DEL). */
static int watch_buttons(int efd, const tpr_hal *h, int op)
{
    int bfd = h->inputs.fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = bfd};
    if (bfd < 0 || !h->inputs.next)
        return 0;
    return epoll_ctl(efd, op, bfd, &ev) < 0 ? -errno : 0;
}

/* Run on the device h from now: the old one's motor off first. Idle
 * only (the main thread sends it between sessions; one queued behind a
 * START is refused). The new sensor has to be seen lifted before a
 * session treats. */
static void swap_device(tpr_loop *l, run *r, tpr_hal *h)
{
    if (l->session || l->retired) {
        send(l, (tpr_msg){.kind = TPR_MSG_OLD_DEVICE, .ptr = h});
        return;
    }
    tpr_hal_motor_off(l->hal);
    watch_buttons(r->efd, l->hal, EPOLL_CTL_DEL);
    l->retired = l->hal;
    l->hal = h;
    /* Adding a fresh descriptor fails only when the kernel is out of memory. */
    (void)watch_buttons(r->efd, h, EPOLL_CTL_ADD);
    r->last_pct = -1.0f;
    tpr_presses_init(&r->presses);
    tpr_safety_init(&l->idle_safety);
    l->wait_lift = true;
    hand_back_device(l);
}

static void confirm(run *r, int64_t now, tpr_signal sig)
{
    r->ack = sig;
    r->ack_until = now + ACK_US;
}

/* End the session: motor off in this tick, then back to the main thread. */
static void end_session(tpr_loop *l, run *r, tpr_session_end how)
{
    tpr_session *s = l->session;
    if (!s)
        return;
    tpr_hal_motor_off(l->hal);
    r->last_pct = -1.0f;
    s->end = how;
    l->session = NULL;
    r->handback = s;
    hand_back(l, r);
    if (l->once)
        r->quit = true;
}

static void command(tpr_loop *l, run *r, const tpr_msg *m, int64_t now)
{
    tpr_session *s = l->session;
    if (m->ticket) {
        r->applied = m->ticket;
        r->applied_unsent = true;
    }
    switch (m->kind) {
    case TPR_MSG_START:
        if (s) { /* the main thread starts one at a time; refuse a second */
            ((tpr_session *)m->ptr)->end = TPR_END_STOPPED;
            send(l, (tpr_msg){.kind = TPR_MSG_ENDED, .ptr = m->ptr});
            return;
        }
        l->session = m->ptr;
        if (!l->once) /* a person asked for it: say it started */
            confirm(r, now, TPR_SIG_DONE);
        return;
    case TPR_MSG_PAUSE:
    case TPR_MSG_RESUME: /* a measurement has no pause: a trial is one ramp */
        if (s && s->kind == TPR_SESSION_THERAPY && s->paused != (m->kind == TPR_MSG_PAUSE)) {
            s->paused = m->kind == TPR_MSG_PAUSE;
            tpr_core_command(&s->core, s->paused ? TPR_CMD_PAUSE : TPR_CMD_RESUME);
            confirm(r, now, s->paused ? TPR_SIG_REST : TPR_SIG_DONE);
        }
        return;
    case TPR_MSG_NEXT:
        if (s && s->kind == TPR_SESSION_THERAPY) {
            tpr_core_command(&s->core, TPR_CMD_NEXT);
            confirm(r, now, TPR_SIG_DONE);
        }
        return;
    case TPR_MSG_PAINFUL: /* the LED and buzzer say the press was taken */
        if (s && tpr_core_command(&s->core, TPR_CMD_PAINFUL) == 0)
            confirm(r, now, TPR_SIG_DONE);
        return;
    case TPR_MSG_STOP:
        if (s)
            confirm(r, now, TPR_SIG_FAULT);
        end_session(l, r, (tpr_session_end)m->arg);
        return;
    case TPR_MSG_QUIT:
        end_session(l, r, (tpr_session_end)m->arg);
        r->quit = true;
        return;
    case TPR_MSG_DOSES: /* a session that ended since, or other muscles: ignored */
        if (s)
            tpr_core_update_doses(&s->core, m->ptr);
        send(l, (tpr_msg){.kind = TPR_MSG_FREE, .ptr = m->ptr});
        return;
    case TPR_MSG_DEVICE:
        swap_device(l, r, m->ptr);
        return;
    default:
        return;
    }
}

/* Idle: start/pause starts a session, held long a measurement. In a
 * session: start/pause pauses and resumes (a measurement: "painful now"),
 * next skips (nothing in a measurement), next held long stops. A long
 * press of start/pause in a session means nothing. */
static void button(tpr_loop *l, run *r, tpr_press p, int64_t now)
{
    tpr_session *s = l->session;
    bool measuring = s && s->kind == TPR_SESSION_MEASURE;
    tpr_msg m = {.kind = TPR_MSG_NEXT};
    if (p.button == TPR_BUTTON_START_PAUSE) {
        if (!s) { /* the main thread loads the profile and sends the session */
            bool hold = p.kind == TPR_PRESS_LONG;
            send(l, (tpr_msg){.kind = hold ? TPR_MSG_WANT_MEASURE : TPR_MSG_WANT_SESSION});
            if (hold) /* felt while still holding */
                confirm(r, now, TPR_SIG_IN_BAND);
            return;
        }
        if (p.kind == TPR_PRESS_LONG)
            return;
        m.kind = measuring ? TPR_MSG_PAINFUL : s->paused ? TPR_MSG_RESUME : TPR_MSG_PAUSE;
    } else if (p.kind == TPR_PRESS_LONG) {
        m = (tpr_msg){.kind = TPR_MSG_STOP, .arg = TPR_END_STOPPED};
    }
    command(l, r, &m, now);
}

/* buttons_ready: the buttons' descriptor was readable. */
static void handle_input(tpr_loop *l, run *r, int64_t now, bool buttons_ready)
{
    tpr_msg m;
    while (!r->quit && tpr_msg_pop(l->in, &m))
        command(l, r, &m, now);
    tpr_inputs *in = &l->hal->inputs;
    if (!in->next)
        return;
    tpr_button_edge e;
    tpr_press p;
    while (!r->quit && in->next(in->ctx, now, buttons_ready || in->fd < 0, &e))
        if (tpr_presses_edge(&r->presses, &e, &p))
            button(l, r, p, now);
    while (!r->quit && tpr_presses_poll(&r->presses, now, &p))
        button(l, r, p, now);
}

static void show(tpr_loop *l, run *r, int64_t now, tpr_signal sig)
{
    tpr_hal *h = l->hal;
    if (now < r->ack_until)
        sig = r->ack;
    if (h->indicator.show)
        h->indicator.show(h->indicator.ctx, now, sig);
}

static void publish(tpr_loop *l, int64_t now, const tpr_sample *s, const tpr_output *out)
{
    tpr_session *ses = l->session;
    tpr_status_view v = {
        .now_us = now,
        .raw_kpa = s->kpa,
        .out = *out,
        .ticks = l->stats.ticks,
        .overruns = l->stats.overruns,
        .waiting_lift = ses && l->wait_lift,
        .daemon = !ses          ? TPR_DAEMON_IDLE
                  : ses->paused ? TPR_DAEMON_PAUSED
                                : TPR_DAEMON_RUNNING,
    };
    const tpr_ppt_result *ppt = ses ? tpr_ppt_result_of(&ses->core) : NULL;
    if (ppt) {
        v.measuring = true;
        v.ppt = *ppt;
    }
    tpr_status_publish(l->status, &v);
}

/* An idle tick: the motor stays off, the sensor is still checked (v). */
static void idle_tick(tpr_loop *l, run *r, int64_t now, const tpr_sample *s, tpr_safety_verdict v)
{
    tpr_output out = {
        .filtered_kpa = NAN,
        .state = v.fault ? TPR_STATE_FAULT : TPR_STATE_IDLE,
        .signal = v.fault ? TPR_SIG_FAULT : TPR_SIG_OFF,
        .events = (v.fault_started ? TPR_EV_SENSOR_FAULT : 0u) |
                  (v.fault_cleared ? TPR_EV_FAULT_CLEAR : 0u),
    };
    show(l, r, now, out.signal);
    publish(l, now, s, &out);
}

/* A session's tick. Returns false when the motor could not be driven. */
static bool session_tick(tpr_loop *l, run *r, int64_t now, const tpr_sample *smp,
                         const tpr_safety_verdict *idle)
{
    tpr_session *s = l->session;
    tpr_hal *h = l->hal;
    if (s->start_us < 0)
        s->start_us = now;
    if (s->max_us > 0 && now - s->start_us >= s->max_us) {
        end_session(l, r, TPR_END_STOPPED); /* --duration ran out */
        idle_tick(l, r, now, smp, *idle);
        return true;
    }
    if (l->wait_lift) { /* nothing runs until the tip is seen lifted */
        tpr_output out = {.filtered_kpa = NAN, .rep = 1};
        show(l, r, now, TPR_SIG_OFF);
        publish(l, now, smp, &out);
        return true;
    }
    tpr_output out;
    tpr_core_step(&s->core, now, smp, &out);
    /* Write the motor only on change: sysfs writes cost a syscall each. */
    if (out.intensity_pct != r->last_pct) {
        int rc = h->motor.set(h->motor.ctx, out.intensity_pct);
        if (rc < 0) {
            snprintf(l->error, sizeof(l->error), "motor write failed: %s", strerror(-rc));
            return false;
        }
        r->last_pct = out.intensity_pct;
    }
    show(l, r, now, s->paused ? TPR_SIG_REST : out.signal);
    if (s->kind == TPR_SESSION_THERAPY) /* a measurement's summary is its trials */
        tpr_summary_step(&s->summary, now, &out, &s->core.routine.dose[out.muscle]);
    tpr_recording_push(s->rec, now, smp, &out);
    publish(l, now, smp, &out);

    if (out.finished && s->finished_us < 0)
        s->finished_us = now;
    if (s->finished_us >= 0 && now - s->finished_us >= TPR_FINISH_GRACE_US &&
        out.intensity_pct == 0)
        end_session(l, r, TPR_END_COMPLETED);
    return true;
}

/* One tick; *sample_us is the read time of the sample it acted on.
 * Returns false on a device fault. */
static bool tick(tpr_loop *l, run *r, int64_t now, int64_t *sample_us)
{
    tpr_hal *h = l->hal;
    tpr_sample s = {.t_us = now, .kpa = 0.0f, .ok = false};
    h->pressure.read(h->pressure.ctx, now, &s);
    *sample_us = s.t_us;
    if (l->wait_lift && s.ok && s.kpa < l->idle_dose.contact_kpa)
        l->wait_lift = false;
    hand_back(l, r);
    hand_back_device(l);
    /* Every tick, so that the first idle tick after a session does not see
     * the session's length as a gap in the checks. */
    tpr_safety_verdict idle =
        tpr_safety_step(&l->idle_safety, &l->idle_cfg, &l->idle_dose, now, &s);
    if (!l->session) {
        idle_tick(l, r, now, &s, idle);
        return true;
    }
    return session_tick(l, r, now, &s, &idle);
}

/* The loop's time: the monotonic clock, or the caller's. */
static int64_t loop_now(const tpr_loop *l)
{
    return l->clock ? l->clock->now(l->clock->ctx) : mono_us();
}

/* Wait for the next deadline (expirations: how many passed) or a button.
 * Without buttons to watch (the simulated device, or none wired) one
 * system call a tick, a blocking read of the timer: at 1 kHz each system
 * call is a measurable share of the idle daemon's CPU. With buttons, epoll
 * waits for either, and a timer silent for 1 s is -ETIME. */
static int wait_tick(int efd, int tfd, const tpr_hal *h, uint64_t *expirations, bool *buttons_ready)
{
    if (h->inputs.fd < 0 || !h->inputs.next) {
        ssize_t got = read(tfd, expirations, sizeof(*expirations));
        return got == sizeof(*expirations) ? 0 : got < 0 ? -errno : -EIO;
    }
    struct epoll_event evs[2];
    int n = epoll_wait(efd, evs, 2, 1000);
    if (n <= 0)
        return n < 0 ? -errno : -ETIME;
    for (int i = 0; i < n; i++) {
        if (evs[i].data.fd != tfd)
            *buttons_ready = true;
        else if (read(tfd, expirations, sizeof(*expirations)) != sizeof(*expirations))
            *expirations = 0;
    }
    return 0;
}

static int setup_fds(tpr_loop *l, int *tfd, int *efd, int64_t *start_us, int64_t period_us)
{
    *efd = epoll_create1(EPOLL_CLOEXEC);
    if (*efd < 0)
        return -errno;
    *start_us = loop_now(l) + period_us;
    if (l->clock) /* the caller's clock keeps the deadlines */
        return watch_buttons(*efd, l->hal, EPOLL_CTL_ADD);
    *tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (*tfd < 0)
        return -errno;
    /* Absolute, periodic deadlines: the kernel keeps the grid, so the loop
     * never drifts whatever a tick costs. */
    struct itimerspec its = {
        .it_value = {.tv_sec = *start_us / 1000000, .tv_nsec = (*start_us % 1000000) * 1000},
        .it_interval = {.tv_sec = period_us / 1000000, .tv_nsec = (period_us % 1000000) * 1000},
    };
    if (timerfd_settime(*tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
        return -errno;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = *tfd};
    if (epoll_ctl(*efd, EPOLL_CTL_ADD, *tfd, &ev) < 0)
        return -errno;
    return watch_buttons(*efd, l->hal, EPOLL_CTL_ADD);
}

/* Wait for the next deadline, by the caller's clock or the timer (and the
 * buttons): *expired deadlines passed (0: only the buttons woke it),
 * *buttons_ready. Returns 0, -EINTR (wait again), or a negative errno that
 * ends the loop (-ETIME: no tick for 1 s). */
static int await(tpr_loop *l, const run *r, int tfd, uint64_t *expired, bool *buttons_ready)
{
    *expired = 0;
    *buttons_ready = false;
    if (l->clock) {
        int64_t n = l->clock->wait(l->clock->ctx);
        *expired = n > 0 ? (uint64_t)n : 0;
        return n < 0 ? (int)n : 0;
    }
    return wait_tick(r->efd, tfd, l->hal, expired, buttons_ready);
}

tpr_loop_end tpr_loop_run(tpr_loop *l)
{
    const int64_t period_us = 1000000 / (int64_t)l->rate_hz;
    int tfd = -1;
    int64_t start_us = 0, settled_min = 0, settled_maj = 0;
    uint64_t periods = 0;
    run r = {.last_pct = -1.0f, .efd = -1};
    tpr_presses_init(&r.presses);
    tpr_loop_end end = TPR_LOOP_STOPPED;

    int rc = setup_fds(l, &tfd, &r.efd, &start_us, period_us);
    if (rc < 0) {
        snprintf(l->error, sizeof(l->error), "timer set-up failed: %s", strerror(-rc));
        end = TPR_LOOP_FAULT;
        goto out;
    }
    while (!r.quit) {
        uint64_t expirations;
        bool buttons_ready;
        rc = await(l, &r, tfd, &expirations, &buttons_ready);
        if (rc == -EINTR)
            continue;
        if (rc < 0) {
            snprintf(l->error, sizeof(l->error), "timer stalled: %s",
                     rc == -ETIME ? "no tick for 1 s" : strerror(-rc));
            end = TPR_LOOP_FAULT;
            break;
        }
        bool timer_fired = expirations > 0;
        uint64_t served = periods; /* deadlines handled before this wake-up */
        if (timer_fired) {
            l->stats.overruns += expirations - 1;
            periods += expirations;
        }
        int64_t now = loop_now(l);
        handle_input(l, &r, now, buttons_ready);
        if (!timer_fired || r.quit)
            continue;
        /* Latency from the earliest deadline this tick serves, as cyclictest
         * measures it: a missed period shows as a latency above the period. */
        tpr_lat_hist_add(&l->stats.wake, now - (start_us + (int64_t)served * period_us));
        if (++l->stats.ticks == TPR_LOOP_SETTLE_TICKS) /* once: a syscall, but not in a tick */
            faults(&settled_min, &settled_maj);
        int64_t sample_us = -1;
        bool ok = tick(l, &r, now, &sample_us);
        int64_t done = loop_now(l);
        tpr_lat_hist_add(&l->stats.run, done - now);
        if (sample_us >= 0) /* a sample was read (a backend starts with one before time 0) */
            tpr_lat_hist_add(&l->stats.age, done - sample_us);
        if (!ok) {
            end = TPR_LOOP_FAULT;
            break;
        }
        /* The tick published the commands' effect: their replies may go. */
        if (r.applied_unsent &&
            tpr_msg_push(l->out, (tpr_msg){.kind = TPR_MSG_APPLIED, .ticket = r.applied})) {
            r.applied_unsent = false;
            wake(l);
        }
    }
    if (l->stats.ticks >= TPR_LOOP_SETTLE_TICKS) {
        int64_t minflt, majflt;
        faults(&minflt, &majflt);
        l->stats.settled_minflt = minflt - settled_min;
        l->stats.settled_majflt = majflt - settled_maj;
    }
out:
    /* Every way out of the loop passes here: motor off first. */
    rc = tpr_hal_motor_off(l->hal);
    if (rc < 0 && end != TPR_LOOP_FAULT) {
        snprintf(l->error, sizeof(l->error), "motor off failed: %s", strerror(-rc));
        end = TPR_LOOP_FAULT;
    }
    end_session(l, &r, end == TPR_LOOP_FAULT ? TPR_END_FAULT : TPR_END_TERMINATED);
    if (r.handback) /* the queue is full: the main thread takes it from here */
        l->session = r.handback;
    if (tfd >= 0)
        close(tfd);
    if (r.efd >= 0)
        close(r.efd);
    return end;
}
