#include "run.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "device.h"
#include "display.h"
#include "log.h"
#include "loop.h"
#include "rt.h"
#ifdef TPRD_HAVE_STORE
#include "session.h"
#endif
#include "setup.h"

/* SCHED_FIFO priority of the control loop: above ordinary real-time work,
 * below the kernel's threaded interrupt handlers (50). */
#define LOOP_RT_PRIO 40

/* Everything the run needs, static: the core and summary are large and the
 * loop must not touch the allocator. */
static struct {
    tpr_system_config sys;
    tpr_profile prof;
    tpr_hal hal;
    tpr_core core;
    tpr_summary summary;
    tpr_status status;
    tpr_loop loop;
    tpr_loop_end end;
} g;

static void *loop_thread(void *arg)
{
    (void)arg;
    tpr_rt_setup(LOOP_RT_PRIO);
    g.end = tpr_loop_run(&g.loop);
    return NULL;
}

static double elapsed_s(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Wait for the loop to end, printing the live line once a second and turning
 * SIGINT/SIGTERM into a stop request. */
static void supervise(pthread_t th, int sfd, bool quiet, int *signo)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        struct pollfd p = {.fd = sfd, .events = POLLIN};
        int n = poll(&p, 1, 1000);
        if (n > 0) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
                *signo = (int)si.ssi_signo;
                tpr_loop_stop(&g.loop);
                break;
            }
        }
        if (pthread_tryjoin_np(th, NULL) == 0)
            return;
        if (!quiet) {
            tpr_status_view v;
            tpr_status_read(&g.status, &v);
            if (v.ticks)
                tpr_display_live(stdout, elapsed_s(&t0), &v, tpr_status_take_events(&g.status),
                                 &g.core.routine);
        }
    }
    pthread_join(th, NULL);
}

static int block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    /* Blocked before the loop thread starts, so only the signalfd sees them. */
    if (pthread_sigmask(SIG_BLOCK, &set, NULL))
        return -1;
    return signalfd(-1, &set, SFD_CLOEXEC);
}

#ifdef TPRD_HAVE_STORE
/* signo: the signal that stopped the loop. Ctrl-C is a person stopping the
 * session; SIGTERM comes from the system (systemctl stop, shutdown). */
static tpr_session_end end_reason(tpr_loop_end end, int signo)
{
    switch (end) {
    case TPR_LOOP_FINISHED:
        return TPR_END_COMPLETED;
    case TPR_LOOP_STOPPED:
        return signo == SIGINT ? TPR_END_STOPPED : TPR_END_TERMINATED;
    case TPR_LOOP_TIMEOUT:
        return TPR_END_STOPPED;
    case TPR_LOOP_FAULT:
        break;
    }
    return TPR_END_FAULT;
}
#endif

int tpr_run(const tpr_args *a)
{
    char err[512];
    if (tpr_setup_load(a, &g.sys, &g.prof, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        return 2;
    }
    if (!g.sys.path[0])
        tpr_log(TPR_LOG_INFO, "no system config (%s): running on the simulated device",
                a->config ? a->config : TPR_SYSTEM_CONFIG_DEFAULT);
    if (tpr_core_init(&g.core, &g.sys.core, &g.prof.routine)) {
        tpr_log(TPR_LOG_ERROR, "the routine or device settings are unusable");
        return 2;
    }
    tpr_summary_init(&g.summary);
    tpr_status_init(&g.status);

    int sfd = block_signals();
    if (sfd < 0) {
        tpr_log(TPR_LOG_ERROR, "signal set-up failed: %s", strerror(errno));
        return 1;
    }
    tpr_device_opts dev = {.hand_script = a->hand, .seed = a->seed};
    if (tpr_device_open(&g.hal, &g.sys, &dev, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        close(sfd);
        return 1;
    }
#ifdef TPRD_HAVE_STORE
    tpr_session *session = NULL;
    if (!a->no_record && tpr_session_start(&session, &g.sys, &g.prof, err, sizeof(err))) {
        tpr_log(TPR_LOG_ERROR, "%s (use --no-record to run without recording)", err);
        tpr_hal_close(&g.hal);
        close(sfd);
        return 1;
    }
#endif

    tpr_log(TPR_LOG_INFO, "%s: user %s, routine %s (%u muscles), %s, %u Hz", "starting",
            g.prof.user, g.prof.routine.name, g.prof.routine.count, tpr_device_describe(&g.sys),
            g.sys.core.rate_hz);
    tpr_loop_init(&g.loop);
    g.loop.rate_hz = g.sys.core.rate_hz;
    g.loop.max_us = (int64_t)(a->duration_s * 1e6);
    g.loop.hal = &g.hal;
    g.loop.core = &g.core;
    g.loop.summary = &g.summary;
    g.loop.status = &g.status;
#ifdef TPRD_HAVE_STORE
    tpr_session_attach(session, &g.loop);
#endif

    pthread_t th;
    int signo = 0;
    if ((errno = pthread_create(&th, NULL, loop_thread, NULL))) {
        tpr_log(TPR_LOG_ERROR, "cannot start the control loop: %s", strerror(errno));
        g.end = TPR_LOOP_FAULT;
    } else {
        supervise(th, sfd, a->quiet, &signo);
    }
    close(sfd);
    /* The loop switched the motor off on its way out; closing the hal
     * releases the enable line (the board's pull-down keeps it off). */
    tpr_hal_close(&g.hal);

    if (g.end == TPR_LOOP_FAULT)
        tpr_log(TPR_LOG_ERROR, "device fault, motor off: %s", g.loop.error);
    if (signo)
        tpr_log(TPR_LOG_INFO, "%s: motor off, stopping", strsignal(signo));
    int rc = 0;
#ifdef TPRD_HAVE_STORE
    rc = tpr_session_finish(session, end_reason(g.end, signo), err, sizeof(err));
    if (rc)
        tpr_log(TPR_LOG_ERROR, "%s", err);
#endif
    tpr_display_summary(stdout, &g.summary, &g.core.routine);
    tpr_display_loop_stats(stdout, &g.loop.stats, g.loop.rate_hz);
    if (g.end == TPR_LOOP_FAULT || rc)
        return 1;
    return 0;
}
