/* tprctl progress USER [MUSCLE]: per muscle, one row per session, the
 * first week set against the last and the sessions a week; then the
 * thresholds measured (cmd_progress_ppt.c). */
#include <math.h>

#include "json.h"
#include "progress_data.h"
#include "progress_ppt.h"
#include "table.h"
#include "text.h"
#include "when.h"

/* A figure or "-" when there is none. */
static void cell(tprctl_table *t, const char *fmt, double v)
{
    if (isfinite(v))
        tprctl_table_cell(t, fmt, v);
    else
        tprctl_table_cell(t, "-");
}

static void print_rows(FILE *f, const tprctl_progress_row *rows, size_t n)
{
    static const char *const headers[] = {"started",    "session",  "reps",     "released",
                                          "release at", "peak kPa", "mean kPa", "hold"};
    tprctl_table *t = tprctl_table_new(headers, "lrrrrrrr");
    for (size_t i = 0; i < n; i++) {
        const tprctl_progress_sum *s = &rows[i].sum;
        char when[32];
        tprctl_table_cell(t, "%s",
                          tprctl_format_time(when, sizeof(when), rows[i].started_at, false));
        tprctl_table_cell(t, "%lld", (long long)rows[i].session_id);
        tprctl_table_cell(t, "%lld", (long long)s->reps);
        tprctl_table_cell(t, "%lld/%lld", (long long)s->releases, (long long)s->reps);
        cell(t, "%.1f s", tprctl_progress_release_s(s));
        cell(t, "%.1f", s->peak_kpa);
        cell(t, "%.1f", tprctl_progress_mean_kpa(s));
        cell(t, "%.0f %%", tprctl_progress_hold_pct(s));
    }
    tprctl_table_print(t, f);
    tprctl_table_free(t);
}

/* "24.1 s -> 18.3 s (-24 %)": a figure then and now; relative only for
 * quantities (a change of a percentage in percent reads wrong). */
static void change(FILE *f, const char *what, double from, double to, const char *fmt,
                   bool relative)
{
    char a[32] = "-", b[32] = "-";
    if (isfinite(from))
        snprintf(a, sizeof(a), fmt, from);
    if (isfinite(to))
        snprintf(b, sizeof(b), fmt, to);
    fprintf(f, "  %-16s %10s -> ", what, a);
    if (relative && isfinite(from) && isfinite(to) && from != 0.0)
        fprintf(f, "%-10s (%+.0f %%)\n", b, 100.0 * (to - from) / from);
    else
        fprintf(f, "%s\n", b);
}

static double rate(const tprctl_progress_sum *s)
{
    return s->reps ? 100.0 * (double)s->releases / (double)s->reps : NAN;
}

static void print_trend(FILE *f, const tprctl_trend *tr)
{
    char a[16], b[16], c[16], d[16];
    if (tr->one_week) {
        fputs("trend: all sessions fall within one week; nothing to compare yet\n", f);
        return;
    }
    fprintf(f, "trend: first week (%s..%s, %zu session%s) -> last week (%s..%s, %zu session%s)\n",
            tprctl_format_date(a, sizeof(a), tr->first_from),
            tprctl_format_date(b, sizeof(b), tr->first_to), tr->first.sessions,
            tr->first.sessions == 1 ? "" : "s", tprctl_format_date(c, sizeof(c), tr->last_from),
            tprctl_format_date(d, sizeof(d), tr->last_to), tr->last.sessions,
            tr->last.sessions == 1 ? "" : "s");
    change(f, "time to release", tprctl_progress_release_s(&tr->first),
           tprctl_progress_release_s(&tr->last), "%.1f s", true);
    change(f, "released", rate(&tr->first), rate(&tr->last), "%.0f %%", false);
    change(f, "mean pressure", tprctl_progress_mean_kpa(&tr->first),
           tprctl_progress_mean_kpa(&tr->last), "%.1f kPa", true);
    change(f, "peak pressure", tr->first.peak_kpa, tr->last.peak_kpa, "%.1f kPa", true);
    change(f, "hold achieved", tprctl_progress_hold_pct(&tr->first),
           tprctl_progress_hold_pct(&tr->last), "%.0f %%", false);
}

