#include "retention.h"

#include <stdbool.h>
#include <stdio.h>

#include "db_setup.h"
#include "trace_chunk.h"

#define MS_PER_DAY 86400000LL

static int64_t single_int(sqlite3_stmt *st)
{
    return sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
}

/* The statements prune() needs, prepared once. */
enum { TOTAL, NEXT, SIZE, DEL, MARK, NSTMT };
static const char *const sql[NSTMT] = {
    /* points * 16 is the BLOB length, and summing it reads no BLOB. */
    [TOTAL] = "SELECT coalesce(sum(points), 0) * 16 FROM trace_chunks",
    /* Oldest first, one at a time after (started_at, id) = (?1, ?2): the
     * rows change as traces go, so no statement walks them meanwhile. */
    [NEXT] = ("SELECT id, started_at FROM sessions WHERE trace_pruned = 0"
              " AND (started_at, id) > (?1, ?2) ORDER BY started_at, id LIMIT 1"),
    [SIZE] = "SELECT coalesce(sum(points), 0) * 16 FROM trace_chunks WHERE session_id = ?",
    [DEL] = "DELETE FROM trace_chunks WHERE session_id = ?",
    [MARK] = "UPDATE sessions SET trace_pruned = 1 WHERE id = ?",
};

_Static_assert(TPR_TRACE_POINT_BYTES == 16, "the size queries multiply points by 16");

static int prune(sqlite3_stmt **st, const tpr_retention *keep, int64_t now_ms)
{
    int64_t cutoff = keep->keep_days ? now_ms - keep->keep_days * MS_PER_DAY : INT64_MIN;
    int64_t total = keep->max_bytes ? single_int(st[TOTAL]) : 0;
    if (total < 0)
        return -1;
    int64_t started = INT64_MIN, id = INT64_MIN;
    int pruned = 0;
    for (;;) {
        sqlite3_reset(st[NEXT]);
        sqlite3_bind_int64(st[NEXT], 1, started);
        sqlite3_bind_int64(st[NEXT], 2, id);
        int rc = sqlite3_step(st[NEXT]);
        if (rc == SQLITE_DONE)
            return pruned;
        if (rc != SQLITE_ROW)
            return -1;
        id = sqlite3_column_int64(st[NEXT], 0);
        started = sqlite3_column_int64(st[NEXT], 1);
        bool old = started < cutoff;
        bool over = keep->max_bytes && total > (int64_t)keep->max_bytes;
        if (!old && !over)
            return pruned;
        sqlite3_reset(st[SIZE]);
        sqlite3_bind_int64(st[SIZE], 1, id);
        int64_t bytes = single_int(st[SIZE]);
        if (bytes <= 0)
            continue; /* no trace to remove */
        for (int k = DEL; k <= MARK; k++) {
            sqlite3_reset(st[k]);
            sqlite3_bind_int64(st[k], 1, id);
            if (sqlite3_step(st[k]) != SQLITE_DONE)
                return -1;
        }
        total -= bytes;
        pruned++;
    }
}

int tpr_retention_prune(sqlite3 *db, const tpr_retention *keep, int64_t now_ms, char *err,
                        size_t errlen)
{
    if (!keep->keep_days && !keep->max_bytes)
        return 0;
    sqlite3_stmt *st[NSTMT] = {NULL};
    int pruned = -1;
    for (int k = 0; k < NSTMT; k++)
        if (!(st[k] = tpr_db_prepare(db, sql[k], "retention", err, errlen)))
            goto out;
    if (tpr_db_exec(db, "BEGIN IMMEDIATE", "retention", err, errlen))
        goto out;
    pruned = prune(st, keep, now_ms);
    if (pruned < 0) {
        snprintf(err, errlen, "retention: %s", sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    } else if (tpr_db_exec(db, "COMMIT", "retention", err, errlen)) {
        pruned = -1;
    }
out:
    for (int k = 0; k < NSTMT; k++)
        sqlite3_finalize(st[k]);
    return pruned;
}
