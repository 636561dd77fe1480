/* Driving the control core tick by tick with synthetic pressure, as the
 * daemon does at 1 kHz, and watching what it does. */
#ifndef TPR_TEST_DRIVE_H
#define TPR_TEST_DRIVE_H

#include "core.h"
#include "test_dose.h"

typedef struct drive {
    tpr_core core;
    tpr_output out;
    int64_t t;     /* time of the last tick, µs */
    uint32_t seen; /* every event since drive_clear() */
    float max_pct; /* highest motor command since drive_clear() */
} drive;

/* Start the core on a routine of n copies of dose (n ≤ 4). */
void drive_init(drive *d, const tpr_dose *dose, uint32_t n);

/* The same, running mode instead of therapy. */
void drive_init_mode(drive *d, const tpr_dose *dose, uint32_t n, const tpr_core_mode *mode);

/* Start on the test dose with reps repetitions, for n muscles; returns it. */
tpr_dose drive_start(drive *d, uint32_t reps, uint32_t n);

/* One tick 1 ms after the last one with sample s (s.t_us 0: "now"). */
const tpr_output *drive_sample(drive *d, tpr_sample s);

/* One tick with a good reading of kpa. */
const tpr_output *drive_kpa(drive *d, float kpa);

/* ms ticks at kpa; returns the last output. */
const tpr_output *drive_hold(drive *d, float kpa, int ms);

/* ms ticks ramping linearly from a to b. */
const tpr_output *drive_ramp(drive *d, float a, float b, int ms);

/* Ticks at kpa until every bit of events has been raised (at most ms);
 * returns the number of ticks it took, or -1. */
int drive_until(drive *d, float kpa, uint32_t events, int ms);

/* ms pass without a tick, as when the loop stalls. */
void drive_stall(drive *d, int ms);

/* Forget the events seen and the peak command. */
void drive_clear(drive *d);

#endif
