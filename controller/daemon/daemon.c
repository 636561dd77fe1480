#include "daemon.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon_internal.h"
#include "device.h"
#include "display.h"
#include "instance_lock.h"
#include "log.h"
#include "loop.h"
#include "ppt_doses.h"
#include "privileges.h"
#include "profile_select.h"
#include "rt.h"
#include "setup.h"
#include "text_file.h"
#include "thread.h"

/* The control loop's stack: its deepest tick uses a few KB, of which
 * tpr_rt_setup pre-faults 64 KB; the rest is headroom. */
#define LOOP_STACK (256 * 1024)

static void *loop_thread(void *arg)
{
    tpr_daemon *d = arg;
    tpr_rt_setup(LOOP_RT_PRIO);
    d->end = tpr_loop_run(&d->loop);
    atomic_store(&d->loop_done, true);
    /* Wake the main thread now, so a session ends when the loop did. */
    uint64_t one = 1;
    if (write(d->wake_fd, &one, sizeof(one)) < 0)
        tpr_log(TPR_LOG_WARN, "cannot wake the main thread: %s", strerror(errno));
    return NULL;
}

static int block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    /* Blocked before the loop thread starts, so only the signalfd sees them. */
    if (pthread_sigmask(SIG_BLOCK, &set, NULL))
        return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

static void close_fds(tpr_daemon *d)
{
    if (d->signal_fd >= 0)
        close(d->signal_fd);
    if (d->wake_fd >= 0)
        close(d->wake_fd);
    if (d->lock_fd >= 0)
        close(d->lock_fd); /* the next tprd may have the directory */
}

uint32_t tpr_daemon_ticket(tpr_daemon *d)
{
    if (++d->ticket == 0) /* 0 means none */
        d->ticket = 1;
    return d->ticket;
}

/* Hand the ready session s to the loop, with ticket; finished and freed
 * when the loop does not take it. */
static int hand_over(tpr_daemon *d, tpr_session *s, uint32_t ticket, char *err, size_t errlen)
{
    tpr_loop_mark_take(&d->live_mark, &d->loop.stats, &d->status);
    if (!tpr_msg_push(&d->to_loop, (tpr_msg){.kind = TPR_MSG_START, .ticket = ticket, .ptr = s})) {
        snprintf(err, errlen, "the control loop is not taking commands");
        tpr_log(TPR_LOG_ERROR, "cannot start a session: %s", err);
        s->end = TPR_END_STOPPED;
        char why[256];
        tpr_session_finish(s, why, sizeof(why));
        return -1;
    }
    d->live = s;
    d->live_routine = s->core.routine;
    return 0;
}

int tpr_daemon_start_session(tpr_daemon *d, const tpr_profile *prof, uint32_t ticket, char *err,
                             size_t errlen)
{
    if (d->live) {
        snprintf(err, errlen, "a session is already under way");
        return -1;
    }
    /* Doses in %ppt from the stored thresholds, read here, off the loop. */
    tpr_profile dosed = *prof;
    tpr_ppt_doses_resolve(&d->sys, dosed.user, &dosed.routine, "session");
    tpr_session *s =
        tpr_session_new(&d->sys, &dosed, !d->args->no_record, d->args->duration_s, err, errlen);
    if (!s) {
        tpr_log(TPR_LOG_ERROR, "cannot start a session: %s", err);
        return -1;
    }
    if (hand_over(d, s, ticket, err, errlen))
        return -1;
    tpr_log(TPR_LOG_INFO, "session %lld: user %s, routine %s (%u muscles)",
            (long long)tpr_recording_id(s->rec), s->user, s->routine_name, s->core.routine.count);
    return 0;
}

