/* Pressure filter: rejects single-sample spikes and the motor's vibration
 * leaking into the pressure signal, with a small, bounded delay. */
#ifndef TPR_FILTER_H
#define TPR_FILTER_H

#include <stdbool.h>
#include <stdint.h>

/* State of the filter. Plain data: copy, zero or reset at will. */
typedef struct tpr_filter {
    float recent[3]; /* last three raw values, oldest first (spike check) */
    /* Two cascaded biquad sections (double: the poles sit close to the unit
     * circle, where float coefficients would shift the DC gain). */
    double b[2][3], a[2][3]; /* per-section coefficients (a[s][0] == 1) */
    double z[2][2];          /* transposed direct form II state per section */
    float out;               /* last output, returned for a non-finite input */
    bool primed;
} tpr_filter;

/* Design the filter for a sample rate of rate_hz and reset it. */
void tpr_filter_init(tpr_filter *f, uint32_t rate_hz);

/* Forget the history; the next sample primes the filter again (used after a
 * sensor fault so that a bad value never leaks into the output). */
void tpr_filter_reset(tpr_filter *f);

/* Feed one valid raw value (kPa), return the filtered value (kPa). */
float tpr_filter_step(tpr_filter *f, float raw_kpa);

#endif
