/* One tick of the control core: safety on the raw sample, filter, the
 * running mode, intensity law. */
#include "core.h"

#include <math.h>
#include <string.h>

static bool dose_usable(const tpr_dose *d)
{
    return d->muscle && d->contact_kpa > 0.0f && d->contact_kpa < d->band_min_kpa &&
           d->band_min_kpa < d->band_max_kpa && d->band_max_kpa <= d->limit_kpa &&
           d->hold_min_ms <= d->hold_ms && d->hold_ms <= d->hold_max_ms && d->reps > 0 &&
           d->intensity_pct >= 0.0f && d->intensity_pct <= 100.0f && d->intensity_max_pct > 0.0f &&
           d->intensity_max_pct <= 100.0f && d->release_drop > 0.0f && d->release_drop < 1.0f;
}

/* The muscle's own maximum holds whatever a profile asks for (profiles
 * asking for more are refused; the core caps it all the same). */
static void cap_intensity(tpr_dose *d)
{
    if (d->intensity_pct > d->intensity_max_pct)
        d->intensity_pct = d->intensity_max_pct;
}

int tpr_core_init_mode(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r,
                       const tpr_core_mode *mode)
{
    if (!mode || mode->state_size > TPR_CORE_MODE_STATE_SIZE || !cfg->rate_hz || !r->count ||
        r->count > TPR_MAX_ROUTINE || !(cfg->range_min_kpa < cfg->range_max_kpa) ||
        !(cfg->slew_pct_per_s > 0.0f))
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
    tpr_intensity_init(&c->intensity);
    c->last_filtered = NAN;
    c->mode = mode;
    return mode->init(c->mode_state, &c->routine);
}

int tpr_core_init(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r)
{
    return tpr_core_init_mode(c, cfg, r, tpr_core_mode_find("therapy"));
}

int tpr_core_update_doses(tpr_core *c, const tpr_routine *r)
{
    if (r->count != c->routine.count)
        return -1;
    for (uint32_t i = 0; i < r->count; i++)
        if (!dose_usable(&r->dose[i]) || strcmp(r->dose[i].muscle, c->routine.dose[i].muscle))
            return -1;
    for (uint32_t i = c->muscle + 1; i < r->count; i++) {
        c->routine.dose[i] = r->dose[i];
        cap_intensity(&c->routine.dose[i]);
    }
    return 0;
}

const tpr_dose *tpr_core_dose(const tpr_core *c)
{
    return &c->routine.dose[c->muscle];
}

int tpr_core_command(tpr_core *c, tpr_command cmd)
{
    return c->mode->command(c->mode_state, cmd);
}

static uint32_t safety_events(const tpr_safety_verdict *v)
{
    return (v->fault_started ? TPR_EV_SENSOR_FAULT : 0u) |
           (v->fault_cleared ? TPR_EV_FAULT_CLEAR : 0u) |
           (v->over_started ? TPR_EV_OVER_LIMIT : 0u);
}

void tpr_core_step(tpr_core *c, int64_t now_us, const tpr_sample *s, tpr_output *out)
{
    /* Before the mode: safety on the raw sample, then the filter. */
    tpr_safety_verdict v = tpr_safety_step(&c->safety, &c->cfg, tpr_core_dose(c), now_us, s);
    /* A faulty value never enters the filter; it starts afresh afterwards. */
    if (v.fault) {
        tpr_filter_reset(&c->filter);
        c->last_filtered = NAN;
    } else if (v.new_sample || isnan(c->last_filtered)) {
        c->last_filtered = tpr_filter_step(&c->filter, s->kpa);
    }

    tpr_core_mode_in in = {.now_us = now_us,
                           .routine = &c->routine,
                           .raw_kpa = s->kpa,
                           .filtered_kpa = c->last_filtered,
                           .v = v};
    tpr_core_mode_out m;
    c->mode->step(c->mode_state, &in, &m);
    c->muscle = m.report.muscle;

    /* After the mode: the motor law, which safety cuts whatever the mode
     * asked for. */
    uint32_t ev = safety_events(&v) | m.report.events;
    tpr_intensity_in law = {
        .state = m.report.state,
        .filtered_kpa = c->last_filtered,
        .events = ev,
        .cut = v.fault || v.over_limit || m.motor_off || (ev & TPR_EV_LIFT_OFF),
    };
    *out = m.report;
    out->filtered_kpa = c->last_filtered;
    out->intensity_pct = tpr_intensity_step(&c->intensity, &c->cfg, tpr_core_dose(c), now_us, &law);
    out->events = ev;
}
