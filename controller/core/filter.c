/* Pressure filter.
 *
 * Design
 *   1. Spike check (Hampel-style, on 3 samples): the middle one of the last
 *      three raw samples is replaced by their median when it lies further
 *      from that median than FILTER_SPIKE_FRACTION of the reading (plus a
 *      small floor). A single-sample glitch (+300 kPa, or 0) never reaches
 *      the output; everything else passes untouched. A plain median of 3
 *      is not used: it rectifies the vibration sine and shifts the output
 *      by up to 1.3 % of the reading (200 Hz vibration at 1000 Hz). Costs
 *      one sample of delay.
 *   2. 4th-order Butterworth low-pass, two cascaded biquads (Q = 0.5412 and
 *      1.3066) designed by the bilinear transform with the cut-off
 *      pre-warped, so the -3 dB point is exactly FILTER_CUTOFF_HZ at every
 *      rate. Butterworth: flat pass band (a slow pressure change passes
 *      unchanged), ~11 % step overshoot, and the steepest roll-off that
 *      comes without pass-band ripple.
 *
 * Figures at the default cut-off of 20 Hz (checked by the unit tests):
 *   - delay: group delay at DC 2.61 / (2 pi fc) = 20.8 ms, plus one sample
 *     for the spike check; the step response reaches 50 % after 23 ms at
 *     1000 and 2000 Hz, 25-28 ms at 200-250 Hz (limit 30 ms).
 *   - vibration: -24 dB per octave, <= -57 dB at 100 Hz and above: a
 *     +/-20 kPa sine on 200 kPa leaves < 0.03 kPa at 1000 Hz.
 *   - spikes: a single wild sample never reaches the output.
 * The motor's 100-250 Hz must be sampled at more than twice its frequency
 * (or removed by an analogue anti-alias filter before the ADC): a
 * vibration folded down below the cut-off cannot be told from pressure.
 *
 * For low rates the cut-off is capped at rate/5 so the pre-warped design
 * stays well conditioned (tan() far from its pole at rate/2).
 */
#include "filter.h"

#include <math.h>

/* Well below the 100 Hz lower edge of the motor's vibration (-56 dB there)
 * and high enough that the group delay stays under 30 ms. */
#define FILTER_CUTOFF_HZ 20.0

/* Cap of the cut-off as a fraction of the rate, for rates below 100 Hz. */
#define FILTER_CUTOFF_MAX_FRACTION 0.2

/* A spike lies further from the median of its neighbourhood than 40 % of
 * the reading: twice the vibration's peak-to-peak (20 %), far below the
 * "wildly off" glitches (+100 % or more, or a drop to 0). The floor keeps
 * sensor noise near 0 kPa from being treated as spikes. */
#define FILTER_SPIKE_FRACTION 0.4f
#define FILTER_SPIKE_FLOOR_KPA 10.0f

/* Rate used when the caller passes 0. */
#define FILTER_DEFAULT_RATE_HZ 1000u

/* Quality factors of the two pole pairs of a 4th-order Butterworth:
 * 1 / (2 cos(pi/8)) and 1 / (2 cos(3 pi/8)). */
static const double section_q[2] = {0.54119610014619701, 1.3065629648763766};

static void design_section(tpr_filter *f, int s, double k)
{
    const double k2 = k * k;
    const double norm = 1.0 / (1.0 + k / section_q[s] + k2);
    f->b[s][0] = k2 * norm;
    f->b[s][1] = 2.0 * k2 * norm;
    f->b[s][2] = k2 * norm;
    f->a[s][0] = 1.0;
    f->a[s][1] = 2.0 * (k2 - 1.0) * norm;
    f->a[s][2] = (1.0 - k / section_q[s] + k2) * norm;
}

void tpr_filter_init(tpr_filter *f, uint32_t rate_hz)
{
    const double rate = (double)(rate_hz ? rate_hz : FILTER_DEFAULT_RATE_HZ);
    const double cutoff = fmin(FILTER_CUTOFF_HZ, rate * FILTER_CUTOFF_MAX_FRACTION);
    /* Pre-warp: the bilinear transform maps analogue tan(pi fc / fs). */
    const double k = tan(M_PI * cutoff / rate);
    for (int s = 0; s < 2; s++) {
        design_section(f, s, k);
    }
    tpr_filter_reset(f);
}

void tpr_filter_reset(tpr_filter *f)
{
    for (int i = 0; i < 3; i++) {
        f->recent[i] = 0.0f;
    }
    for (int s = 0; s < 2; s++) {
        f->z[s][0] = 0.0;
        f->z[s][1] = 0.0;
    }
    f->out = NAN;
    f->primed = false;
}

/* Put the sections in the steady state for a constant input x (DC gain 1),
 * so the output starts at the first sample instead of ramping up from 0. */
static void prime(tpr_filter *f, float x)
{
    for (int i = 0; i < 3; i++) {
        f->recent[i] = x;
    }
    for (int s = 0; s < 2; s++) {
        f->z[s][1] = (f->b[s][2] - f->a[s][2]) * (double)x;
        f->z[s][0] = (1.0 - f->b[s][0]) * (double)x;
    }
    f->primed = true;
}

static float median3(float a, float b, float c)
{
    const float lo = fminf(a, b);
    const float hi = fmaxf(a, b);
    return fmaxf(lo, fminf(hi, c));
}

/* The middle sample, or the median of the three when the middle one is a
 * spike. */
static float despike(const float x[3])
{
    const float med = median3(x[0], x[1], x[2]);
    const float limit = FILTER_SPIKE_FRACTION * fabsf(med) + FILTER_SPIKE_FLOOR_KPA;
    return fabsf(x[1] - med) > limit ? med : x[1];
}

static double biquad(tpr_filter *f, int s, double x)
{
    const double y = f->b[s][0] * x + f->z[s][0];
    f->z[s][0] = f->b[s][1] * x - f->a[s][1] * y + f->z[s][1];
    f->z[s][1] = f->b[s][2] * x - f->a[s][2] * y;
    return y;
}

float tpr_filter_step(tpr_filter *f, float raw_kpa)
{
    /* A non-finite value would poison the state for good: skip it. */
    if (!isfinite(raw_kpa)) {
        return f->out;
    }
    if (!f->primed) {
        prime(f, raw_kpa);
    }
    f->recent[0] = f->recent[1];
    f->recent[1] = f->recent[2];
    f->recent[2] = raw_kpa;
    double y = (double)despike(f->recent);
    for (int s = 0; s < 2; s++) {
        y = biquad(f, s, y);
    }
    f->out = (float)y;
    return f->out;
}
