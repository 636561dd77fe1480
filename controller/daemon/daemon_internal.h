/* The daemon object's inside, shared by its files: daemon.c (start-up,
 * the main thread's loop, sessions) and daemon_control.c (the control
 * socket's commands, the published snapshot, reload). Main thread only,
 * except what the loop owns (loop, status, the queues' other ends). */
#ifndef TPR_DAEMON_INTERNAL_H
#define TPR_DAEMON_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "args.h"
#include "ctl_server.h"
#include "daemon.h"
#include "hal.h"
#include "loop.h"
#include "loop_mark.h"
#include "profile.h"
#include "service_notify.h"
#include "status.h"
#include "system_config.h"

/* SCHED_FIFO priority of the control loop: above ordinary real-time work,
 * below the kernel's threaded interrupt handlers (50). */
#define LOOP_RT_PRIO 40

struct tpr_daemon {
    const tpr_args *args;
    tpr_system_config sys;
    tpr_profile prof; /* the command line's profile (or the built-in one) */
    tpr_hal hal;      /* the device opened at start-up */
    /* A reloaded config whose hardware differs from the one in force:
     * opened once the daemon is idle (daemon_hardware.c). */
    tpr_system_config hw_next;
    bool hw_pending;
    tpr_status status;
    tpr_loop loop;
    tpr_msg_queue to_loop, from_loop;
    int wake_fd;   /* eventfd: the loop sent a message or ended */
    int signal_fd; /* SIGINT, SIGTERM, SIGHUP */
    int lock_fd;   /* the data directory's lock; -1 with --no-record */
    pthread_t thread;
    atomic_bool loop_done;
    tpr_loop_end end;
    tpr_session *live;       /* handed to the loop, not handed back yet */
    tpr_loop_mark live_mark; /* the loop's timing when it was handed over */
    /* The live session's muscles and doses as the main thread reads them
     * (the loop changes its own copy's later doses on a reload). */
    tpr_routine live_routine;
    int quit_reason;      /* -1, or the end reason of a QUIT still to send */
    int stop_signal;      /* the signal that stopped the daemon, 0 none */
    bool session_failed;  /* a session could not be recorded */
    tpr_ctl_server *ctl;  /* the control socket; NULL with --once */
    uint32_t line_events; /* events since the last live line */
    uint32_t ticket;      /* the last command's ticket sent to the loop */
    tpr_service_notify notify;
};

/* Hand a ready session of prof's routine to the loop, with ticket (0:
 * none, else see tpr_daemon_ticket). Returns 0, or -1 with the reason in
 * err (also logged). */
int tpr_daemon_start_session(tpr_daemon *d, const tpr_profile *prof, uint32_t ticket, char *err,
                             size_t errlen);

/* Hand a ready measurement of the single muscle of prof's routine on side
 * to the loop, with ticket as above. Returns 0, or -1 with the reason in
 * err (also logged). */
int tpr_daemon_start_measure(tpr_daemon *d, const tpr_profile *prof, tpr_side side, uint32_t ticket,
                             char *err, size_t errlen);

/* The next command's ticket: the loop reports it applied (TPR_MSG_APPLIED)
 * after the tick that published its effect. Never 0. */
uint32_t tpr_daemon_ticket(tpr_daemon *d);

/* The loop applied the commands up to ticket: publish the status now and
 * let their replies go. */
void tpr_daemon_control_applied(tpr_daemon *d, uint32_t ticket);

/* Open the control socket at sys.socket_path. Returns 0, or -1 (logged). */
int tpr_daemon_control_open(tpr_daemon *d);

/* Publish the loop's status v to the socket's subscribers and status
 * replies; returns the events since the previous publish. */
uint32_t tpr_daemon_control_publish(tpr_daemon *d, const tpr_status_view *v);

/* Re-read the system config and the profile (SIGHUP, tprctl reload).
 * Returns 0, or -1 with "file:line: message" in err; the daemon keeps its
 * last good configuration then. */
int tpr_daemon_reload(tpr_daemon *d, char *err, size_t errlen);

/* Keep the hardware part of sys (a reloaded config) for when the daemon
 * is idle, and apply it now if it is; nothing when it is the one in force.
 * Returns 0, or -1 with the reason in err (the old device stays). */
int tpr_daemon_hardware_reload(tpr_daemon *d, const tpr_system_config *sys, char *err,
                               size_t errlen);

/* The daemon became idle: apply a pending hardware change (errors logged). */
void tpr_daemon_hardware_idle(tpr_daemon *d);

/* The loop let go of h (motor off): close it. */
void tpr_daemon_hardware_retired(tpr_daemon *d, tpr_hal *h);

#endif
