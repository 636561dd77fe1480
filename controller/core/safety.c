#include "safety.h"

#include <math.h>

void tpr_safety_init(tpr_safety *s)
{
    *s = (tpr_safety){.last_step_us = -1, .valid_since_us = -1};
}

/* A value the sensor cannot have produced while working. */
static bool bad_value(const tpr_core_cfg *cfg, const tpr_sample *smp)
{
    return !smp->ok || !isfinite(smp->kpa) || smp->kpa < cfg->range_min_kpa ||
           smp->kpa > cfg->range_max_kpa;
}

/* The same raw value for longer than stuck_ms while pressing: a frozen ADC
 * or a wire stuck at one level. An idle sensor may sit exactly at 0. */
static bool stuck(tpr_safety *s, const tpr_core_cfg *cfg, const tpr_dose *d, const tpr_sample *smp)
{
    if (!s->have_sample || smp->kpa != s->last_raw || smp->kpa < d->contact_kpa) {
        s->same_since_us = smp->t_us;
        return false;
    }
    return smp->t_us - s->same_since_us > (int64_t)cfg->stuck_ms * 1000;
}

tpr_safety_verdict tpr_safety_step(tpr_safety *s, const tpr_core_cfg *cfg, const tpr_dose *d,
                                   int64_t now_us, const tpr_sample *smp)
{
    tpr_safety_verdict v = {0};
    v.new_sample = !s->have_sample || smp->t_us > s->last_sample_us;
    const int64_t stale_us = (int64_t)cfg->stale_ms * 1000;
    /* Blind: no check ran for too long (or time went back). */
    bool blind =
        s->last_step_us >= 0 && (now_us - s->last_step_us > stale_us || now_us < s->last_step_us);
    s->last_step_us = now_us;
    /* Stale: the newest reading is too old, whether or not it is new to us. */
    bool problem = blind || bad_value(cfg, smp) || now_us - smp->t_us > stale_us;
    if (v.new_sample) {
        problem = stuck(s, cfg, d, smp) || problem;
        s->have_sample = true;
        s->last_sample_us = smp->t_us;
        s->last_raw = smp->kpa;
    }

    if (problem) {
        v.fault_started = !s->faulted;
        s->faulted = true;
        s->valid_since_us = -1;
    } else if (s->faulted) {
        if (s->valid_since_us < 0)
            s->valid_since_us = now_us;
        if (now_us - s->valid_since_us >= (int64_t)cfg->fault_clear_ms * 1000) {
            s->faulted = false;
            v.fault_cleared = true;
        }
    }
    v.fault = s->faulted;

    bool over = !problem && smp->kpa > d->limit_kpa;
    v.over_started = over && !s->over_limit;
    s->over_limit = over;
    v.over_limit = over;
    return v;
}
