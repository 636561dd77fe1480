/* The fixed-rate control loop: a timerfd with absolute deadlines drives one
 * core tick per period: read pressure, step the core, drive the motor and
 * indicators, hand the tick to the recorder and the display. */
#ifndef TPR_LOOP_H
#define TPR_LOOP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "hal.h"
#include "status.h"
#include "summary.h"

#define TPR_LAT_BUCKETS 1000 /* latency histogram: 1 µs buckets, last = overflow */

typedef enum tpr_loop_end {
    TPR_LOOP_FINISHED, /* the routine is complete */
    TPR_LOOP_STOPPED,  /* tpr_loop_stop() (SIGINT/SIGTERM) */
    TPR_LOOP_FAULT,    /* a hal or timer error: see tpr_loop.error */
    TPR_LOOP_TIMEOUT,  /* max_us elapsed */
} tpr_loop_end;

typedef struct tpr_loop_stats {
    uint64_t ticks;
    uint64_t overruns;                          /* periods the loop missed entirely */
    int64_t lat_min_us, lat_max_us, lat_sum_us; /* wake-up latency after the deadline */
    uint32_t hist[TPR_LAT_BUCKETS];
} tpr_loop_stats;

/* Called once per tick from the loop thread; must not block or allocate. */
typedef void (*tpr_loop_record_fn)(void *ctx, int64_t now_us, const tpr_sample *s,
                                   const tpr_output *o);

typedef struct tpr_loop {
    /* set by the caller */
    uint32_t rate_hz;
    int64_t max_us; /* 0: run until the routine is finished or stopped */
    tpr_hal *hal;
    tpr_core *core;
    tpr_summary *summary;
    tpr_status *status;
    tpr_loop_record_fn record; /* may be NULL */
    void *record_ctx;
    /* run state */
    atomic_bool stop;
    tpr_loop_stats stats;
    char error[192];
} tpr_loop;

/* Prepare l (zeroes the run state); the caller then fills the "set" fields. */
void tpr_loop_init(tpr_loop *l);

/* Run until the routine finishes, a stop is asked, max_us passes or a hal
 * error occurs. The motor is off when it returns, whatever the reason. */
tpr_loop_end tpr_loop_run(tpr_loop *l);

/* Ask the loop to stop at its next tick (any thread). */
void tpr_loop_stop(tpr_loop *l);

#endif
