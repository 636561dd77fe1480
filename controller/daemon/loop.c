#include "loop.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* After the routine completes, keep ticking long enough for the "done" cue
 * to play out before the loop ends. */
#define FINISH_GRACE_US 1500000

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void tpr_loop_init(tpr_loop *l)
{
    memset(l, 0, sizeof(*l));
    atomic_init(&l->stop, false);
    l->stats.lat_min_us = INT64_MAX;
}

void tpr_loop_stop(tpr_loop *l)
{
    atomic_store(&l->stop, true);
}

static void account_latency(tpr_loop_stats *st, int64_t lat)
{
    if (lat < 0)
        lat = 0;
    if (lat < st->lat_min_us)
        st->lat_min_us = lat;
    if (lat > st->lat_max_us)
        st->lat_max_us = lat;
    st->lat_sum_us += lat;
    st->hist[lat < TPR_LAT_BUCKETS - 1 ? lat : TPR_LAT_BUCKETS - 1]++;
}

static void handle_buttons(tpr_loop *l, int64_t now)
{
    tpr_inputs *in = &l->hal->inputs;
    for (tpr_button b; (b = in->next(in->ctx, now)) != TPR_BUTTON_NONE;) {
        if (b == TPR_BUTTON_START_PAUSE)
            tpr_core_command(l->core, l->core->paused ? TPR_CMD_RESUME : TPR_CMD_PAUSE);
        else if (b == TPR_BUTTON_NEXT)
            tpr_core_command(l->core, TPR_CMD_NEXT);
    }
}

/* One control tick. Returns false when the motor could not be driven. */
static bool tick(tpr_loop *l, int64_t now, float *last_pct, tpr_output *out)
{
    tpr_hal *h = l->hal;
    tpr_sample s = {.t_us = now, .kpa = 0.0f, .ok = false};
    h->pressure.read(h->pressure.ctx, now, &s);
    tpr_core_step(l->core, now, &s, out);

    /* Write the motor only on change: sysfs writes cost a syscall each. */
    if (out->intensity_pct != *last_pct) {
        int rc = h->motor.set(h->motor.ctx, out->intensity_pct);
        if (rc < 0) {
            snprintf(l->error, sizeof(l->error), "motor write failed: %s", strerror(-rc));
            return false;
        }
        *last_pct = out->intensity_pct;
    }
    if (h->indicator.show)
        h->indicator.show(h->indicator.ctx, now, out->signal);

    tpr_summary_step(l->summary, now, out, &l->core->routine.dose[out->muscle]);
    if (l->record)
        l->record(l->record_ctx, now, &s, out);
    tpr_status_view v = {
        .now_us = now,
        .raw_kpa = s.kpa,
        .out = *out,
        .ticks = l->stats.ticks,
        .overruns = l->stats.overruns,
    };
    tpr_status_publish(l->status, &v);
    return true;
}

static int setup_fds(tpr_loop *l, int *tfd, int *efd, int64_t *start_us, int64_t period_us)
{
    *tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    *efd = epoll_create1(EPOLL_CLOEXEC);
    if (*tfd < 0 || *efd < 0)
        return -errno;
    /* Absolute, periodic deadlines: the kernel keeps the grid, so the loop
     * never drifts whatever a tick costs. */
    *start_us = mono_us() + period_us;
    struct itimerspec its = {
        .it_value = {.tv_sec = *start_us / 1000000, .tv_nsec = (*start_us % 1000000) * 1000},
        .it_interval = {.tv_sec = period_us / 1000000, .tv_nsec = (period_us % 1000000) * 1000},
    };
    if (timerfd_settime(*tfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
        return -errno;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = *tfd};
    if (epoll_ctl(*efd, EPOLL_CTL_ADD, *tfd, &ev) < 0)
        return -errno;
    int bfd = l->hal->inputs.fd;
    if (bfd >= 0 && l->hal->inputs.next) {
        ev.data.fd = bfd;
        if (epoll_ctl(*efd, EPOLL_CTL_ADD, bfd, &ev) < 0)
            return -errno;
    }
    return 0;
}

tpr_loop_end tpr_loop_run(tpr_loop *l)
{
    const int64_t period_us = 1000000 / (int64_t)l->rate_hz;
    int tfd = -1, efd = -1;
    int64_t start_us = 0, finished_at = -1;
    uint64_t periods = 0;
    float last_pct = -1.0f;
    tpr_loop_end end = TPR_LOOP_STOPPED;

    int rc = setup_fds(l, &tfd, &efd, &start_us, period_us);
    if (rc < 0) {
        snprintf(l->error, sizeof(l->error), "timer set-up failed: %s", strerror(-rc));
        end = TPR_LOOP_FAULT;
        goto out;
    }
    while (!atomic_load_explicit(&l->stop, memory_order_relaxed)) {
        struct epoll_event evs[2];
        int n = epoll_wait(efd, evs, 2, 1000);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            snprintf(l->error, sizeof(l->error), "timer stalled: %s",
                     n < 0 ? strerror(errno) : "no tick for 1 s");
            end = TPR_LOOP_FAULT;
            break;
        }
        bool timer_fired = false;
        uint64_t served = periods; /* deadlines handled before this wake-up */
        for (int i = 0; i < n; i++) {
            if (evs[i].data.fd != tfd) {
                handle_buttons(l, mono_us());
                continue;
            }
            uint64_t expirations = 0;
            if (read(tfd, &expirations, sizeof(expirations)) == sizeof(expirations)) {
                timer_fired = true;
                l->stats.overruns += expirations - 1;
                periods += expirations;
            }
        }
        if (!timer_fired)
            continue;
        int64_t now = mono_us();
        /* Latency from the earliest deadline this tick serves, as cyclictest
         * measures it: a missed period shows as a latency above the period. */
        account_latency(&l->stats, now - (start_us + (int64_t)served * period_us));
        l->stats.ticks++;
        tpr_output out;
        if (!tick(l, now, &last_pct, &out)) {
            end = TPR_LOOP_FAULT;
            break;
        }
        if (out.finished && finished_at < 0)
            finished_at = now;
        if (finished_at >= 0 && now - finished_at >= FINISH_GRACE_US && out.intensity_pct == 0) {
            end = TPR_LOOP_FINISHED;
            break;
        }
        if (l->max_us > 0 && now - start_us >= l->max_us) {
            end = TPR_LOOP_TIMEOUT;
            break;
        }
    }
out:
    /* Every way out of the loop passes here: motor off first. */
    rc = tpr_hal_motor_off(l->hal);
    if (rc < 0 && end != TPR_LOOP_FAULT) {
        snprintf(l->error, sizeof(l->error), "motor off failed: %s", strerror(-rc));
        end = TPR_LOOP_FAULT;
    }
    if (tfd >= 0)
        close(tfd);
    if (efd >= 0)
        close(efd);
    return end;
}
