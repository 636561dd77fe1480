/* tprctl progress: the thresholds part (first against newest per muscle
 * and side, whether the change is beyond the MDC, left against right) and
 * the sessions a week. */
#include <math.h>

#include "progress_ppt.h"
#include "table.h"
#include "text.h"
#include "when.h"

static const char *beyond_word(double change)
{
    return isfinite(change) ? (tprctl_ppt_beyond_mdc(change) ? "yes" : "no") : "-";
}

void tprctl_ppt_print(FILE *f, const tprctl_ppt *p, const char *user)
{
    if (!p->count)
        return;
    fputs("\nthresholds of ", f);
    tpr_text_fputs(user, f);
    fprintf(f, " (reliable measurements; a change is real beyond the MDC95 of %.0f kPa)\n",
            TPRCTL_PPT_MDC_KPA);
    static const char *const headers[] = {"muscle",    "side", "n",      "first on",  "kPa",
                                          "latest on", "kPa",  "change", "beyond MDC"};
    tprctl_table *t = tprctl_table_new(headers, "llrlrlrrl");
    for (size_t i = 0, n; i < p->count; i += n) {
        n = tprctl_ppt_site_points(p, i);
        const tprctl_ppt_point *first = &p->point[i], *last = &p->point[i + n - 1];
        double change = n > 1 ? last->kpa - first->kpa : NAN;
        char a[16], b[16];
        tprctl_table_cell(t, "%s", first->muscle);
        tprctl_table_cell(t, "%s", first->side);
        tprctl_table_cell(t, "%zu", n);
        tprctl_table_cell(t, "%s", tprctl_format_date(a, sizeof(a), first->taken_at));
        tprctl_table_cell(t, "%.1f", first->kpa);
        tprctl_table_cell(t, "%s", tprctl_format_date(b, sizeof(b), last->taken_at));
        tprctl_table_cell(t, "%.1f", last->kpa);
        if (isfinite(change))
            tprctl_table_cell(t, "%+.1f", change);
        else
            tprctl_table_cell(t, "-");
        tprctl_table_cell(t, "%s", beyond_word(change));
    }
    tprctl_table_print(t, f);
    tprctl_table_free(t);
    bool any = false;
    for (size_t i = 0; i < p->count; i += tprctl_ppt_site_points(p, i)) {
        const tprctl_ppt_point *l, *r;
        if (!tprctl_ppt_asymmetry(p, i, &l, &r))
            continue;
        double diff = l->kpa - r->kpa;
        if (!any)
            fputs("asymmetry (newest, left - right)\n", f);
        any = true;
        fprintf(f, "  %-20s %.1f - %.1f kPa = %+.1f kPa (%+.0f %% of their mean): %s\n", l->muscle,
                l->kpa, r->kpa, diff, 200.0 * diff / (l->kpa + r->kpa),
                tprctl_ppt_beyond_mdc(diff) ? "beyond the MDC" : "within the MDC");
    }
}

void tprctl_ppt_json(tprctl_json *j, const tprctl_ppt *p)
{
    tprctl_json_real(j, "mdc_kpa", TPRCTL_PPT_MDC_KPA);
    tprctl_json_array(j, "thresholds");
    for (size_t i = 0, n; i < p->count; i += n) {
        n = tprctl_ppt_site_points(p, i);
        const tprctl_ppt_point *first = &p->point[i], *last = &p->point[i + n - 1];
        char when[48];
        tprctl_json_object(j, NULL);
        tprctl_json_str(j, "muscle", first->muscle);
        tprctl_json_str(j, "side", first->side);
        tprctl_json_int(j, "measurements", (int64_t)n);
        tprctl_json_str(j, "first_at",
                        tprctl_format_time(when, sizeof(when), first->taken_at, true));
        tprctl_json_real(j, "first_kpa", first->kpa);
        tprctl_json_str(j, "latest_at",
                        tprctl_format_time(when, sizeof(when), last->taken_at, true));
        tprctl_json_real(j, "latest_kpa", last->kpa);
        tprctl_json_real(j, "change_kpa", n > 1 ? last->kpa - first->kpa : NAN);
        tprctl_json_bool(j, "beyond_mdc", n > 1 && tprctl_ppt_beyond_mdc(last->kpa - first->kpa));
        tprctl_json_end(j);
    }
    tprctl_json_end(j);
    tprctl_json_array(j, "asymmetry");
    for (size_t i = 0; i < p->count; i += tprctl_ppt_site_points(p, i)) {
        const tprctl_ppt_point *l, *r;
        if (!tprctl_ppt_asymmetry(p, i, &l, &r))
            continue;
        tprctl_json_object(j, NULL);
        tprctl_json_str(j, "muscle", l->muscle);
        tprctl_json_real(j, "left_kpa", l->kpa);
        tprctl_json_real(j, "right_kpa", r->kpa);
        tprctl_json_real(j, "difference_kpa", l->kpa - r->kpa);
        tprctl_json_bool(j, "beyond_mdc", tprctl_ppt_beyond_mdc(l->kpa - r->kpa));
        tprctl_json_end(j);
    }
    tprctl_json_end(j);
}

static const char *against_trials(double per_week)
{
    return per_week < TPRCTL_TRIAL_SESSIONS_MIN   ? "fewer than"
           : per_week > TPRCTL_TRIAL_SESSIONS_MAX ? "more than"
                                                  : "as many as";
}

void tprctl_sessions_per_week_print(FILE *f, const tprctl_progress_row *rows, size_t n)
{
    int64_t weeks;
    double rate = tprctl_sessions_per_week(rows, n, &weeks);
    fprintf(f, "sessions: %zu in %lld week%s, %.1f a week: %s the %d-%d of the trials\n", n,
            (long long)weeks, weeks == 1 ? "" : "s", rate, against_trials(rate),
            TPRCTL_TRIAL_SESSIONS_MIN, TPRCTL_TRIAL_SESSIONS_MAX);
}

void tprctl_sessions_per_week_json(tprctl_json *j, const tprctl_progress_row *rows, size_t n)
{
    int64_t weeks;
    double rate = tprctl_sessions_per_week(rows, n, &weeks);
    tprctl_json_object(j, "frequency");
    tprctl_json_int(j, "sessions", (int64_t)n);
    tprctl_json_int(j, "weeks", weeks);
    tprctl_json_real(j, "per_week", rate);
    tprctl_json_int(j, "trials_min", TPRCTL_TRIAL_SESSIONS_MIN);
    tprctl_json_int(j, "trials_max", TPRCTL_TRIAL_SESSIONS_MAX);
    tprctl_json_end(j);
}
