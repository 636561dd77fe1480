/* The newest sample, handed from one writer thread to one reader without
 * locks: a sequence lock over the value, its time and its error. The
 * writer never waits; the reader never waits for the writer either: it
 * retries a copy the writer overwrote while it read, a few times, and
 * otherwise goes on with what it had. A copy is never torn (every field of
 * one publish or none), and the sequence number says which publish it is.
 *
 * For the control loop's tick: reading a slot is a few atomic loads, no
 * system call, no lock. */
#ifndef TPR_SAMPLE_SLOT_H
#define TPR_SAMPLE_SLOT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct tpr_sample_slot {
    _Atomic uint64_t seq; /* 2 x the publishes so far; odd while one is written */
    _Atomic double value;
    _Atomic int64_t t_us; /* when the value was read (monotonic) */
    atomic_int error;     /* 0, or the failed read's negative errno */
} tpr_sample_slot;

/* One publish as the reader copied it. */
typedef struct tpr_slot_copy {
    uint64_t n; /* which publish: 1, 2, ...; 0: none yet */
    double value;
    int64_t t_us;
    int error;
} tpr_slot_copy;

/* Empty: no publish yet. */
void tpr_sample_slot_init(tpr_sample_slot *s);

/* Writer side (one thread): make value, read at t_us, or a read's error
 * (value ignored) the newest. */
void tpr_sample_slot_publish(tpr_sample_slot *s, double value, int64_t t_us, int error);

/* Reader side (one thread): copy the newest publish into *out. Returns
 * false, *out untouched, when the writer overwrote the slot during every
 * try (it was publishing again and again). */
bool tpr_sample_slot_read(const tpr_sample_slot *s, tpr_slot_copy *out);

/* How many publishes so far (either side; acquire: a later read sees at
 * least that one). */
uint64_t tpr_sample_slot_count(const tpr_sample_slot *s);

#endif
