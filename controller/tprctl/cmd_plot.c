/* tprctl plot ID -o FILE.png: pressure (raw and filtered) with each
 * repetition's band shaded and its limit, intensity on the right axis, and
 * the events that matter marked. */
#include <math.h>
#include <string.h>

#include "gnuplot.h"
#include "recorded.h"
#include "segments.h"
#include "when.h"

#define WIDTH 900
#define HEIGHT 500
/* More points than a 900-pixel plot can show are thinned to this many,
 * keeping the highest raw reading of each stretch so no spike is lost. */
#define MAX_POINTS 6000

/* Events drawn as vertical lines, with their colour and dash. */
static const struct mark {
    const char *type;
    const char *colour;
    int dash;
} MARKS[] = {
    {"release", "#2ca02c", 1},
    {"done", "#444444", 2},
    {"over_limit", "#d62728", 1},
    {"sensor_fault", "#9467bd", 1},
};
#define NMARKS (sizeof(MARKS) / sizeof(MARKS[0]))

typedef struct trace_out {
    FILE *f;
    int64_t every; /* points per stretch */
    int64_t in_stretch;
    tpr_trace_point best;
    float max_kpa; /* highest raw reading, for the y range */
} trace_out;

static void number(FILE *f, float v)
{
    if (isfinite(v))
        fprintf(f, " %.3f", (double)v);
    else
        fputs(" NaN", f);
}

static void emit(trace_out *o)
{
    const tpr_trace_point *p = &o->best;
    fprintf(o->f, "%.3f", (double)p->t_us / 1e6);
    number(o->f, p->kpa);
    number(o->f, p->filtered_kpa);
    number(o->f, p->intensity_pct);
    fputc('\n', o->f);
}

static int trace_point(void *ctx, const tpr_trace_point *p)
{
    trace_out *o = ctx;
    if (isfinite(p->kpa) && (!(p->kpa <= o->max_kpa)))
        o->max_kpa = p->kpa;
    if (o->in_stretch == 0 || (isfinite(p->kpa) && !(p->kpa <= o->best.kpa)))
        o->best = *p;
    if (++o->in_stretch == o->every) {
        emit(o);
        o->in_stretch = 0;
    }
    return TPRCTL_OK;
}

typedef struct event_out {
    FILE *f;
    const char *type;
    int count;
} event_out;

static int event_point(void *ctx, int64_t t_ms, const char *type, const char *detail)
{
    (void)detail;
    event_out *o = ctx;
    if (strcmp(type, o->type) == 0) {
        fprintf(o->f, "%.3f\n", (double)t_ms / 1000.0);
        o->count++;
    }
    return TPRCTL_OK;
}

/* Datablocks: $trace, and $ev0.. for each marked event type; counts[i] is
 * how many events of MARKS[i] there are. */
static int write_data(tprctl *t, int64_t id, int64_t n, FILE *f, float *max_kpa, int counts[NMARKS])
{
    trace_out o = {.f = f, .every = n > MAX_POINTS ? (n + MAX_POINTS - 1) / MAX_POINTS : 1};
    fputs("$trace << EOD\n", f);
    int rc = tprctl_trace_each(t, id, trace_point, &o);
    if (o.in_stretch)
        emit(&o);
    fputs("EOD\n", f);
    *max_kpa = o.max_kpa;
    for (size_t i = 0; rc == TPRCTL_OK && i < NMARKS; i++) {
        event_out e = {.f = f, .type = MARKS[i].type};
        fprintf(f, "$ev%zu << EOD\n", i);
        rc = tprctl_events_each(t, id, event_point, &e);
        fputs("EOD\n", f);
        counts[i] = e.count;
    }
    return rc;
}

