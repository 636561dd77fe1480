#include "display.h"

#include <math.h>

#include "muscles.h"
#include "ppt_text.h"

const char *tpr_display_notice(const tpr_output *o, const tpr_dose *d)
{
    if (o->rep != 1 || o->hold_ms || (o->state != TPR_STATE_IDLE && o->state != TPR_STATE_CONTACT))
        return NULL;
    const tpr_muscle_info *m = tpr_muscle_find(d->muscle);
    return m ? m->notice : NULL;
}

/* A measurement's live line: trial, pressure, rate against the target. */
static void measure_line(FILE *f, double t, const tpr_status_view *v, const tpr_dose *d)
{
    const tpr_ppt_result *p = &v->ppt;
    fprintf(f, "%6.1f s  %-20s trial %u  %-7s %6.1f kPa  rate ", t, d->muscle, v->out.rep,
            tpr_state_name(v->out.state), (double)v->raw_kpa);
    if (isfinite(p->live_kpa_s))
        fprintf(f, "%4.0f/%.0f kPa/s  %s\n", (double)p->live_kpa_s, (double)p->target_kpa_s,
                tpr_ctl_ppt_cue_text(p->cue));
    else
        fprintf(f, "  --/%.0f kPa/s\n", (double)p->target_kpa_s);
    fflush(f);
}

void tpr_display_live(FILE *f, double t, const tpr_status_view *v, uint32_t events,
                      const tpr_routine *r)
{
    if (v->waiting_lift) {
        fprintf(f, "%6.1f s  the tip is pressed (%.1f kPa): lift it to start, motor off\n", t,
                (double)v->raw_kpa);
        fflush(f);
        return;
    }
    const tpr_output *o = &v->out;
    const tpr_dose *d = &r->dose[o->muscle];
    if (v->measuring) {
        measure_line(f, t, v, d);
        return;
    }
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
    const char *notice = tpr_display_notice(o, d);
    if (notice)
        fprintf(f, "%8s  notice: %s\n", "", notice);
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

void tpr_display_measurement(FILE *f, const tpr_ppt_result *r)
{
    fputc('\n', f);
    tpr_ctl_ppt_table(f, r);
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
    tpr_lat_counts c;
    tpr_lat_summary w, r, a;
    tpr_lat_hist_summary(&st->wake, &c, &w);
    tpr_lat_hist_summary(&st->run, &c, &r);
    tpr_lat_hist_summary(&st->age, &c, &a);
    fprintf(f,
            "loop: %llu ticks at %u Hz, %llu overruns, latency min %lld p50 %lld p99 %lld "
            "p99.9 %lld max %lld us, tick run p50 %lld p99 %lld max %lld us, sample age min %lld "
            "p50 %lld p99 %lld max %lld us",
            (unsigned long long)st->ticks, rate_hz, (unsigned long long)st->overruns,
            (long long)w.min_us, (long long)w.p50_us, (long long)w.p99_us, (long long)w.p999_us,
            (long long)w.max_us, (long long)r.p50_us, (long long)r.p99_us, (long long)r.max_us,
            (long long)a.min_us, (long long)a.p50_us, (long long)a.p99_us, (long long)a.max_us);
    if (st->ticks > TPR_LOOP_SETTLE_TICKS)
        fprintf(f, ", page faults after tick %d: %lld minor %lld major", TPR_LOOP_SETTLE_TICKS,
                (long long)st->settled_minflt, (long long)st->settled_majflt);
    fputc('\n', f);
}
