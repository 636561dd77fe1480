#include "measurement.h"

#include <math.h>
#include <stdio.h>

#include "db_setup.h"

/* A number, or NULL for NaN (a trial without a threshold or a rate). */
static void bind_kpa(sqlite3_stmt *st, int col, float v)
{
    if (isnan(v))
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_double(st, col, (double)v);
}

static int64_t insert_site(sqlite3 *db, const tpr_measurement *m, char *err, size_t errlen)
{
    int64_t user = tpr_db_user_id(db, m->user, err, errlen);
    if (user < 0)
        return -1;
    sqlite3_stmt *st = tpr_db_prepare(db,
                                      "INSERT INTO measurements(user_id, muscle, side, taken_at,"
                                      " target_kpa_s, ppt_kpa, reliable_trials)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      "measurement", err, errlen);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_text(st, 2, m->muscle, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, tpr_side_name(m->side), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, m->taken_at_ms);
    sqlite3_bind_double(st, 5, (double)m->result->target_kpa_s);
    bind_kpa(st, 6, m->result->ppt_kpa);
    sqlite3_bind_int64(st, 7, m->result->reliable);
    int64_t id = -1;
    if (sqlite3_step(st) == SQLITE_DONE)
        id = sqlite3_last_insert_rowid(db);
    else
        snprintf(err, errlen, "measurement: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return id;
}

static int insert_trials(sqlite3 *db, int64_t id, const tpr_ppt_result *res, char *err,
                         size_t errlen)
{
    sqlite3_stmt *st = tpr_db_prepare(db,
                                      "INSERT INTO measurement_trials(measurement_id, trial,"
                                      " threshold_kpa, rate_kpa_s, reliable, reason)"
                                      " VALUES (?, ?, ?, ?, ?, ?)",
                                      "trial", err, errlen);
    if (!st)
        return -1;
    int rc = 0;
    for (uint32_t i = 0; i < res->attempts && !rc; i++) {
        const tpr_ppt_trial *t = &res->trial[i];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, i + 1);
        bind_kpa(st, 3, t->threshold_kpa);
        bind_kpa(st, 4, t->rate_kpa_s);
        sqlite3_bind_int(st, 5, t->reliable);
        sqlite3_bind_text(st, 6, tpr_ppt_reason_name(t->reason), -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            snprintf(err, errlen, "trial %u: %s", i + 1, sqlite3_errmsg(db));
            rc = -1;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

int64_t tpr_measurement_save(const char *path, const tpr_measurement *m, char *err, size_t errlen)
{
    sqlite3 *db = tpr_db_open(path, err, errlen);
    if (!db)
        return -1;
    char why[256];
    int64_t id = -1;
    if (tpr_db_exec(db, "BEGIN IMMEDIATE", "measurement", why, sizeof(why)) == 0) {
        id = insert_site(db, m, why, sizeof(why));
        if (id < 0 || insert_trials(db, id, m->result, why, sizeof(why)) ||
            tpr_db_exec(db, "COMMIT", "measurement", why, sizeof(why))) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            id = -1;
        }
    }
    if (id < 0)
        snprintf(err, errlen, "%s: %s", path, why);
    sqlite3_close(db);
    return id;
}