/* Each repetition: its band shaded, its limit dashed, its name above. */
static void write_bands(FILE *f, const tprctl_segments *gs)
{
    for (size_t i = 0; i < gs->count; i++) {
        const tprctl_segment *g = &gs->seg[i];
        double x0 = (double)g->start_ms / 1000.0, x1 = (double)g->end_ms / 1000.0;
        fprintf(f,
                "set object rect from %.3f,%.2f to %.3f,%.2f fc rgb '#2ca02c' "
                "fs transparent solid 0.15 noborder behind\n",
                x0, g->band_min_kpa, x1, g->band_max_kpa);
        fprintf(f, "set arrow from %.3f,%.2f to %.3f,%.2f nohead lc rgb '#d62728' dt 2 lw 1.5\n",
                x0, g->limit_kpa, x1, g->limit_kpa);
        char name[96];
        snprintf(name, sizeof(name), "%s #%lld", g->muscle, (long long)g->rep);
        fputs("set label ", f);
        tprctl_gnuplot_string(f, name);
        fprintf(f, " at %.3f,%.2f offset 0.3,0.6 font ',8' tc rgb '#2c6e2c'\n", x0, g->limit_kpa);
    }
}

static void write_plot(FILE *f, const tprctl_session *s, const tprctl_segments *gs, float max_kpa,
                       const int counts[NMARKS])
{
    double top = isfinite(max_kpa) ? (double)max_kpa : 0.0;
    for (size_t i = 0; i < gs->count; i++)
        top = fmax(top, gs->seg[i].limit_kpa);
    top = top > 0.0 ? top * 1.12 : 100.0;
    char when[32], title[320];
    snprintf(title, sizeof(title), "session %lld: %s, %s, %s (%s)", (long long)s->id, s->user,
             s->routine, tprctl_format_time(when, sizeof(when), s->started_at, false),
             tprctl_session_end(s));
    fputs("set title ", f);
    tprctl_gnuplot_string(f, title);
    fprintf(f,
            "\nset xlabel 'time (s)'\nset ylabel 'pressure (kPa)'\n"
            "set y2label 'intensity (%%)'\nset yrange [0:%.1f]\nset y2range [0:100]\n"
            "set ytics nomirror\nset y2tics 0,20,100\nset grid\n"
            "set key below horizontal\nset datafile missing 'NaN'\n",
            top);
    write_bands(f, gs);
    fputs("plot $trace using 1:2 with lines lc rgb '#b0b0b0' title 'raw', \\\n"
          "  $trace using 1:3 with lines lc rgb '#1f77b4' lw 1.5 title 'filtered', \\\n"
          "  $trace using 1:4 axes x1y2 with lines lc rgb '#ff7f0e' title 'intensity %', \\\n"
          "  keyentry with boxes fs transparent solid 0.15 fc rgb '#2ca02c' title 'band', \\\n"
          "  keyentry with lines lc rgb '#d62728' dt 2 lw 1.5 title 'limit'",
          f);
    for (size_t i = 0; i < NMARKS; i++)
        if (counts[i])
            fprintf(f, ", \\\n  $ev%zu using 1:(%.1f) with impulses lc rgb '%s' dt %d title '%s'",
                    i, top, MARKS[i].colour, MARKS[i].dash, MARKS[i].type);
    fputc('\n', f);
}

int tprctl_cmd_plot(tprctl *t, const tprctl_args *a)
{
    if (!a->output)
        return tprctl_usage("plot: say where the picture goes: -o FILE.png");
    tprctl_session s;
    int rc = tprctl_session_open(t, a->operand[0], &s);
    if (rc == TPRCTL_OK)
        rc = tprctl_trace_kept(t, &s);
    int64_t points = 0;
    if (rc == TPRCTL_OK)
        rc = tprctl_trace_count(t, s.id, &points);
    if (rc == TPRCTL_OK && points == 0)
        rc = tprctl_fail("session %lld in %s has no trace recorded (yet)", (long long)s.id,
                         t->db_path);
    tprctl_segments gs;
    if (rc == TPRCTL_OK)
        rc = tprctl_segments_load(t, s.id, &gs);
    if (rc != TPRCTL_OK)
        return rc;
    tprctl_gnuplot g;
    rc = tprctl_gnuplot_start(&g, a->output, WIDTH, HEIGHT);
    if (rc == TPRCTL_OK) {
        float max_kpa = NAN;
        int counts[NMARKS] = {0};
        int data = write_data(t, s.id, points, g.script, &max_kpa, counts);
        write_plot(g.script, &s, &gs, max_kpa, counts);
        /* A picture of half a trace would mislead: a failed read fails it. */
        rc = tprctl_gnuplot_finish(&g, data);
    }
    tprctl_segments_free(&gs);
    return rc;
}
