/* tprctl plot-progress USER [MUSCLE] -o FILE.png: per muscle, the time to
 * release (top) and the pressure tolerated (middle) over the dates; and,
 * when thresholds were measured, each site's threshold (bottom) in a band
 * of the MDC around its first one: a point outside it is a real change. */
#include <math.h>
#include <stdbool.h>

#include "gnuplot.h"
#include "progress_data.h"
#include "progress_ppt.h"
#include "when.h"

#define WIDTH 900
#define HEIGHT 600
#define PANEL_HEIGHT 300 /* the thresholds' panel, below the others */
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

/* The dates of the sessions and thresholds (local seconds). */
static void date_range(const tprctl_progress *p, const tprctl_ppt *ppt, long long *lo,
                       long long *hi)
{
    *lo = p->count ? local_s(p->row[0].started_at) : local_s(ppt->point[0].taken_at);
    *hi = *lo;
    for (size_t k = 0; k < p->count + ppt->count; k++) {
        long long t = k < p->count ? local_s(p->row[k].started_at)
                                   : local_s(ppt->point[k - p->count].taken_at);
        *lo = t < *lo ? t : *lo;
        *hi = t > *hi ? t : *hi;
    }
}

/* The dates with a margin, at least a day each side (one session alone
 * would give gnuplot an empty range). Returns the range's ends. */
static void write_xrange(FILE *f, const tprctl_progress *p, const tprctl_ppt *ppt, long long *from,
                         long long *to)
{
    long long lo, hi;
    date_range(p, ppt, &lo, &hi);
    long long pad = (hi - lo) / 20 > DAY_S ? (hi - lo) / 20 : DAY_S;
    /* Tics on whole days (local midnights, as the axis counts from 0),
     * about eight of them. */
    long long days = (hi - lo + 2 * pad) / (8 * DAY_S) + 1;
    *from = lo - pad;
    *to = hi + pad;
    fprintf(f, "set xrange [%lld:%lld]\nset xtics %lld\n", *from, *to, days * DAY_S);
}

/* $p0.. : a datablock per site (muscle and side), a row per threshold;
 * $b0.. : its MDC band around the first threshold, across the dates. */
static void write_thresholds(FILE *f, const tprctl_ppt *ppt, long long from, long long to)
{
    size_t s = 0;
    for (size_t i = 0, n; i < ppt->count; i += n, s++) {
        n = tprctl_ppt_site_points(ppt, i);
        fprintf(f, "$p%zu << EOD\n", s);
        for (size_t k = i; k < i + n; k++)
            fprintf(f, "%lld %.3f\n", local_s(ppt->point[k].taken_at), ppt->point[k].kpa);
        double first = ppt->point[i].kpa;
        fprintf(f, "EOD\n$b%zu << EOD\n%lld %.3f %.3f\n%lld %.3f %.3f\nEOD\n", s, from,
                first - TPRCTL_PPT_MDC_KPA, first + TPRCTL_PPT_MDC_KPA, to,
                first - TPRCTL_PPT_MDC_KPA, first + TPRCTL_PPT_MDC_KPA);
    }
}

static void threshold_panel(FILE *f, const tprctl_ppt *ppt)
{
    fprintf(f,
            "set ylabel \"threshold (kPa)\\nband: first +/- MDC %.0f\"\n"
            "set yrange [0:*]\nset style fill transparent solid 0.15 noborder\n",
            TPRCTL_PPT_MDC_KPA);
    size_t s = 0;
    for (size_t i = 0, n; i < ppt->count; i += n, s++) {
        n = tprctl_ppt_site_points(ppt, i);
        char title[96];
        snprintf(title, sizeof(title), "%s %s", ppt->point[i].muscle, ppt->point[i].side);
        fprintf(f,
                "%s$b%zu using 1:2:3 with filledcurves lc %zu notitle, "
                "$p%zu using 1:2 with linespoints lc %zu pt 7 lw 1.5 title ",
                s ? ", " : "plot ", s, s + 1, s, s + 1);
        tprctl_gnuplot_string(f, title);
    }
    fputc('\n', f);
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
    tprctl_ppt ppt;
    rc = tprctl_ppt_load(t, a->operand[0], a->operands > 1 ? a->operand[1] : NULL, &ppt);
    if (rc != TPRCTL_OK) {
        tprctl_progress_free(&p);
        return rc;
    }
    if (!p.count && !ppt.count) {
        tprctl_progress_free(&p);
        return tprctl_fail("%s has no finished repetitions or thresholds%s%s in %s: nothing to "
                           "plot",
                           a->operand[0], a->operands > 1 ? " of " : "",
                           a->operands > 1 ? a->operand[1] : "", t->db_path);
    }
    tprctl_gnuplot g;
    rc = tprctl_gnuplot_start(&g, a->output, WIDTH, HEIGHT + (ppt.count ? PANEL_HEIGHT : 0));
    if (rc == TPRCTL_OK) {
        FILE *f = g.script;
        write_data(f, &p);
        fputs("set datafile missing 'NaN'\nset xdata time\nset timefmt '%s'\n"
              "set format x '%Y-%m-%d'\nset grid\nset key outside right top\n"
              /* Fixed margins line the panels up whatever their keys. */
              "set lmargin 10\nset rmargin 26\n",
              f);
        long long from, to;
        write_xrange(f, &p, &ppt, &from, &to);
        write_thresholds(f, &ppt, from, to);
        fprintf(f, "set multiplot layout %d,1 title ", ppt.count ? 3 : 2);
        char title[160];
        snprintf(title, sizeof(title), "progress of %s", a->operand[0]);
        tprctl_gnuplot_string(f, title);
        fputs("\nset ylabel 'time to release (s)'\nset yrange [0:*]\n", f);
        panel(f, &p, 2, false, "no releases yet");
        fputs("set ylabel 'pressure (kPa), mean and peak (dashed)'\nset yrange [0:*]\n", f);
        panel(f, &p, 3, true, "no pressures recorded");
        if (ppt.count)
            threshold_panel(f, &ppt);
        fputs("unset multiplot\n", f);
        rc = tprctl_gnuplot_finish(&g, TPRCTL_OK);
    }
    tprctl_ppt_free(&ppt);
    tprctl_progress_free(&p);
    return rc;
}
