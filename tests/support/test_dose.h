/* The dose the core's tests and the loop's tests run: a quadriceps-like
 * muscle with times short enough that a repetition takes seconds. */
#ifndef TPR_TEST_DOSE_H
#define TPR_TEST_DOSE_H

#include "tpr_types.h"

/* Contact 40, band 120–300, limit 450 kPa; hold 3 s (min 2, max 5); rest
 * 1 s; 1 rep; 50 %; release at a 15 % drop. */
static inline tpr_dose test_dose(void)
{
    return (tpr_dose){.muscle = "vastus_lateralis",
                      .contact_kpa = 40,
                      .band_min_kpa = 120,
                      .band_max_kpa = 300,
                      .limit_kpa = 450,
                      .hold_ms = 3000,
                      .hold_min_ms = 2000,
                      .hold_max_ms = 5000,
                      .rest_ms = 1000,
                      .reps = 1,
                      .intensity_pct = 50,
                      .intensity_max_pct = 100,
                      .release_drop = 0.15f};
}

/* The same dose with shorter times, for tests that run in real time (the
 * loop): hold 1 s (min 0.5, max 2), rest 0.2 s. */
static inline tpr_dose test_dose_quick(void)
{
    tpr_dose d = test_dose();
    d.hold_ms = 1000;
    d.hold_min_ms = 500;
    d.hold_max_ms = 2000;
    d.rest_ms = 200;
    return d;
}

#endif