static void sum_json(tprctl_json *j, const tprctl_progress_sum *s)
{
    tprctl_json_int(j, "reps", s->reps);
    tprctl_json_int(j, "releases", s->releases);
    tprctl_json_real(j, "release_s", tprctl_progress_release_s(s));
    tprctl_json_real(j, "peak_kpa", s->peak_kpa);
    tprctl_json_real(j, "mean_kpa", tprctl_progress_mean_kpa(s));
    tprctl_json_int(j, "hold_ms", s->hold_ms);
    tprctl_json_int(j, "hold_target_ms", s->target_ms);
    tprctl_json_real(j, "hold_pct", tprctl_progress_hold_pct(s));
}

static void week_json(tprctl_json *j, const char *key, const tprctl_progress_sum *s, int64_t from,
                      int64_t to)
{
    char when[48];
    tprctl_json_object(j, key);
    tprctl_json_str(j, "from", tprctl_format_time(when, sizeof(when), from, true));
    tprctl_json_str(j, "to", tprctl_format_time(when, sizeof(when), to, true));
    tprctl_json_int(j, "sessions", (int64_t)s->sessions);
    sum_json(j, s);
    tprctl_json_end(j);
}

static void muscle_json(tprctl_json *j, const tprctl_progress_row *rows, size_t n,
                        const tprctl_trend *tr)
{
    tprctl_json_object(j, NULL);
    tprctl_json_str(j, "muscle", rows[0].muscle);
    tprctl_json_array(j, "sessions");
    for (size_t i = 0; i < n; i++) {
        char when[48];
        tprctl_json_object(j, NULL);
        tprctl_json_int(j, "session", rows[i].session_id);
        tprctl_json_str(j, "started_at",
                        tprctl_format_time(when, sizeof(when), rows[i].started_at, true));
        tprctl_json_int(j, "started_at_ms", rows[i].started_at);
        sum_json(j, &rows[i].sum);
        tprctl_json_end(j);
    }
    tprctl_json_end(j);
    tprctl_json_object(j, "trend");
    tprctl_json_bool(j, "one_week", tr->one_week);
    week_json(j, "first_week", &tr->first, tr->first_from, tr->first_to);
    week_json(j, "last_week", &tr->last, tr->last_from, tr->last_to);
    tprctl_json_end(j);
    tprctl_sessions_per_week_json(j, rows, n);
    tprctl_json_end(j);
}

int tprctl_cmd_progress(tprctl *t, const tprctl_args *a)
{
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
    tprctl_json j;
    if (t->json) {
        tprctl_json_init(&j, t->out);
        tprctl_json_object(&j, NULL);
        tprctl_json_str(&j, "user", a->operand[0]);
        tprctl_json_array(&j, "muscles");
    } else if (!p.count) {
        fprintf(t->out, "%s has no finished repetitions%s%s in %s\n", a->operand[0],
                a->operands > 1 ? " of " : "", a->operands > 1 ? a->operand[1] : "", t->db_path);
    }
    for (size_t i = 0, n; i < p.count; i += n) {
        n = tprctl_progress_muscle_rows(&p, i);
        tprctl_trend tr;
        tprctl_progress_trend(&p.row[i], n, &tr);
        if (t->json) {
            muscle_json(&j, &p.row[i], n, &tr);
            continue;
        }
        fputs(i ? "\n" : "", t->out);
        tpr_text_fputs(p.row[i].muscle, t->out);
        fputs(" (", t->out);
        tpr_text_fputs(a->operand[0], t->out);
        fputs(")\n", t->out);
        print_rows(t->out, &p.row[i], n);
        print_trend(t->out, &tr);
        tprctl_sessions_per_week_print(t->out, &p.row[i], n);
    }
    if (t->json) {
        tprctl_json_end(&j);
        tprctl_ppt_json(&j, &ppt);
        tprctl_json_end(&j);
    } else {
        tprctl_ppt_print(t->out, &ppt, a->operand[0]);
    }
    tprctl_ppt_free(&ppt);
    tprctl_progress_free(&p);
    return TPRCTL_OK;
}
