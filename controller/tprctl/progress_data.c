#include "progress_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_reader.h"
#include "muscles.h"
#include "when.h"

static const char *const SQL =
    "SELECT g.muscle, s.id, s.started_at, count(*), sum(g.released != 0),"
    "  count(CASE WHEN g.released AND g.release_ms IS NOT NULL THEN 1 END),"
    "  sum(CASE WHEN g.released THEN g.release_ms END),"
    "  max(g.peak_kpa), total(g.mean_kpa), count(g.mean_kpa),"
    "  sum(g.in_band_ms), sum(g.hold_target_ms)"
    " FROM segments g JOIN sessions s ON s.id = g.session_id JOIN users u ON u.id = s.user_id"
    " WHERE u.name = ?1 AND (?2 IS NULL OR g.muscle = ?2) AND g.complete"
    " GROUP BY g.muscle, s.id ORDER BY g.muscle, s.started_at, s.id";

static void read_row(sqlite3_stmt *st, tprctl_progress_row *r)
{
    tprctl_db_text(st, 0, r->muscle, sizeof(r->muscle));
    r->session_id = sqlite3_column_int64(st, 1);
    r->started_at = sqlite3_column_int64(st, 2);
    r->sum = (tprctl_progress_sum){
        .reps = sqlite3_column_int64(st, 3),
        .releases = sqlite3_column_int64(st, 4),
        .timed_releases = sqlite3_column_int64(st, 5),
        .release_ms = sqlite3_column_int64(st, 6),
        .peak_kpa = sqlite3_column_type(st, 7) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 7),
        .mean_kpa_sum = sqlite3_column_double(st, 8),
        .mean_count = sqlite3_column_int64(st, 9),
        .hold_ms = sqlite3_column_int64(st, 10),
        .target_ms = sqlite3_column_int64(st, 11),
        .sessions = 1,
    };
}

static int load(tprctl *t, const char *user, const char *muscle, tprctl_progress *out)
{
    *out = (tprctl_progress){0};
    sqlite3_stmt *st = tprctl_db_prepare(t, SQL);
    if (!st)
        return TPRCTL_ERR;
    tprctl_db_bind_text(st, 1, user);
    tprctl_db_bind_text(st, 2, muscle);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->row = tprctl_xrealloc(out->row, (out->count + 1) * sizeof(*out->row));
        read_row(st, &out->row[out->count++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        tprctl_progress_free(out);
        return tprctl_db_fail(t);
    }
    return TPRCTL_OK;
}

void tprctl_progress_free(tprctl_progress *p)
{
    free(p->row);
    *p = (tprctl_progress){0};
}

size_t tprctl_progress_muscle_rows(const tprctl_progress *p, size_t begin)
{
    size_t end = begin;
    while (end < p->count && strcmp(p->row[end].muscle, p->row[begin].muscle) == 0)
        end++;
    return end - begin;
}

static void add(tprctl_progress_sum *into, const tprctl_progress_sum *s)
{
    into->reps += s->reps;
    into->releases += s->releases;
    into->timed_releases += s->timed_releases;
    into->release_ms += s->release_ms;
    if (isnan(into->peak_kpa) || s->peak_kpa > into->peak_kpa)
        into->peak_kpa = s->peak_kpa;
    into->mean_kpa_sum += s->mean_kpa_sum;
    into->mean_count += s->mean_count;
    into->hold_ms += s->hold_ms;
    into->target_ms += s->target_ms;
    into->sessions += s->sessions;
}

void tprctl_progress_trend(const tprctl_progress_row *rows, size_t n, tprctl_trend *tr)
{
    int64_t first = rows[0].started_at, last = rows[n - 1].started_at;
    *tr = (tprctl_trend){
        .first = {.peak_kpa = NAN},
        .last = {.peak_kpa = NAN},
        .first_from = first,
        .last_to = last,
        .one_week = last < first + TPRCTL_WEEK_MS,
    };
    for (size_t i = 0; i < n; i++) {
        if (rows[i].started_at < first + TPRCTL_WEEK_MS) {
            add(&tr->first, &rows[i].sum);
            tr->first_to = rows[i].started_at;
        }
        if (rows[i].started_at > last - TPRCTL_WEEK_MS) {
            if (!tr->last.sessions)
                tr->last_from = rows[i].started_at;
            add(&tr->last, &rows[i].sum);
        }
    }
}

double tprctl_progress_release_s(const tprctl_progress_sum *s)
{
    return s->timed_releases ? (double)s->release_ms / 1000.0 / (double)s->timed_releases : NAN;
}

double tprctl_progress_mean_kpa(const tprctl_progress_sum *s)
{
    return s->mean_count ? s->mean_kpa_sum / (double)s->mean_count : NAN;
}

double tprctl_progress_hold_pct(const tprctl_progress_sum *s)
{
    return s->target_ms ? 100.0 * (double)s->hold_ms / (double)s->target_ms : NAN;
}

int tprctl_progress_open(tprctl *t, const tprctl_args *a, tprctl_progress *out)
{
    const char *muscle = a->operands > 1 ? a->operand[1] : NULL;
    if (muscle && !tpr_muscle_find(muscle))
        return tprctl_usage("%s: not a muscle (tprd --help-config lists them)", muscle);
    int rc = tprctl_db_open(t);
    if (rc == TPRCTL_OK)
        rc = tprctl_db_check_user(t, a->operand[0]);
    return rc != TPRCTL_OK ? rc : load(t, a->operand[0], muscle, out);
}
