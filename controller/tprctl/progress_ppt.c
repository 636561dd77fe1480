#include "progress_ppt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db_reader.h"
#include "mode_ppt.h"
#include "when.h"

/* Reliable: a threshold from the full number of reliable trials. */
static const char *const SQL = "SELECT m.muscle, m.side, m.taken_at, m.ppt_kpa FROM measurements m"
                               " JOIN users u ON u.id = m.user_id"
                               " WHERE u.name = ?1 AND (?2 IS NULL OR m.muscle = ?2)"
                               " AND m.ppt_kpa IS NOT NULL AND m.reliable_trials >= ?3"
                               " ORDER BY m.muscle, m.side, m.taken_at, m.id";

int tprctl_ppt_load(tprctl *t, const char *user, const char *muscle, tprctl_ppt *out)
{
    *out = (tprctl_ppt){0};
    sqlite3_stmt *st = tprctl_db_prepare(t, SQL);
    if (!st)
        return TPRCTL_ERR;
    tprctl_db_bind_text(st, 1, user);
    tprctl_db_bind_text(st, 2, muscle);
    sqlite3_bind_int(st, 3, TPR_PPT_TRIALS);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->point = tprctl_xrealloc(out->point, (out->count + 1) * sizeof(*out->point));
        tprctl_ppt_point *p = &out->point[out->count++];
        tprctl_db_text(st, 0, p->muscle, sizeof(p->muscle));
        tprctl_db_text(st, 1, p->side, sizeof(p->side));
        p->taken_at = sqlite3_column_int64(st, 2);
        p->kpa = sqlite3_column_double(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        tprctl_ppt_free(out);
        return tprctl_db_fail(t);
    }
    return TPRCTL_OK;
}

void tprctl_ppt_free(tprctl_ppt *p)
{
    free(p->point);
    *p = (tprctl_ppt){0};
}

static bool same_site(const tprctl_ppt_point *a, const tprctl_ppt_point *b)
{
    return strcmp(a->muscle, b->muscle) == 0 && strcmp(a->side, b->side) == 0;
}

size_t tprctl_ppt_site_points(const tprctl_ppt *p, size_t begin)
{
    size_t end = begin;
    while (end < p->count && same_site(&p->point[end], &p->point[begin]))
        end++;
    return end - begin;
}

bool tprctl_ppt_beyond_mdc(double change_kpa)
{
    return fabs(change_kpa) > TPRCTL_PPT_MDC_KPA;
}

const tprctl_ppt_point *tprctl_ppt_latest(const tprctl_ppt *p, const char *muscle, const char *side)
{
    const tprctl_ppt_point *latest = NULL;
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->point[i].muscle, muscle) == 0 && strcmp(p->point[i].side, side) == 0)
            latest = &p->point[i]; /* in time order */
    return latest;
}

bool tprctl_ppt_asymmetry(const tprctl_ppt *p, size_t begin, const tprctl_ppt_point **left,
                          const tprctl_ppt_point **right)
{
    const char *muscle = p->point[begin].muscle;
    *left = tprctl_ppt_latest(p, muscle, "left");
    *right = tprctl_ppt_latest(p, muscle, "right");
    return *left && *right && strcmp(p->point[begin].side, "left") == 0;
}

double tprctl_sessions_per_week(const tprctl_progress_row *rows, size_t n, int64_t *weeks)
{
    *weeks = (rows[n - 1].started_at - rows[0].started_at) / TPRCTL_WEEK_MS + 1;
    return (double)n / (double)*weeks;
}
