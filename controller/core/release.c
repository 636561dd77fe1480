/* Trigger-point release detector.
 *
 * What a release looks like: the hand stays where it is, the tissue under
 * the tip softens, and the pressure creeps down by 15-25 % over a few
 * seconds, then stays down. What must not count: hand tremor (a slow
 * +/-3 % wander at 0.5-3 Hz), sensor noise, vibration residue, and the hand
 * deliberately easing off (fast).
 *
 * How:
 *   1. Smooth the filtered pressure once more with an exponential moving
 *      average (RELEASE_SMOOTH_TAU_US). Noise and vibration residue vanish;
 *      tremor shrinks (to ~70 % at 0.5 Hz, ~20 % at 3 Hz), so it cannot set a
 *      misleadingly high peak.
 *   2. Track the peak of the smoothed pressure during the hold. The peak
 *      survives time spent out of the band.
 *   3. When the smoothed value first reaches peak * (1 - drop):
 *      - if it got there in less than RELEASE_MIN_DECAY_US from the peak,
 *        the hand let go on purpose: the peak starts again from here, so a
 *        later release is measured from the new pressure;
 *      - otherwise the decay is gradual and a candidate release begins.
 *   4. The candidate fires once it has stayed down for RELEASE_SUSTAIN_US of
 *      uninterrupted in-band ticks. "Down" has hysteresis: only a return
 *      above peak * (1 - drop/2) cancels it, so tremor on the lowered
 *      pressure does not restart the timer. A time gap (ticks out of the
 *      band) restarts it: the level must be confirmed in band again.
 * Tremor alone stays within a few percent of the peak and never reaches the
 * release level; a creep of drop or more reaches it after at least a second
 * and stays there.
 */
#include "release.h"

#include <math.h>

/* Smoothing time constant: long against noise and 1-3 Hz tremor, short
 * against a creep that takes 2-8 s. */
#define RELEASE_SMOOTH_TAU_US 300000

/* A decay faster than this is the hand easing off, not tissue creep (the
 * fastest creep we expect, 15 % in 2 s, takes longer than this). */
#define RELEASE_MIN_DECAY_US 1000000

/* The lowered pressure must hold this long to be a release rather than a
 * dip of the hand. */
#define RELEASE_SUSTAIN_US 1000000

/* Ticks further apart than this mean the pressure left the band between
 * them (the slowest supported rate ticks every 5 ms). */
#define RELEASE_MAX_TICK_GAP_US 50000

void tpr_release_init(tpr_release *r, float drop)
{
    r->drop = drop;
    r->smooth_kpa = 0.0f;
    r->peak_kpa = 0.0f;
    r->peak_t_us = 0;
    r->below_since_us = 0;
    r->last_t_us = 0;
    r->primed = false;
    r->below = false;
    r->fired = false;
}

static void smooth(tpr_release *r, int64_t now_us, float kpa)
{
    if (!r->primed) {
        r->smooth_kpa = kpa;
        r->peak_kpa = kpa;
        r->peak_t_us = now_us;
        r->last_t_us = now_us;
        r->primed = true;
        return;
    }
    const int64_t dt = now_us > r->last_t_us ? now_us - r->last_t_us : 0;
    /* First-order EMA with the real time step: the weight grows with dt,
     * so a gap lets the value follow the new pressure at once. */
    const float alpha = (float)dt / (float)(dt + RELEASE_SMOOTH_TAU_US);
    r->smooth_kpa += alpha * (kpa - r->smooth_kpa);
}

static void restart_peak(tpr_release *r, int64_t now_us)
{
    r->peak_kpa = r->smooth_kpa;
    r->peak_t_us = now_us;
    r->below = false;
}

bool tpr_release_step(tpr_release *r, int64_t now_us, float filtered_kpa)
{
    if (!isfinite(filtered_kpa)) {
        return false;
    }
    const bool gap = r->primed && now_us - r->last_t_us > RELEASE_MAX_TICK_GAP_US;
    smooth(r, now_us, filtered_kpa);
    r->last_t_us = now_us;

    if (r->smooth_kpa > r->peak_kpa) {
        restart_peak(r, now_us);
        return false;
    }
    const float level = r->peak_kpa * (1.0f - r->drop);
    if (!r->below) {
        if (r->smooth_kpa > level) {
            return false;
        }
        if (now_us - r->peak_t_us < RELEASE_MIN_DECAY_US) {
            restart_peak(r, now_us);
            return false;
        }
        r->below = true;
        r->below_since_us = now_us;
    } else if (!tpr_release_in_progress(r)) {
        r->below = false;
        return false;
    } else if (gap) {
        r->below_since_us = now_us;
    }
    if (r->fired || now_us - r->below_since_us < RELEASE_SUSTAIN_US) {
        return false;
    }
    r->fired = true;
    return true;
}

bool tpr_release_in_progress(const tpr_release *r)
{
    return r->primed && r->smooth_kpa <= r->peak_kpa * (1.0f - 0.5f * r->drop);
}

bool tpr_release_fired(const tpr_release *r)
{
    return r->fired;
}
