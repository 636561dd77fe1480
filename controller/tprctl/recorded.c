#include "recorded.h"

#include "db_reader.h"

int tprctl_trace_kept(const tprctl *t, const tprctl_session *s)
{
    if (!s->trace_pruned)
        return TPRCTL_OK;
    return tprctl_fail("session %lld in %s: the trace was removed by retention "
                       "(its summary, segments and events are kept: tprctl show %lld)",
                       (long long)s->id, t->db_path, (long long)s->id);
}

int tprctl_trace_count(tprctl *t, int64_t id, int64_t *n)
{
    sqlite3_stmt *st =
        tprctl_db_prepare(t, "SELECT total(points) FROM trace_chunks WHERE session_id = ?1");
    if (!st)
        return TPRCTL_ERR;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *n = (int64_t)sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TPRCTL_OK : tprctl_db_fail(t);
}

int tprctl_trace_each(tprctl *t, int64_t id, int (*fn)(void *ctx, const tpr_trace_point *p),
                      void *ctx)
{
    sqlite3_stmt *st = tprctl_db_prepare(
        t, "SELECT t0_us, points, data FROM trace_chunks WHERE session_id = ?1 ORDER BY t0_us");
    if (!st)
        return TPRCTL_ERR;
    sqlite3_bind_int64(st, 1, id);
    int rc = SQLITE_DONE, status = TPRCTL_OK;
    while (status == TPRCTL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t t0 = sqlite3_column_int64(st, 0);
        int64_t points = sqlite3_column_int64(st, 1);
        const uint8_t *data = sqlite3_column_blob(st, 2);
        int64_t bytes = sqlite3_column_bytes(st, 2);
        if (points < 0 || bytes != points * TPR_TRACE_POINT_BYTES) {
            status = tprctl_fail("%s: session %lld: the trace chunk at %lld us is damaged "
                                 "(%lld bytes for %lld points)",
                                 t->db_path, (long long)id, (long long)t0, (long long)bytes,
                                 (long long)points);
            break;
        }
        for (size_t i = 0; status == TPRCTL_OK && i < (size_t)points; i++) {
            tpr_trace_point p = tpr_trace_decode(data, i, t0);
            status = fn(ctx, &p);
        }
    }
    if (status == TPRCTL_OK && rc != SQLITE_DONE)
        status = tprctl_db_fail(t);
    sqlite3_finalize(st);
    return status;
}

int tprctl_events_each(tprctl *t, int64_t id,
                       int (*fn)(void *ctx, int64_t t_ms, const char *type, const char *detail),
                       void *ctx)
{
    sqlite3_stmt *st = tprctl_db_prepare(
        t, "SELECT t_ms, type, detail FROM events WHERE session_id = ?1 ORDER BY t_ms, rowid");
    if (!st)
        return TPRCTL_ERR;
    sqlite3_bind_int64(st, 1, id);
    int rc = SQLITE_DONE, status = TPRCTL_OK;
    while (status == TPRCTL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        status = fn(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                    (const char *)sqlite3_column_text(st, 2));
    if (status == TPRCTL_OK && rc != SQLITE_DONE)
        status = tprctl_db_fail(t);
    sqlite3_finalize(st);
    return status;
}
