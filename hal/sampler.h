/* A reader thread: it takes samples from a source whose read may block (an
 * I2C transfer in the ADC's driver, a round trip to a remote iiod, an IIO
 * buffer refill) and hands the newest, with the time it was read, to the
 * control loop through a sample slot (sample_slot.h). No tick waits for a
 * device: it takes what the thread last published, and judges its age by
 * that time.
 *
 * The thread runs with a small stack of its own, named (ps, top), at
 * SCHED_FIFO when a priority is given and permitted, and stops cleanly;
 * a read's error is handed over like a sample. */
#ifndef TPR_SAMPLER_H
#define TPR_SAMPLER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tpr_sampler tpr_sampler;

typedef struct tpr_sampler_source {
    /* Read one sample into *value, blocking as long as the device needs:
     * 1 a sample, 0 none this time (nothing is published), or a negative
     * errno (published as the newest sample's error). */
    int (*read)(void *ctx, double *value);
    /* Make a read in progress return soon, for stopping; NULL when reads
     * end by themselves. */
    void (*cancel)(void *ctx);
    void *ctx;
} tpr_sampler_source;

typedef struct tpr_sampler_opts {
    /* Reads start at most once a period (on absolute deadlines, never
     * catching up in a burst); 0: back to back, for a read that waits for
     * the device's own rate. After an error at most every 10 ms. */
    int64_t period_us;
    int rt_prio;      /* SCHED_FIFO priority, when permitted; 0: the default policy */
    const char *name; /* the thread's name, at most 15 characters */
    /* Test only (TPRD_TEST_LOCKSTEP, README "How the hardware is tested"):
     * after the first sample, each read waits until a take asks for it,
     * and that take waits for its sample, so that a test feeding one value
     * per read knows which tick took which. Never on a device. */
    bool lockstep;
} tpr_sampler_opts;

/* Start the thread on src (which must outlive it). Returns NULL with a
 * positive errno in *error when the thread cannot be made. */
tpr_sampler *tpr_sampler_start(const tpr_sampler_source *src, const tpr_sampler_opts *o,
                               int *error);

/* Wait up to timeout_ms for the first publish, without taking it: 1 a
 * sample, its negative errno when the first read failed, -ETIMEDOUT. For
 * start-up, not for the loop. */
int tpr_sampler_first(tpr_sampler *s, unsigned timeout_ms);

/* The newest publish, for one consumer: 1 a sample not taken before (into
 * *value, its read time into *t_us), 0 nothing new since the last take
 * (both untouched), or the negative errno of a newer read that failed
 * (*t_us its time). Never blocks, unless lockstep. */
int tpr_sampler_take(tpr_sampler *s, double *value, int64_t *t_us);

/* Stop the thread (cancelling a read in progress when the source can)
 * and free it; NULL is allowed. */
void tpr_sampler_stop(tpr_sampler *s);

#endif
