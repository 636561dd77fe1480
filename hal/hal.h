/* The hardware abstraction: four small interfaces the daemon drives, each a
 * struct of function pointers plus the backend's context. Backends (sim,
 * iio, pwm, gpio, ...; backend.h) fill them in; the daemon does not know
 * which one it runs.
 *
 * Conventions: functions return 0 on success or a negative errno value; they
 * never print (errors are reported by return value, the daemon logs them).
 * Functions called from the control loop (read, set, off, show) must not
 * block and must not allocate: a backend whose reads block (an I2C
 * transfer, a network round trip) reads in a thread of its own and hands
 * the newest reading over (sampler.h).
 */
#ifndef TPR_HAL_H
#define TPR_HAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tpr_types.h"

/* Pressure in kPa from the tip. */
typedef struct tpr_pressure {
    /* Fill *out with the newest reading at time now_us, out->t_us the time
     * it was read (now_us for a backend that reads in the call). A failed
     * read is reported as out->ok = false (and the return value says why);
     * a reading that is not newer than the previous one keeps its old
     * t_us, so that the core judges its staleness. */
    int (*read)(void *ctx, int64_t now_us, tpr_sample *out);
    /* The newest reading before calibration, in raw_unit, into *value
     * (every pressure backend has it; for `tprd calibrate`, not for the
     * loop: it may block). Returns 1 for
     * a reading not returned before, 0 when nothing new has arrived, or a
     * negative errno. */
    int (*read_raw)(void *ctx, int64_t now_us, double *value);
    const char *raw_unit; /* "counts", "V", "kPa" */
    void (*close)(void *ctx);
    void *ctx;
} tpr_pressure;

/* The vibration motor. */
typedef struct tpr_motor {
    /* Drive the motor at pct (0..100). 0 means off. */
    int (*set)(void *ctx, float pct);
    /* Switch the motor off by every means the backend has (duty 0 AND
     * enable low). Must be safe to call at any time, also after an error. */
    int (*off)(void *ctx);
    void (*close)(void *ctx); /* switches off first */
    void *ctx;
} tpr_motor;

/* LED / buzzer feedback for the person. */
typedef struct tpr_indicator {
    /* Show signal sig at time now_us (backends may blink or beep by time). */
    int (*show)(void *ctx, int64_t now_us, tpr_signal sig);
    void (*close)(void *ctx);
    void *ctx;
} tpr_indicator;

/* Buttons. */
typedef enum tpr_button {
    TPR_BUTTON_START_PAUSE,
    TPR_BUTTON_NEXT,
    TPR_BUTTON_COUNT,
} tpr_button;

/* A debounced change of one button: pressed or let go, at t_us on the
 * monotonic clock the loop's now_us uses. What a press means (short or
 * long) is decided above the HAL, from these edges alone. */
typedef struct tpr_button_edge {
    tpr_button button;
    bool pressed; /* false: released */
    int64_t t_us;
} tpr_button_edge;

typedef struct tpr_inputs {
    /* A file descriptor that becomes readable when a button edge may be
     * pending (the loop polls it next to its timer), or -1. */
    int fd;
    /* Fill *out with the next debounced edge and return true, or return
     * false when there is none. The loop calls it every tick and whenever
     * fd is readable; fd_ready says fd was readable (true when fd is -1).
     * Never blocks; without fd_ready it makes no system call, but still
     * reports an edge whose bounce has settled by now_us. */
    bool (*next)(void *ctx, int64_t now_us, bool fd_ready, tpr_button_edge *out);
    void (*close)(void *ctx);
    void *ctx;
} tpr_inputs;

/* The whole device. Any member may be left with NULL functions by a backend
 * that lacks it (no buttons, say): the tpr_hal_* helpers below then do
 * nothing. */
typedef struct tpr_hal {
    tpr_pressure pressure;
    tpr_motor motor;
    tpr_indicator indicator;
    tpr_inputs inputs;
} tpr_hal;

/* Switch the motor off; returns the backend's result (0 when it has none). */
int tpr_hal_motor_off(tpr_hal *h);

/* Close every part, motor first (which switches it off). */
void tpr_hal_close(tpr_hal *h);

#endif
