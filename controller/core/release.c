/* Trigger-point release detector.
 *
 * What a release looks like: the hand stays where it is, the tissue under
 * the tip softens, and the pressure creeps down by 15-25 % over a few
 * seconds, then stays down. What must not count: the ordinary relaxation
 * of every sustained press (below), hand tremor (a slow +/-3 % wander at
 * 0.5-3 Hz), sensor noise, vibration residue, and the hand easing off on
 * purpose (a fast drop).
 *
 * Relaxation is not release. Any soft tissue held at a fixed indentation
 * relaxes on its own, trigger point or not: most of it early (84 % of the
 * creep of a 30 s stretch happens in its first 15-20 s, Ryan 2011, Scand J
 * Med Sci Sports; indentation stress relaxation plateaus within about 20 s,
 * Palevski, Tel Aviv University), by up to about 20 % of the pressure. So a
 * release is judged against the level the tissue settles to: for the first
 * RELEASE_RELAXATION_US of the press the reference follows the pressure
 * down, and only a decay below the level reached then can be a release (or
 * hold a hold past its target). What relaxation is left after 20 s (at most
 * 16 % of it by Ryan's figure: about 3 % of the pressure) stays well short
 * of half a release_drop.
 *
 * How:
 *   1. Smooth the filtered pressure once more with an exponential moving
 *      average (RELEASE_SMOOTH_TAU_US). Noise and vibration residue vanish;
 *      tremor shrinks (to ~70 % at 0.5 Hz, ~20 % at 3 Hz), so it neither
 *      sets a misleading peak nor dips far below it: at most ~5 %.
 *   2. Track the peak of the smoothed pressure during the hold, from the
 *      end of the relaxation on. The peak survives time spent out of the
 *      band.
 *   3. "In progress": the smoothed value is at least drop/2 below the peak.
 *      Tremor never gets there.
 *   4. When the smoothed value then reaches peak * (1 - drop):
 *      - if the way from drop/2 to drop took less than RELEASE_MIN_DECAY_US,
 *        the hand eased off: after the smoothing has settled the peak starts
 *        again from the new pressure, so a later creep is still found;
 *      - otherwise the decay is gradual and a candidate release begins.
 *   5. The candidate fires once the pressure has stayed in progress for
 *      RELEASE_SUSTAIN_US of in-band ticks. Tremor on the lowered pressure
 *      cannot lift it back above drop/2, so it does not restart the timer;
 *      a time gap (ticks out of the band) does: the lowered pressure must be
 *      confirmed in band again.
 *
 * Margins (200 seeded runs each, through the filter, tremor up to +/-3 % at
 * 0.5-3 Hz, +/-2 % noise, +/-10 % vibration): the drop/2 -> drop stage takes
 * >= 0.42 s for the fastest creep (25 % in 2 s) and <= 0.31 s for a 20 %
 * ease-off within 0.2 s; the threshold sits between them.
 */
#include "release.h"

#include <math.h>

/* How long the reference follows the pressure down from the press's first
 * in-band tick: the tissue's own relaxation plateaus by then (Ryan 2011:
 * 84 % within 15-20 s; Palevski: ~20 s). A release cannot be told from
 * relaxation before it, so none is reported. */
#define RELEASE_RELAXATION_US 20000000

/* Smoothing time constant: long against noise and 1-3 Hz tremor, short
 * against a creep that takes 2-8 s. */
#define RELEASE_SMOOTH_TAU_US 300000

/* The second half of the decay (from drop/2 to drop below the peak) taking
 * less than this is the hand easing off, not tissue creep: under tremor it
 * takes >= 0.42 s for the fastest creep (25 % in 2 s) and <= 0.31 s for a
 * 20 % ease-off within 0.2 s. */
#define RELEASE_MIN_DECAY_US 350000

/* After the hand eased off, the peak follows the smoothed pressure for this
 * long (3 smoothing time constants) so it settles on the new pressure. */
#define RELEASE_SETTLE_US 900000

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
    r->decay_start_us = 0;
    r->settle_until_us = 0;
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
        r->decay_start_us = now_us;
        r->settle_until_us = now_us + RELEASE_RELAXATION_US;
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
    r->decay_start_us = now_us;
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

    if (r->smooth_kpa > r->peak_kpa || now_us < r->settle_until_us) {
        restart_peak(r, now_us);
        return false;
    }
    if (!tpr_release_in_progress(r)) {
        r->decay_start_us = now_us;
        r->below = false;
        return false;
    }
    if (!r->below) {
        if (r->smooth_kpa > r->peak_kpa * (1.0f - r->drop)) {
            return false;
        }
        if (now_us - r->decay_start_us < RELEASE_MIN_DECAY_US) {
            /* The hand eased off: measure from the new pressure once the
             * smoothing has caught up with it. */
            r->settle_until_us = now_us + RELEASE_SETTLE_US;
            restart_peak(r, now_us);
            return false;
        }
        r->below = true;
        r->below_since_us = now_us;
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
