/* tprctl plot-progress USER [MUSCLE] -o FILE.png: per muscle, the time to
 * release (top) and the pressure tolerated (bottom) over the dates. */
#include <math.h>
#include <stdbool.h>

#include "gnuplot.h"
#include "progress_data.h"
#include "when.h"

#define WIDTH 900
#define HEIGHT 600
#define DAY_S 86400LL

/* Data columns after the time: 2 time to release, 3 mean, 4 peak pressure. */
static double column(const tprctl_progress_row *r, int col)
{
    return col == 2   ? tprctl_progress_release_s(&r->sum)
           : col == 3 ? tprctl_progress_mean_kpa(&r->sum)
                      : r->sum.peak_kpa;
}

/* Local time in seconds: gnuplot's time axis has no time zone. */
static long long local_s(int64_t unix_ms)
{
    return (long long)(unix_ms / 1000 + tprctl_utc_offset_s(unix_ms));
}

/* $m0.. : one datablock per muscle, a row per session. */
static void write_data(FILE *f, const tprctl_progress *p)
{
    size_t m = 0;
    for (size_t i = 0, n; i < p->count; i += n, m++) {
        n = tprctl_progress_muscle_rows(p, i);
        fprintf(f, "$m%zu << EOD\n", m);
        for (size_t k = i; k < i + n; k++) {
            fprintf(f, "%lld", local_s(p->row[k].started_at));
            for (int col = 2; col <= 4; col++) {
                double v = column(&p->row[k], col);
                if (isfinite(v))
                    fprintf(f, " %.3f", v);
                else
                    fputs(" NaN", f);
            }
            fputc('\n', f);
        }
        fputs("EOD\n", f);
    }
}

/* The dates with a margin, at least a day each side (one session alone
 * would give gnuplot an empty range). */
static void write_xrange(FILE *f, const tprctl_progress *p)
{
    long long lo = local_s(p->row[0].started_at), hi = lo;
    for (size_t k = 1; k < p->count; k++) {
        long long t = local_s(p->row[k].started_at);
        lo = t < lo ? t : lo;
        hi = t > hi ? t : hi;
    }
    long long pad = (hi - lo) / 20 > DAY_S ? (hi - lo) / 20 : DAY_S;
    /* Tics on whole days (local midnights, as the axis counts from 0),
     * about eight of them. */
    long long days = (hi - lo + 2 * pad) / (8 * DAY_S) + 1;
    fprintf(f, "set xrange [%lld:%lld]\nset xtics %lld\n", lo - pad, hi + pad, days * DAY_S);
}

static bool has_values(const tprctl_progress_row *rows, size_t n, int col)
{
    for (size_t k = 0; k < n; k++)
        if (isfinite(column(&rows[k], col)))
            return true;
    return false;
}

/* One panel: each muscle with values in column col (and col + 1 dashed,
 * untitled, when dashed is set); a note instead when none has any. */
static void panel(FILE *f, const tprctl_progress *p, int col, bool dashed, const char *none)
{
    size_t m = 0, drawn = 0;
    for (size_t i = 0, n; i < p->count; i += n, m++) {
        n = tprctl_progress_muscle_rows(p, i);
        if (!has_values(&p->row[i], n, col))
            continue;
        fprintf(f, "%s$m%zu using 1:%d with linespoints lc %zu pt 7 lw 1.5 title ",
                drawn++ ? ", " : "plot ", m, col, m + 1);
        tprctl_gnuplot_string(f, p->row[i].muscle);
        if (dashed)
            fprintf(f, ", $m%zu using 1:%d with linespoints lc %zu pt 6 dt 2 notitle", m, col + 1,
                    m + 1);
    }
    if (!drawn) {
        /* A line below the range keeps the panel and its axes. */
        fputs("set label 1 ", f);
        tprctl_gnuplot_string(f, none);
        fputs(" at graph 0.5, graph 0.5 center\nset yrange [0:10]\nplot -1 notitle\n"
              "unset label 1",
              f);
    }
    fputc('\n', f);
}

int tprctl_cmd_plot_progress(tprctl *t, const tprctl_args *a)
{
    if (!a->output)
        return tprctl_usage("plot-progress: say where the picture goes: -o FILE.png");
    tprctl_progress p;
    int rc = tprctl_progress_open(t, a, &p);
    if (rc != TPRCTL_OK)
        return rc;
    if (!p.count) {
        tprctl_progress_free(&p);
        return tprctl_fail("%s has no finished repetitions%s%s in %s: nothing to plot",
                           a->operand[0], a->operands > 1 ? " of " : "",
                           a->operands > 1 ? a->operand[1] : "", t->db_path);
    }
    tprctl_gnuplot g;
    rc = tprctl_gnuplot_start(&g, a->output, WIDTH, HEIGHT);
    if (rc == TPRCTL_OK) {
        FILE *f = g.script;
        write_data(f, &p);
        fputs("set datafile missing 'NaN'\nset xdata time\nset timefmt '%s'\n"
              "set format x '%Y-%m-%d'\nset grid\nset key outside right top\n"
              /* Fixed margins line the two panels up whatever their keys. */
              "set lmargin 10\nset rmargin 26\n",
              f);
        write_xrange(f, &p);
        fputs("set multiplot layout 2,1 title ", f);
        char title[160];
        snprintf(title, sizeof(title), "progress of %s", a->operand[0]);
        tprctl_gnuplot_string(f, title);
        fputs("\nset ylabel 'time to release (s)'\nset yrange [0:*]\n", f);
        panel(f, &p, 2, false, "no releases yet");
        fputs("set ylabel 'pressure (kPa), mean and peak (dashed)'\nset yrange [0:*]\n", f);
        panel(f, &p, 3, true, "no pressures recorded");
        fputs("unset multiplot\n", f);
        rc = tprctl_gnuplot_finish(&g);
    }
    tprctl_progress_free(&p);
    return rc;
}
