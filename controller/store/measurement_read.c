#include "measurement_read.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "db_setup.h"
#include "mode_ppt.h"

/* Whether the database has the measurements table (schema 5 on). */
static int has_measurements(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                " AND name = 'measurements'",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int newest(sqlite3 *db, const char *user, const char *muscle, tpr_side side, float *ppt_kpa,
                  int64_t *taken_at_ms)
{
    int found = has_measurements(db);
    if (found <= 0)
        return found;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT m.ppt_kpa, m.taken_at FROM measurements m"
                           " JOIN users u ON u.id = m.user_id"
                           " WHERE u.name = ? AND m.muscle = ? AND m.side = ?"
                           " AND m.ppt_kpa IS NOT NULL AND m.reliable_trials >= ?"
                           " ORDER BY m.taken_at DESC, m.id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, muscle, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, tpr_side_name(side), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, TPR_PPT_TRIALS);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *ppt_kpa = (float)sqlite3_column_double(st, 0);
        *taken_at_ms = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int tpr_measurement_newest(const char *path, const char *user, const char *muscle, tpr_side side,
                           float *ppt_kpa, int64_t *taken_at_ms, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return 0;
    sqlite3 *db = NULL;
    int rc = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, TPR_DB_BUSY_MS);
        rc = newest(db, user, muscle, side, ppt_kpa, taken_at_ms);
    }
    if (rc < 0)
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return rc;
}