int tpr_daemon_start_measure(tpr_daemon *d, const tpr_profile *prof, tpr_side side, uint32_t ticket,
                             char *err, size_t errlen)
{
    if (d->live) {
        snprintf(err, errlen, "a session is already under way");
        return -1;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    tpr_session *s =
        tpr_session_new_measure(&d->sys, prof, side, now_ms, !d->args->no_record, err, errlen);
    if (!s) {
        tpr_log(TPR_LOG_ERROR, "cannot start a measurement: %s", err);
        return -1;
    }
    if (hand_over(d, s, ticket, err, errlen))
        return -1;
    tpr_log(TPR_LOG_INFO, "measurement: user %s, %s, side %s, target %.0f kPa/s", s->user,
            s->core.routine.dose[0].muscle, tpr_side_name(side), (double)d->sys.ppt_rate_kpa_s);
    return 0;
}

/* The profile the start button uses: the command line's user, else
 * [device] default_user, else the built-in knee_front doses. Loaded now,
 * so a profile edited since start-up is read afresh. */
static int button_profile(tpr_daemon *d, tpr_profile *prof, char *err, size_t errlen)
{
    if (d->args->profile || d->args->user || !d->sys.default_user[0]) {
        *prof = d->prof;
        return 0;
    }
    return tpr_setup_user_profile(&d->sys, d->sys.default_user, prof, err, errlen);
}

/* The start button while idle: that profile's routine. */
static void start_default_session(tpr_daemon *d)
{
    tpr_profile prof;
    char err[512];
    if (button_profile(d, &prof, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "start button: %s", err);
        return;
    }
    tpr_daemon_start_session(d, &prof, 0, err, sizeof(err));
}

/* The start button held long while idle: a measurement of the first muscle
 * of that profile's routine, no side (the buttons cannot name one; tprctl
 * measure can). */
static void start_default_measure(tpr_daemon *d)
{
    tpr_profile prof;
    char err[512], muscle[TPR_NAME_MAX + 1];
    if (button_profile(d, &prof, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "start button (held): %s", err);
        return;
    }
    snprintf(muscle, sizeof(muscle), "%s", prof.routine.dose[0].muscle);
    if (tpr_profile_select_muscle(&prof, muscle, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "start button (held): %s", err);
        return;
    }
    tpr_daemon_start_measure(d, &prof, TPR_SIDE_NONE, 0, err, sizeof(err));
}

static void finish_session(tpr_daemon *d, tpr_session *s)
{
    char err[512];
    if (s == d->live)
        d->live = NULL;
    const tpr_ppt_result *ppt = tpr_ppt_result_of(&s->core);
    if (!d->args->quiet && ppt)
        tpr_display_measurement(stdout, ppt);
    else if (!d->args->quiet)
        tpr_display_summary(stdout, &s->summary, &s->core.routine);
    if (s->start_us >= 0) { /* it ran: its row gets the loop's timing */
        tpr_session_loop t;
        tpr_loop_mark_since(&d->live_mark, &d->loop.stats, &d->status, &t);
        tpr_recording_loop_timing(s->rec, &t);
    }
    if (tpr_session_finish(s, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        d->session_failed = true;
    }
    if (!d->live)
        tpr_daemon_hardware_idle(d);
}

static void take_messages(tpr_daemon *d)
{
    uint64_t v;
    if (read(d->wake_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
        tpr_log(TPR_LOG_WARN, "wake-up read: %s", strerror(errno));
    tpr_msg m;
    while (tpr_msg_pop(&d->from_loop, &m)) {
        if (m.kind == TPR_MSG_ENDED)
            finish_session(d, m.ptr);
        else if (m.kind == TPR_MSG_WANT_SESSION)
            start_default_session(d);
        else if (m.kind == TPR_MSG_WANT_MEASURE)
            start_default_measure(d);
        else if (m.kind == TPR_MSG_FREE)
            free(m.ptr);
        else if (m.kind == TPR_MSG_APPLIED)
            tpr_daemon_control_applied(d, m.ticket);
        else if (m.kind == TPR_MSG_OLD_DEVICE)
            tpr_daemon_hardware_retired(d, m.ptr);
    }
}

static void on_signal(tpr_daemon *d)
{
    struct signalfd_siginfo si;
    if (read(d->signal_fd, &si, sizeof(si)) != sizeof(si))
        return;
    if (si.ssi_signo == SIGHUP) {
        char err[512];
        tpr_daemon_reload(d, err, sizeof(err));
        return;
    }
    d->stop_signal = (int)si.ssi_signo;
    /* Ctrl-C is a person stopping the session; SIGTERM comes from the
     * system (systemctl stop, shutdown). */
    d->quit_reason = d->stop_signal == SIGINT ? TPR_END_STOPPED : TPR_END_TERMINATED;
}

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void live_line(tpr_daemon *d, int64_t t0)
{
    tpr_status_view v;
    tpr_status_read(&d->status, &v);
    uint32_t events = d->line_events;
    d->line_events = 0;
    if (d->args->quiet || !d->live || !v.ticks || v.daemon == TPR_DAEMON_IDLE)
        return;
    tpr_display_live(stdout, (double)(mono_ms() - t0) / 1000.0, &v, events, &d->live_routine);
}

/* Status to subscribers about this often (at least 20 Hz). */
#define PUBLISH_MS 50

/* The main thread's loop: signals, the loop's messages, the control
 * socket, the published status and the live line. */
static void serve(tpr_daemon *d)
{
    const int64_t t0 = mono_ms();
    int64_t next_line = t0 + 1000, next_publish = t0;
    while (!atomic_load(&d->loop_done)) {
        if (d->quit_reason >= 0 &&
            tpr_msg_push(&d->to_loop, (tpr_msg){.kind = TPR_MSG_QUIT, .arg = d->quit_reason}))
            d->quit_reason = -1;
        struct pollfd p[3] = {{.fd = d->signal_fd, .events = POLLIN},
                              {.fd = d->wake_fd, .events = POLLIN},
                              {.fd = d->ctl ? tpr_ctl_server_fd(d->ctl) : -1, .events = POLLIN}};
        int64_t now = mono_ms();
        int64_t wait = (next_publish < next_line ? next_publish : next_line) - now;
        int n = poll(p, 3, wait > 0 ? (int)wait : 0);
        if (n > 0 && (p[0].revents & POLLIN))
            on_signal(d);
        if (n > 0 && (p[1].revents & POLLIN))
            take_messages(d);
        now = mono_ms();
        if (d->ctl) /* at every wake-up (20 Hz at least), for the server's timeouts */
            tpr_ctl_server_dispatch(d->ctl, now * 1000);
        if (now >= next_publish) {
            next_publish += PUBLISH_MS;
            if (next_publish <= now) /* a long stall: no burst to catch up */
                next_publish = now + PUBLISH_MS;
            tpr_status_view v;
            tpr_status_read(&d->status, &v);
            d->line_events |= tpr_daemon_control_publish(d, &v);
            tpr_service_notify_check(&d->notify, &v, now * 1000, d->loop.rate_hz,
                                     d->live ? &d->live_routine : NULL);
        }
        if (now >= next_line) {
            next_line += 1000;
            live_line(d, t0);
        }
    }
}

/* Device open, socket bound: root is no longer needed. The loop thread
 * sets up SCHED_FIFO and locked memory after this, within the limits kept
 * (privileges.h). Returns 0, or -1 logged with errno 0. */
static int drop_root(tpr_daemon *d)
{
    char note[256], err[512];
    const tpr_args *a = d->args;
    if (tpr_privileges_drop(a->run_as, LOOP_RT_PRIO, a->no_record ? NULL : d->sys.data_dir,
                            d->ctl ? d->sys.socket_path : NULL, note, sizeof(note), err,
                            sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        errno = 0;
        return -1;
    }
    if (note[0])
        tpr_log(TPR_LOG_INFO, "%s", note);
    return 0;
}

tpr_daemon *tpr_daemon_open(const tpr_args *a, int *status)
{
    char err[512];
    tpr_daemon *d = calloc(1, sizeof(*d));
    if (!d) {
        tpr_log(TPR_LOG_ERROR, "out of memory");
        *status = 1;
        return NULL;
    }
    d->args = a;
    d->signal_fd = d->wake_fd = d->lock_fd = -1;
    d->quit_reason = -1;
    *status = 2;
    /* systemd gives every service an INVOCATION_ID: a service reads only
     * files that root or its own user controls (text_file.h). */
    tpr_text_file_strict(getenv("INVOCATION_ID") != NULL);
    if (tpr_setup_load(a, &d->sys, &d->prof, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        goto fail;
    }
    if (!d->sys.path[0])
        tpr_log(TPR_LOG_INFO, "no system config (%s): running on the simulated device",
                a->config ? a->config : TPR_SYSTEM_CONFIG_DEFAULT);
    /* Before the device: a second tprd must not touch the first one's
     * motor or close its session. */
    *status = 1;
    if (!a->no_record && (d->lock_fd = tpr_instance_lock(d->sys.data_dir, err, sizeof(err))) < 0) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        *status = d->lock_fd == -2 ? TPR_EXIT_LOCKED : 1;
        d->lock_fd = -1;
        goto fail;
    }
    if (!a->no_record && !a->once) {
        int n = tpr_recording_close_interrupted(&d->sys, err, sizeof(err));
        if (n < 0) {
            tpr_log(TPR_LOG_ERROR, "%s (use --no-record to run without recording)", err);
            *status = TPR_EXIT_STORAGE;
            goto fail;
        }
        if (n > 0)
            tpr_log(TPR_LOG_WARN, "%d session%s left running by an earlier tprd marked interrupted",
                    n, n == 1 ? "" : "s");
    }
    d->signal_fd = block_signals();
    d->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->signal_fd < 0 || d->wake_fd < 0) {
        tpr_log(TPR_LOG_ERROR, "signal set-up failed: %s", strerror(errno));
        goto fail;
    }
    tpr_device_opts dev = {.hand_script = a->hand, .seed = a->seed};
    if (tpr_device_open(&d->hal, &d->sys, &dev, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        goto fail;
    }
    tpr_status_init(&d->status);
    tpr_msg_queue_init(&d->to_loop);
    tpr_msg_queue_init(&d->from_loop);
    tpr_loop_init(&d->loop);
    d->loop.rate_hz = d->sys.core.rate_hz;
    d->loop.hal = &d->hal;
    d->loop.status = &d->status;
    d->loop.idle_cfg = d->sys.core;
    d->loop.idle_dose = d->prof.routine.dose[0];
    d->loop.in = &d->to_loop;
    d->loop.out = &d->from_loop;
    d->loop.wake_fd = d->wake_fd;
    d->loop.once = a->once;
    d->loop.wait_lift = true; /* a restart never starts treating a pressed tip */
    atomic_init(&d->loop_done, false);
    char device[64];
    tpr_device_describe(&d->sys, device, sizeof(device));
    tpr_log(TPR_LOG_INFO, "%s: %s, %u Hz%s", a->once ? "starting" : "ready", device,
            d->sys.core.rate_hz, a->once ? "" : ", idle until the start button");
    /* The profile was checked above: what can fail now is its recording. */
    if (a->once && tpr_daemon_start_session(d, &d->prof, 0, err, sizeof(err))) {
        *status = TPR_EXIT_STORAGE;
        tpr_hal_close(&d->hal);
        goto fail;
    }
    /* The resident daemon listens for tprctl; --once runs without it. */
    if (!a->once && tpr_daemon_control_open(d)) {
        tpr_hal_close(&d->hal);
        goto fail;
    }
    if (drop_root(d) || (errno = tpr_thread_start(&d->thread, LOOP_STACK, loop_thread, d))) {
        if (errno)
            tpr_log(TPR_LOG_ERROR, "cannot start the control loop: %s", strerror(errno));
        if (d->live)
            finish_session(d, d->live);
        tpr_ctl_server_close(d->ctl);
        tpr_hal_close(&d->hal);
        goto fail;
    }
    *status = 0;
    return d;
fail:
    close_fds(d);
    free(d);
    return NULL;
}

int tpr_daemon_run(tpr_daemon *d)
{
    tpr_service_notify_init(&d->notify);
    serve(d);
    tpr_service_notify_stopping();
    pthread_join(d->thread, NULL);
    take_messages(d);
    if (d->loop.session) /* ended when the queue was full: finish it here */
        finish_session(d, d->loop.session);
    /* The loop switched the motor off on its way out; closing the hal
     * releases the enable line (the board's pull-down keeps it off). A
     * device sent too late for the loop to take is closed with it. */
    tpr_msg m;
    while (tpr_msg_pop(&d->to_loop, &m))
        if (m.kind == TPR_MSG_DEVICE)
            tpr_daemon_hardware_retired(d, m.ptr);
    if (d->loop.retired)
        tpr_daemon_hardware_retired(d, d->loop.retired);
    tpr_daemon_hardware_retired(d, d->loop.hal);
    if (d->end == TPR_LOOP_FAULT)
        tpr_log(TPR_LOG_ERROR, "device fault, motor off: %s", d->loop.error);
    if (d->stop_signal)
        tpr_log(TPR_LOG_INFO, "%s: motor off, stopping", strsignal(d->stop_signal));
    tpr_ctl_server_close(d->ctl);
    tpr_display_loop_stats(stdout, &d->loop.stats, d->loop.rate_hz);
    int rc = d->end == TPR_LOOP_FAULT ? 1 : d->session_failed ? TPR_EXIT_STORAGE : 0;
    close_fds(d);
    free(d);
    return rc;
}
