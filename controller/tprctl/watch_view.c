#include "watch_view.h"

#include <math.h>
#include <string.h>

#include "mode_ppt.h"

/* Characters of the bars (UTF-8). */
#define FILLED "\u2588"  /* █ pressure up to here / hold achieved */
#define BAND "\u2591"    /* ░ the band, not reached */
#define IN_BAND "\u2593" /* ▓ the band, reached */
#define EMPTY "\u00b7"   /* · below the band or above it */
#define LIMIT "\u2503"   /* ┃ the hard limit */
#define BEYOND ">"       /* the pressure is off the scale */
/* The pressure scale ends this far beyond the limit, so that the limit mark
 * stands clear of the bar's end. */
#define SCALE_OVER_LIMIT 1.2f

/* The value at the middle of cell i of a bar of n cells over [0, scale]. */
static float cell_value(int i, int n, float scale)
{
    return ((float)i + 0.5f) * scale / (float)n;
}

static void pressure_bar(FILE *f, const tpr_ctl_snapshot *s)
{
    float scale = s->limit_kpa > 0 ? s->limit_kpa * SCALE_OVER_LIMIT : 1.0f;
    int limit_cell = (int)(s->limit_kpa / scale * TPRCTL_PRESSURE_CELLS);
    float p = s->filtered_kpa;
    fputc('[', f);
    for (int i = 0; i < TPRCTL_PRESSURE_CELLS; i++) {
        float v = cell_value(i, TPRCTL_PRESSURE_CELLS, scale);
        bool reached = !isnan(p) && v <= p;
        if (i == TPRCTL_PRESSURE_CELLS - 1 && !isnan(p) && p > scale)
            fputs(BEYOND, f);
        else if (i == limit_cell)
            fputs(LIMIT, f);
        else if (v >= s->band_min_kpa && v <= s->band_max_kpa)
            fputs(reached ? IN_BAND : BAND, f);
        else
            fputs(reached ? FILLED : EMPTY, f);
    }
    fputc(']', f);
    if (isnan(p))
        fputs("  no signal\n", f);
    else
        fprintf(f, " %6.1f kPa\n", (double)p);
}

static void hold_bar(FILE *f, const tpr_ctl_snapshot *s)
{
    double target = s->hold_target_ms / 1000.0, held = s->hold_ms / 1000.0;
    int cells = s->hold_target_ms ? (int)(held / target * TPRCTL_HOLD_CELLS) : 0;
    fputc('[', f);
    for (int i = 0; i < TPRCTL_HOLD_CELLS; i++)
        fputs(i < cells ? FILLED : EMPTY, f);
    fputc(']', f);
    if (held < target)
        fprintf(f, " %4.1f of %.0f s, %.1f s left\n", held, target, target - held);
    else
        fprintf(f, " %4.1f of %.0f s, following the release up to %.0f s\n", held, target,
                s->hold_max_ms / 1000.0);
}

/* "2 of 5" or "-" when there is nothing to count. */
static void count(FILE *f, uint32_t i, uint32_t n)
{
    if (n)
        fprintf(f, "%u of %u", i, n);
    else
        fputc('-', f);
}

/* A measurement's two lines in place of hold and intensity (the motor is
 * off throughout): the live rise rate against the target, and the trials. */
static void measure_lines(FILE *f, const tpr_ctl_snapshot *s)
{
    fputs("rate       ", f);
    if (isnan(s->ppt_rate_kpa_s))
        fputc('-', f);
    else
        fprintf(f, "%.0f kPa/s", (double)s->ppt_rate_kpa_s);
    fprintf(f, ", target %.0f kPa/s\n", (double)s->ppt_target_kpa_s);
    fprintf(f, "trials     %u done, %u of %d reliable", s->ppt_trials, s->ppt_reliable,
            TPR_PPT_TRIALS);
    if (s->ppt_trials)
        fprintf(f, ", last %s", s->ppt_last_result);
    if (s->ppt_trials && !isnan(s->ppt_last_kpa))
        fprintf(f, " at %.0f kPa", (double)s->ppt_last_kpa);
    fputc('\n', f);
}

void tprctl_watch_frame(FILE *f, const tpr_ctl_snapshot *s)
{
    fprintf(f, "tprd %s", tpr_ctl_daemon_state_name(s->daemon));
    if (s->session)
        fprintf(f, ", session %lld", (long long)s->session);
    if (s->user[0])
        fprintf(f, ", %s", s->user);
    if (s->routine[0])
        fprintf(f, ", routine %s", s->routine);
    fputc('\n', f);
    fprintf(f, "muscle     %s (", s->muscle[0] ? s->muscle : "-");
    count(f, s->muscle_index, s->muscles);
    fputs("), repetition ", f);
    count(f, s->rep, s->reps);
    fputc('\n', f);
    fputs("pressure   ", f);
    pressure_bar(f, s);
    fprintf(f, "           band %.0f-%.0f kPa (" BAND IN_BAND "), limit %.0f kPa (" LIMIT "), raw ",
            (double)s->band_min_kpa, (double)s->band_max_kpa, (double)s->limit_kpa);
    if (isnan(s->raw_kpa))
        fputs("-\n", f);
    else
        fprintf(f, "%.1f kPa\n", (double)s->raw_kpa);
    if (strcmp(s->dose, "ppt") == 0)
        fprintf(f, "dose       from the measured threshold, %.0f kPa\n", (double)s->ppt_kpa);
    else if (strcmp(s->dose, "library") == 0)
        fputs("dose       library dose: no threshold measured for this muscle and side\n", f);
    if (strcmp(s->mode, "measure") == 0) {
        measure_lines(f, s);
    } else {
        fputs("hold       ", f);
        hold_bar(f, s);
        fprintf(f, "intensity  %.0f %%\n", (double)s->intensity_pct);
    }
    fprintf(f, "state      %s (loop: %llu ticks, %llu overruns)\n", tpr_state_name(s->state),
            (unsigned long long)s->ticks, (unsigned long long)s->overruns);
    fprintf(f, ">> %s\n", s->cue);
    if (s->notice[0])
        fprintf(f, "!! %s\n", s->notice);
}
