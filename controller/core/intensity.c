/* The intensity law.
 *
 * Target: in the band the muscle's base intensity, falling linearly to half
 * of it at band_max: the harder the press, the less vibration is needed on
 * top (and the gentler it feels near the top). Too soft (contact): half the
 * base, to invite a firmer press. Everywhere else: off.
 *
 * The command follows the target at no more than slew_pct_per_s, up and
 * down, so the motor never jolts. Safety cuts (over limit, sensor fault,
 * lift-off) and going too hard drop it to 0 in the same tick.
 *
 * Cues are short patterns laid over the command, never above the base
 * intensity (the popliteus stays at its gentle level): entering the band =
 * two 50 ms dips, too hard = three 60 ms pulses every second, done = one
 * 600 ms pulse. They play only while no safety cut holds.
 */
#include "intensity.h"

#include <math.h>

#define ENTER_DIP_US 50000
#define TOO_HARD_PULSE_US 60000
#define TOO_HARD_PERIOD_US 1000000
#define DONE_PULSE_US 600000
/* Fraction of the base intensity left at band_max. */
#define TOP_OF_BAND_SCALE 0.5f
/* Fraction of the base intensity while too soft. */
#define TOO_SOFT_SCALE 0.5f

void tpr_intensity_init(tpr_intensity *ti)
{
    *ti = (tpr_intensity){0};
}

static float target(const tpr_dose *d, const tpr_intensity_in *in)
{
    switch (in->state) {
    case TPR_STATE_HOLD: {
        float pos = (in->filtered_kpa - d->band_min_kpa) / (d->band_max_kpa - d->band_min_kpa);
        pos = pos < 0.0f ? 0.0f : pos > 1.0f ? 1.0f : pos;
        return d->intensity_pct * (1.0f - (1.0f - TOP_OF_BAND_SCALE) * pos);
    }
    case TPR_STATE_CONTACT:
        return d->intensity_pct * TOO_SOFT_SCALE;
    default:
        return 0.0f;
    }
}

/* Done and entered-band cues start on their events. Too hard follows the
 * state, so it also starts when a cut over the limit ends but the press is
 * still above the band. */
static void start_cue(tpr_intensity *ti, int64_t now_us, const tpr_intensity_in *in)
{
    tpr_cue cue = TPR_CUE_NONE;
    if (in->events & TPR_EV_DONE)
        cue = TPR_CUE_DONE;
    else if (in->state == TPR_STATE_OVER && ti->cue != TPR_CUE_TOO_HARD)
        cue = TPR_CUE_TOO_HARD;
    else if (in->events & (TPR_EV_HOLD_START | TPR_EV_HOLD_RESUME))
        cue = TPR_CUE_ENTER;
    if (cue != TPR_CUE_NONE) {
        ti->cue = cue;
        ti->cue_start_us = now_us;
    }
}

/* The cue's output at now_us given the running command, or -1 when the cue
 * is over (or does not fit the state any more). */
static float cue_output(tpr_intensity *ti, const tpr_dose *d, tpr_state state, int64_t now_us,
                        float level)
{
    int64_t t = now_us - ti->cue_start_us;
    switch (ti->cue) {
    case TPR_CUE_ENTER:
        /* dip, run, dip */
        if (t >= 3 * ENTER_DIP_US || state != TPR_STATE_HOLD)
            return -1.0f;
        return (t < ENTER_DIP_US || t >= 2 * ENTER_DIP_US) ? 0.0f : level;
    case TPR_CUE_TOO_HARD:
        if (state != TPR_STATE_OVER)
            return -1.0f;
        t %= TOO_HARD_PERIOD_US;
        if (t >= 7 * TOO_HARD_PULSE_US)
            return 0.0f;
        /* off first: the cut is felt before the pulses */
        return (t / TOO_HARD_PULSE_US) % 2 == 1 ? d->intensity_pct : 0.0f;
    case TPR_CUE_DONE:
        return t < DONE_PULSE_US ? d->intensity_pct : -1.0f;
    case TPR_CUE_NONE:
        break;
    }
    return -1.0f;
}

float tpr_intensity_step(tpr_intensity *ti, const tpr_core_cfg *cfg, const tpr_dose *d,
                         int64_t now_us, const tpr_intensity_in *in)
{
    int64_t dt = ti->started ? now_us - ti->last_us : 0;
    ti->started = true;
    ti->last_us = now_us;
    if (dt < 0)
        dt = 0;

    float want = target(d, in);
    if (in->cut || in->state == TPR_STATE_OVER) {
        ti->level = 0.0f;
    } else {
        float step = cfg->slew_pct_per_s * (float)dt / 1e6f;
        if (want > ti->level + step)
            ti->level += step;
        else if (want < ti->level - step)
            ti->level -= step;
        else
            ti->level = want;
    }

    if (in->cut) {
        ti->cue = TPR_CUE_NONE;
        return 0.0f;
    }
    start_cue(ti, now_us, in);
    float out = ti->cue == TPR_CUE_NONE ? -1.0f : cue_output(ti, d, in->state, now_us, ti->level);
    if (out < 0.0f) {
        ti->cue = TPR_CUE_NONE;
        out = ti->level;
    }
    return out;
}
