#include "display.h"

#include <math.h>

void tpr_display_live(FILE *f, double t, const tpr_status_view *v, uint32_t events,
                      const tpr_routine *r)
{
    const tpr_output *o = &v->out;
    const tpr_dose *d = &r->dose[o->muscle];
    char ev[256] = "";
    if (events) {
        ev[0] = ' ';
        ev[1] = '[';
        size_t n = tpr_events_format(events, ev + 2, sizeof(ev) - 3);
        ev[2 + n] = ']';
        ev[3 + n] = '\0';
    }
    char kpa[16];
    if (isfinite(o->filtered_kpa))
        snprintf(kpa, sizeof(kpa), "%6.1f", (double)o->filtered_kpa);
    else
        snprintf(kpa, sizeof(kpa), "%6s", "--");
    fprintf(f, "%6.1f s  %-20s rep %u/%u  %-7s %s kPa  %3.0f %%  hold %5.1f/%4.1f s%s\n", t,
            d->muscle, o->rep, d->reps, tpr_state_name(o->state), kpa, (double)o->intensity_pct,
            o->hold_ms / 1000.0, d->hold_ms / 1000.0, ev);
    fflush(f);
}

static const char *result_text(const tpr_segment *g, char *buf, size_t len)
{
    if (!g->complete)
        snprintf(buf, len, "cut short");
    else if (g->released)
        snprintf(buf, len, "released at %.1f s", g->release_ms / 1000.0);
    else
        snprintf(buf, len, "no release (%s)", tpr_done_reason_name(g->reason));
    return buf;
}

void tpr_display_summary(FILE *f, const tpr_summary *s, const tpr_routine *r)
{
    fprintf(f, "\n%-20s %3s %9s %7s %9s %9s %12s  %s\n", "muscle", "rep", "in band", "over",
            "peak kPa", "mean kPa", "hold/target", "result");
    for (uint32_t i = 0; i < s->count; i++) {
        const tpr_segment *g = &s->seg[i];
        char res[48];
        fprintf(f, "%-20s %3u %7.1f s %5.1f s %9.1f %9.1f %5.1f/%4.1f s  %s\n",
                r->dose[g->muscle].muscle, g->rep, g->in_band_ms / 1000.0, g->over_ms / 1000.0,
                (double)g->peak_kpa, (double)g->mean_kpa, g->in_band_ms / 1000.0,
                g->hold_target_ms / 1000.0, result_text(g, res, sizeof(res)));
    }
}

void tpr_display_loop_stats(FILE *f, const tpr_loop_stats *st, uint32_t rate_hz)
{
    if (!st->ticks)
        return;
    fprintf(f, "loop: %llu ticks at %u Hz, %llu overruns, latency min %lld avg %.0f max %lld us\n",
            (unsigned long long)st->ticks, rate_hz, (unsigned long long)st->overruns,
            (long long)st->lat_min_us, (double)st->lat_sum_us / (double)st->ticks,
            (long long)st->lat_max_us);
}
