/* The session summary: one segment per muscle and repetition, built tick by
 * tick from the core's output in a fixed table (no allocation). */
#include "summary.h"

#include <string.h>

void tpr_summary_init(tpr_summary *s)
{
    memset(s, 0, sizeof(*s));
}

static bool pressing(tpr_state st)
{
    return st == TPR_STATE_CONTACT || st == TPR_STATE_HOLD || st == TPR_STATE_OVER;
}

/* The segment for out's muscle and repetition, opening a new one when they
 * change; NULL when the table is full. */
static tpr_segment *segment_for(tpr_summary *s, const tpr_output *out, const tpr_dose *d,
                                int64_t now_us)
{
    if (s->count) {
        tpr_segment *g = &s->seg[s->count - 1];
        if (g->muscle == out->muscle && g->rep == out->rep)
            return g;
    }
    if (s->count == TPR_MAX_SEGMENTS)
        return NULL;
    tpr_segment *g = &s->seg[s->count++];
    *g = (tpr_segment){.muscle = out->muscle,
                       .rep = out->rep,
                       .start_us = now_us,
                       .end_us = now_us,
                       .hold_target_ms = d->hold_ms};
    return g;
}

void tpr_summary_step(tpr_summary *s, int64_t now_us, const tpr_output *out, const tpr_dose *d)
{
    int64_t dt = s->count ? now_us - s->last_us : 0; /* time may start at 0 */
    s->last_us = now_us;
    tpr_segment *g = segment_for(s, out, d, now_us);
    if (!g)
        return;
    g->end_us = now_us;
    g->in_band_ms = out->hold_ms;
    if (out->state == TPR_STATE_OVER && dt > 0)
        g->over_us += dt;
    g->over_ms = (uint32_t)(g->over_us / 1000);
    if (pressing(out->state) && out->filtered_kpa == out->filtered_kpa) {
        if (out->filtered_kpa > g->peak_kpa)
            g->peak_kpa = out->filtered_kpa;
        g->sum_kpa += out->filtered_kpa;
        g->sum_intensity += out->intensity_pct;
        g->contact_ticks++;
        g->mean_kpa = (float)(g->sum_kpa / g->contact_ticks);
        g->mean_intensity_pct = (float)(g->sum_intensity / g->contact_ticks);
    }
    if ((out->events & TPR_EV_RELEASE) && !g->released) {
        g->released = true;
        g->release_ms = out->hold_ms;
    }
    if (out->events & TPR_EV_DONE) {
        g->complete = out->reason != TPR_DONE_NONE;
        g->reason = out->reason;
    }
}
