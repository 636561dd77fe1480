/* tprctl plot-progress USER [MUSCLE] -o FILE.png: per muscle, the time to
 * release (top) and the pressure tolerated (bottom) over the dates. */
#include <math.h>

#include "gnuplot.h"
#include "progress_data.h"
#include "when.h"

#define WIDTH 900
#define HEIGHT 600

static void value(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, " %.3f", v);
    else
        fputs(" NaN", f);
}

/* $m0.. : one datablock per muscle, local time in seconds (gnuplot's time
 * axis has no time zone), time to release, mean and peak pressure. */
static size_t write_data(FILE *f, const tprctl_progress *p)
{
    size_t muscles = 0;
    for (size_t i = 0, n; i < p->count; i += n, muscles++) {
        n = tprctl_progress_muscle_rows(p, i);
        fprintf(f, "$m%zu << EOD\n", muscles);
        for (size_t k = i; k < i + n; k++) {
            const tprctl_progress_row *r = &p->row[k];
            fprintf(f, "%lld",
                    (long long)(r->started_at / 1000 + tprctl_utc_offset_s(r->started_at)));
            value(f, tprctl_progress_release_s(&r->sum));
            value(f, tprctl_progress_mean_kpa(&r->sum));
            value(f, r->sum.peak_kpa);
            fputc('\n', f);
        }
        fputs("EOD\n", f);
    }
    return muscles;
}

/* "plot $m0 using 1:COL ... title 'name', $m1 ..." for one panel. */
static void panel(FILE *f, const tprctl_progress *p, int col, const char *extra)
{
    fputs("plot ", f);
    size_t m = 0;
    for (size_t i = 0, n; i < p->count; i += n, m++) {
        n = tprctl_progress_muscle_rows(p, i);
        fprintf(f, "%s$m%zu using 1:%d with linespoints lc %zu pt 7 lw 1.5 title ", m ? ", " : "",
                m, col, m + 1);
        tprctl_gnuplot_string(f, p->row[i].muscle);
        if (extra)
            fprintf(f, ", $m%zu using 1:%d with linespoints lc %zu pt 6 dt 2 %s", m, col + 1, m + 1,
                    extra);
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
              "set offsets graph 0.03, graph 0.03, 0, 0\n"
              "set multiplot layout 2,1 title ",
              f);
        char title[160];
        snprintf(title, sizeof(title), "progress of %s", a->operand[0]);
        tprctl_gnuplot_string(f, title);
        fputs("\nset ylabel 'time to release (s)'\nset yrange [0:*]\n", f);
        panel(f, &p, 2, NULL);
        fputs("set ylabel 'pressure (kPa), mean and peak (dashed)'\nset yrange [0:*]\n", f);
        panel(f, &p, 3, "notitle");
        fputs("unset multiplot\n", f);
        rc = tprctl_gnuplot_finish(&g);
    }
    tprctl_progress_free(&p);
    return rc;
}
