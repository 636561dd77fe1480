#include "measure_view.h"

#include <math.h>
#include <string.h>

#include "ppt_text.h"

void tprctl_measure_view_init(tprctl_measure_view *v, FILE *out, bool tty)
{
    *v = (tprctl_measure_view){.out = out, .tty = tty};
    v->trials.ppt_kpa = NAN;
}

static tpr_ppt_reason reason_of(const char *result)
{
    for (unsigned r = TPR_PPT_OK; r <= TPR_PPT_FAULT; r++)
        if (strcmp(result, tpr_ppt_reason_name((tpr_ppt_reason)r)) == 0)
            return (tpr_ppt_reason)r;
    return TPR_PPT_OK; /* "reliable" */
}

/* A trial the daemon reports as ended, added to the table and shown. */
static void trial_ended(tprctl_measure_view *v, const tpr_ctl_snapshot *s)
{
    tpr_ppt_result *r = &v->trials;
    if (r->attempts >= TPR_PPT_MAX_ATTEMPTS)
        return;
    tpr_ppt_trial *t = &r->trial[r->attempts++];
    t->reliable = strcmp(s->ppt_last_result, "reliable") == 0;
    t->reason = reason_of(s->ppt_last_result);
    t->threshold_kpa = s->ppt_last_kpa;
    t->rate_kpa_s = s->ppt_last_rate_kpa_s;
    if (v->tty)
        fputs("\r\033[K", v->out);
    fprintf(v->out, "trial %u: ", r->attempts);
    if (isfinite(t->threshold_kpa))
        fprintf(v->out, "%.1f kPa at ", (double)t->threshold_kpa);
    if (isfinite(t->rate_kpa_s) && t->reason != TPR_PPT_LIFTED) /* lifted: no ramp to judge */
        fprintf(v->out, "%.0f kPa/s: ", (double)t->rate_kpa_s);
    fprintf(v->out, "%s%s\n", t->reliable ? "reliable" : tpr_ppt_reason_name(t->reason),
            t->reliable || s->ppt_finished ? "" : ", repeat it");
}

/* The live feedback: in place on a terminal, else a line per change. */
static void live(tprctl_measure_view *v, const tpr_ctl_snapshot *s)
{
    if (v->tty) {
        fprintf(v->out, "\r\033[Ktrial %u/%u  %6.1f kPa  ", s->rep, s->reps, (double)s->raw_kpa);
        if (isfinite(s->ppt_rate_kpa_s))
            fprintf(v->out, "rate %4.0f/%.0f kPa/s  ", (double)s->ppt_rate_kpa_s,
                    (double)s->ppt_target_kpa_s);
        fputs(s->cue, v->out);
    } else if (s->rep != v->trial || strcmp(s->cue, v->cue)) {
        fprintf(v->out, "trial %u: %.1f kPa", s->rep, (double)s->raw_kpa);
        if (isfinite(s->ppt_rate_kpa_s))
            fprintf(v->out, ", rate %.0f/%.0f kPa/s", (double)s->ppt_rate_kpa_s,
                    (double)s->ppt_target_kpa_s);
        fprintf(v->out, ": %s\n", s->cue);
    }
    v->trial = s->rep;
    snprintf(v->cue, sizeof(v->cue), "%s", s->cue);
    fflush(v->out);
}

void tprctl_measure_view_take(tprctl_measure_view *v, const tpr_ctl_snapshot *s)
{
    if (strcmp(s->mode, "measure")) {
        v->ended = v->started; /* the session ended (done, or stopped) */
        return;
    }
    if (!v->started)
        fprintf(v->out,
                "measuring %s%s%s at %.0f kPa/s: press steadily, any key (a line) when "
                "it turns painful\n",
                s->muscle, strcmp(s->side, "none") ? ", " : "",
                strcmp(s->side, "none") ? s->side : "", (double)s->ppt_target_kpa_s);
    v->started = true;
    v->trials.target_kpa_s = s->ppt_target_kpa_s;
    while (v->trials.attempts < s->ppt_trials && v->trials.attempts < TPR_PPT_MAX_ATTEMPTS)
        trial_ended(v, s);
    v->trials.reliable = s->ppt_reliable;
    v->trials.ppt_kpa = s->ppt_kpa;
    v->trials.finished = s->ppt_finished;
    live(v, s);
}

void tprctl_measure_view_end(tprctl_measure_view *v)
{
    if (v->tty)
        fputs("\r\033[K", v->out);
    fputc('\n', v->out);
    tpr_ctl_ppt_table(v->out, &v->trials);
    fflush(v->out);
}
