/* The fixed-rate control loop: a timerfd with absolute deadlines drives one
 * tick per period, from start-up to shutdown. Between sessions it is idle:
 * the motor off, the LED's idle pattern, the sensor still checked so that a
 * broken one shows before anyone presses. During a session each tick reads
 * the pressure, steps the session's core, drives the motor and indicators
 * and hands the tick to the recorder and the status.
 *
 * The loop talks to the main thread through two message queues only
 * (msg_queue.h): sessions and commands come in, ended sessions, button
 * requests and (after the tick that published their effect) the tickets of
 * the commands applied go out, each followed by a write to wake_fd. It never waits on
 * the main thread, the store, the display or the log. */
#ifndef TPR_LOOP_H
#define TPR_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "hal.h"
#include "lat_hist.h"
#include "msg_queue.h"
#include "safety.h"
#include "session.h"
#include "status.h"

/* After a routine completes, keep ticking long enough for the "done" cue
 * to play out before the session ends. */
#define TPR_FINISH_GRACE_US 1500000

typedef enum tpr_loop_end {
    TPR_LOOP_STOPPED, /* TPR_MSG_QUIT, or (once) the session ended */
    TPR_LOOP_FAULT,   /* a hal or timer error: see tpr_loop.error */
} tpr_loop_end;

/* The loop's own timing, written by the loop only; other threads read the
 * histograms at any time (lat_hist.h), the counters once the loop ended. */
typedef struct tpr_loop_stats {
    uint64_t ticks;
    uint64_t overruns; /* periods the loop missed entirely */
    tpr_lat_hist wake; /* wake-up latency after the deadline, as cyclictest's */
    tpr_lat_hist run;  /* the tick's own run time, wake-up to done */
    /* The newest sample's age when the tick that acted on it is done (its
     * motor write included): from the sample's read to the tick's end.
     * The tick's own run for a backend that reads in the tick; with a
     * reader thread (hal/sampler.h) the hand-over's wait as well. */
    tpr_lat_hist age;
    /* The loop thread's page faults (minor, major) from its first
     * TPR_LOOP_SETTLE_TICKS ticks to its last: 0 in a steady state. */
    int64_t settled_minflt, settled_majflt;
} tpr_loop_stats;

/* Ticks after which the loop counts as settled: its code, stack and
 * buffers have been touched once, so a page fault after it is a fault. */
#define TPR_LOOP_SETTLE_TICKS 1000

/* Where the loop's time comes from when not from CLOCK_MONOTONIC and a
 * timerfd: the fault-injection tests run the loop on a virtual clock, far
 * faster than real time, and step or stall it at will. */
typedef struct tpr_loop_clock {
    /* Wait for the next deadline; returns the periods passed since the
     * previous wait (1 on time, more after missed periods), or a negative
     * errno, which ends the loop as a fault. */
    int64_t (*wait)(void *ctx);
    int64_t (*now)(void *ctx); /* the time, µs */
    void *ctx;
} tpr_loop_clock;

typedef struct tpr_loop {
    /* set by the caller */
    uint32_t rate_hz;
    tpr_hal *hal;
    tpr_status *status;
    tpr_core_cfg idle_cfg;       /* sensor checks while idle */
    tpr_dose idle_dose;          /* its contact pressure and limit while idle */
    tpr_msg_queue *in;           /* main thread to loop */
    tpr_msg_queue *out;          /* loop to main thread */
    int wake_fd;                 /* eventfd written after each message out; -1: none */
    bool once;                   /* return when the first session ends */
    const tpr_loop_clock *clock; /* NULL: CLOCK_MONOTONIC and a timerfd */
    /* A session starts treating only once the tip has been seen below
     * contact: a tprd restarted while the tip is still pressed never
     * starts by itself. Until then its motor stays off and the status
     * says so (waiting_lift). */
    bool wait_lift;
    /* run state */
    tpr_session *session; /* the loop's from START to ENDED; NULL: idle */
    tpr_hal *retired;     /* let go of for DEVICE, not handed back yet; NULL: none */
    tpr_safety idle_safety;
    tpr_loop_stats stats;
    char error[192];
} tpr_loop;

/* Prepare l (zeroes the run state); the caller then fills the "set" fields. */
void tpr_loop_init(tpr_loop *l);

/* Run until TPR_MSG_QUIT, a hal error, or (once) the end of the first
 * session. The motor is off when it returns, whatever the reason, and a
 * session still running has been handed back with TPR_MSG_ENDED. */
tpr_loop_end tpr_loop_run(tpr_loop *l);

#endif
