#include "rig_record.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

enum {
    COL_END,
    COL_DROPPED,
    COL_EVENTS_DROPPED,
    COL_GAP_TICKS,
    COL_GAP_MS,
    COL_EVENTS,
    COL_SEGMENTS,
    COL_POINTS,
};

/* The row's columns as read: the checks below, in the message's order. */
static bool judge(sqlite3_stmt *st, const rig_seen *s, rig_lost *lost, char *why, size_t len)
{
    const char *reason = (const char *)sqlite3_column_text(st, COL_END);
    int64_t dropped = sqlite3_column_int64(st, COL_DROPPED);
    int64_t events_dropped = sqlite3_column_int64(st, COL_EVENTS_DROPPED);
    int64_t gap = sqlite3_column_int64(st, COL_GAP_TICKS);
    int64_t gap_ms = sqlite3_column_int64(st, COL_GAP_MS);
    int64_t events = sqlite3_column_int64(st, COL_EVENTS);
    int64_t segments = sqlite3_column_int64(st, COL_SEGMENTS);
    int64_t points = sqlite3_column_int64(st, COL_POINTS);
    *lost = (rig_lost){.gap_ticks = (uint64_t)gap, .ring_dropped = (uint64_t)dropped};
    bool ok = reason && !strcmp(reason, s->end) && events_dropped == 0 &&
              (uint64_t)events == s->events && segments >= 1 && points >= 1;
    if (s->may_lose) /* the gap's time: its ticks, unless the ring dropped some between */
        ok = ok &&
             (dropped ? gap_ms * 1000 >= gap * s->period_us : gap_ms == gap * s->period_us / 1000);
    else
        ok = ok && dropped == 0 && gap == 0;
    if (s->full_trace)
        ok = ok && (uint64_t)(points + gap + dropped) == s->ticks;
    if (!ok)
        snprintf(why, len,
                 "session %lld: end %s (want %s), dropped %lld/%lld, gap %lld ticks %lld ms, "
                 "events %lld (loop published %llu), segments %lld, trace points %lld (loop "
                 "recorded %llu ticks)",
                 (long long)s->id, reason ? reason : "NULL", s->end, (long long)dropped,
                 (long long)events_dropped, (long long)gap, (long long)gap_ms, (long long)events,
                 (unsigned long long)s->events, (long long)segments, (long long)points,
                 (unsigned long long)s->ticks);
    return ok;
}

bool rig_record_intact(const char *path, const rig_seen *s, rig_lost *lost, char *why, size_t len)
{
    char sql[640];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = false;
    snprintf(sql, sizeof(sql),
             "SELECT end_reason, samples_dropped, events_dropped, trace_gap_ticks, trace_gap_ms,"
             " (SELECT count(*) FROM events WHERE session_id = s.id),"
             " (SELECT count(*) FROM segments WHERE session_id = s.id),"
             " (SELECT coalesce(sum(points), 0) FROM trace_chunks WHERE session_id = s.id)"
             " FROM sessions s WHERE id = %lld",
             (long long)s->id);
    *lost = (rig_lost){0};
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        ok = judge(st, s, lost, why, len);
    else
        snprintf(why, len, "session %lld: row not readable: %s", (long long)s->id,
                 sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

bool rig_record_db_ok(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
              sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW &&
              !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}
