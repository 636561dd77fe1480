/* One tick of the control core: safety on the raw sample, filter, state
 * machine, intensity law. */
#include "core.h"

#include <math.h>
#include <string.h>

static bool dose_usable(const tpr_dose *d)
{
    return d->muscle && d->contact_kpa > 0.0f && d->contact_kpa < d->band_min_kpa &&
           d->band_min_kpa < d->band_max_kpa && d->band_max_kpa <= d->limit_kpa &&
           d->hold_min_ms <= d->hold_ms && d->hold_ms <= d->hold_max_ms && d->reps > 0 &&
           d->intensity_pct >= 0.0f && d->intensity_pct <= 100.0f && d->release_drop > 0.0f &&
           d->release_drop < 1.0f;
}

static void cap_intensity(tpr_dose *d)
{
    if (strcmp(d->muscle, "popliteus") == 0 && d->intensity_pct > TPR_POPLITEUS_MAX_PCT)
        d->intensity_pct = TPR_POPLITEUS_MAX_PCT;
}

int tpr_core_init(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r)
{
    if (!cfg->rate_hz || !r->count || r->count > TPR_MAX_ROUTINE ||
        !(cfg->range_min_kpa < cfg->range_max_kpa) || !(cfg->slew_pct_per_s > 0.0f))
        return -1;
    for (uint32_t i = 0; i < r->count; i++)
        if (!dose_usable(&r->dose[i]))
            return -1;
    memset(c, 0, sizeof(*c));
    c->cfg = *cfg;
    c->routine = *r;
    for (uint32_t i = 0; i < r->count; i++)
        cap_intensity(&c->routine.dose[i]);
    tpr_safety_init(&c->safety);
    tpr_filter_init(&c->filter, cfg->rate_hz);
    tpr_therapy_init(&c->therapy, &c->release, &c->routine);
    tpr_intensity_init(&c->intensity);
    c->last_filtered = NAN;
    return 0;
}

const tpr_dose *tpr_core_dose(const tpr_core *c)
{
    return &c->routine.dose[c->therapy.muscle];
}

void tpr_core_command(tpr_core *c, tpr_command cmd)
{
    switch (cmd) {
    case TPR_CMD_PAUSE:
        c->paused = true;
        break;
    case TPR_CMD_RESUME:
        c->paused = false;
        break;
    case TPR_CMD_NEXT:
        c->skip = true;
        break;
    }
}

static tpr_signal signal_of(tpr_state s)
{
    switch (s) {
    case TPR_STATE_CONTACT:
        return TPR_SIG_TOO_SOFT;
    case TPR_STATE_HOLD:
        return TPR_SIG_IN_BAND;
    case TPR_STATE_OVER:
        return TPR_SIG_TOO_HARD;
    case TPR_STATE_DONE:
        return TPR_SIG_DONE;
    case TPR_STATE_FAULT:
        return TPR_SIG_FAULT;
    case TPR_STATE_REST:
        return TPR_SIG_REST;
    default:
        return TPR_SIG_OFF;
    }
}

void tpr_core_step(tpr_core *c, int64_t now_us, const tpr_sample *s, tpr_output *out)
{
    const tpr_dose *d = tpr_core_dose(c);
    tpr_safety_verdict v = tpr_safety_step(&c->safety, &c->cfg, d, now_us, s);
    uint32_t ev = 0;
    if (v.fault_started)
        ev |= TPR_EV_SENSOR_FAULT;
    if (v.fault_cleared)
        ev |= TPR_EV_FAULT_CLEAR;
    if (v.over_started)
        ev |= TPR_EV_OVER_LIMIT;

    /* A faulty value never enters the filter; it starts afresh afterwards. */
    if (v.fault) {
        tpr_filter_reset(&c->filter);
        c->last_filtered = NAN;
    } else if (v.new_sample || isnan(c->last_filtered)) {
        c->last_filtered = tpr_filter_step(&c->filter, s->kpa);
    }

    tpr_therapy *t = &c->therapy;
    bool skipped = c->skip;
    if (skipped) {
        c->skip = false;
        ev |= tpr_therapy_skip(t, now_us);
    }
    if (!c->paused) {
        tpr_therapy_in in = {
            .now_us = now_us, .raw_kpa = s->kpa, .filtered_kpa = c->last_filtered, .v = v};
        ev |= tpr_therapy_step(t, &c->release, &c->routine, &in);
    } else {
        tpr_therapy_freeze(t, now_us);
    }
    d = tpr_core_dose(c);

    tpr_intensity_in law = {
        .state = t->state,
        .filtered_kpa = c->last_filtered,
        .events = ev,
        /* A person's pause or skip stops the motor as promptly as safety. */
        .cut = v.fault || v.over_limit || c->paused || skipped || (ev & TPR_EV_LIFT_OFF),
    };
    float pct = tpr_intensity_step(&c->intensity, &c->cfg, d, now_us, &law);

    *out = (tpr_output){
        .filtered_kpa = c->last_filtered,
        .intensity_pct = pct,
        .state = t->state,
        .signal = t->finished ? TPR_SIG_DONE : signal_of(t->state),
        .events = ev,
        .hold_ms = (uint32_t)(t->hold_us / 1000),
        .muscle = t->muscle,
        .rep = t->rep,
        .reason = t->reason,
        .finished = t->finished,
    };
}
