#include "session_list.h"

#include <string.h>

#include "db_reader.h"
#include "json.h"
#include "when.h"

static const char *const SQL =
    "SELECT s.id, u.name, s.routine, s.started_at, s.ended_at, s.end_reason, s.rate_hz,"
    "  s.trace_rate_hz, s.samples_dropped, s.trace_pruned, s.events_dropped,"
    "  (SELECT count(*) FROM segments g WHERE g.session_id = s.id AND g.complete),"
    "  (SELECT count(*) FROM segments g WHERE g.session_id = s.id AND g.released),"
    "  (SELECT group_concat(muscle) FROM (SELECT muscle, min(g.start_ms) AS t FROM segments g"
    "     WHERE g.session_id = s.id GROUP BY muscle ORDER BY t)),"
    "  s.trace_gap_ticks, s.trace_gap_ms"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE (?1 IS NULL OR s.id = ?1) AND (?2 IS NULL OR u.name = ?2)"
    "  AND (?3 IS NULL OR s.started_at >= ?3) AND (?4 IS NULL OR s.started_at < ?4)"
    "  AND (?5 IS NULL OR EXISTS (SELECT 1 FROM segments g"
    "    WHERE g.session_id = s.id AND g.muscle = ?5))"
    " ORDER BY s.started_at, s.id";

static void read_row(sqlite3_stmt *st, tprctl_session *s)
{
    s->id = sqlite3_column_int64(st, 0);
    tprctl_db_text(st, 1, s->user, sizeof(s->user));
    tprctl_db_text(st, 2, s->routine, sizeof(s->routine));
    s->started_at = sqlite3_column_int64(st, 3);
    s->ended = sqlite3_column_type(st, 4) != SQLITE_NULL;
    s->ended_at = sqlite3_column_int64(st, 4);
    tprctl_db_text(st, 5, s->end_reason, sizeof(s->end_reason));
    s->rate_hz = sqlite3_column_int64(st, 6);
    s->trace_rate_hz = sqlite3_column_int64(st, 7);
    s->samples_dropped = sqlite3_column_int64(st, 8);
    s->trace_pruned = sqlite3_column_int(st, 9) != 0;
    s->events_dropped = sqlite3_column_int64(st, 10);
    s->reps_done = sqlite3_column_int64(st, 11);
    s->releases = sqlite3_column_int64(st, 12);
    tprctl_db_text(st, 13, s->muscles, sizeof(s->muscles));
    s->trace_gap_ticks = sqlite3_column_int64(st, 14);
    s->trace_gap_ms = sqlite3_column_int64(st, 15);
}

int tprctl_sessions_each(tprctl *t, const tprctl_session_filter *f,
                         int (*fn)(void *ctx, const tprctl_session *s), void *ctx)
{
    sqlite3_stmt *st = tprctl_db_prepare(t, SQL);
    if (!st)
        return TPRCTL_ERR;
    if (f->id)
        sqlite3_bind_int64(st, 1, f->id);
    tprctl_db_bind_text(st, 2, f->user);
    if (f->has_since)
        sqlite3_bind_int64(st, 3, f->since);
    if (f->has_until)
        sqlite3_bind_int64(st, 4, f->until);
    tprctl_db_bind_text(st, 5, f->muscle);
    int rc = SQLITE_DONE, status = TPRCTL_OK;
    while (status == TPRCTL_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        tprctl_session s;
        read_row(st, &s);
        status = fn(ctx, &s);
    }
    if (status == TPRCTL_OK && rc != SQLITE_DONE)
        status = tprctl_db_fail(t);
    sqlite3_finalize(st);
    return status;
}

static int copy(void *ctx, const tprctl_session *s)
{
    *(tprctl_session *)ctx = *s;
    return TPRCTL_OK;
}

int tprctl_session_get(tprctl *t, int64_t id, tprctl_session *s)
{
    s->id = 0;
    tprctl_session_filter f = {.id = id};
    int rc = tprctl_sessions_each(t, &f, copy, s);
    if (rc == TPRCTL_OK && s->id != id)
        return tprctl_fail("no session %lld in %s", (long long)id, t->db_path);
    return rc;
}

const char *tprctl_session_end(const tprctl_session *s)
{
    return s->end_reason[0] ? s->end_reason : "running";
}

int tprctl_session_open(tprctl *t, const char *id_text, tprctl_session *s)
{
    int64_t id;
    if (!tprctl_parse_id(id_text, &id))
        return tprctl_usage("'%s' is not a session id (see tprctl sessions)", id_text);
    int rc = tprctl_db_open(t);
    return rc != TPRCTL_OK ? rc : tprctl_session_get(t, id, s);
}

void tprctl_session_json(tprctl_json *j, const char *key, const tprctl_session *s)
{
    char when[48];
    tprctl_json_object(j, key);
    tprctl_json_int(j, "id", s->id);
    tprctl_json_str(j, "user", s->user);
    tprctl_json_str(j, "routine", s->routine);
    tprctl_json_str(j, "started_at", tprctl_format_time(when, sizeof(when), s->started_at, true));
    tprctl_json_int(j, "started_at_ms", s->started_at);
    if (s->ended) {
        tprctl_json_str(j, "ended_at", tprctl_format_time(when, sizeof(when), s->ended_at, true));
        tprctl_json_int(j, "ended_at_ms", s->ended_at);
        tprctl_json_real(j, "duration_s", (double)(s->ended_at - s->started_at) / 1000.0);
    } else {
        tprctl_json_null(j, "ended_at");
        tprctl_json_null(j, "ended_at_ms");
        tprctl_json_null(j, "duration_s");
    }
    tprctl_json_str(j, "end_reason", s->end_reason[0] ? s->end_reason : NULL);
    tprctl_json_array(j, "muscles");
    for (const char *m = s->muscles; *m;) {
        size_t n = strcspn(m, ",");
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)n, m);
        tprctl_json_str(j, NULL, name);
        m += n + (m[n] == ',');
    }
    tprctl_json_end(j);
    tprctl_json_int(j, "reps_done", s->reps_done);
    tprctl_json_int(j, "releases", s->releases);
    tprctl_json_int(j, "rate_hz", s->rate_hz);
    tprctl_json_int(j, "trace_rate_hz", s->trace_rate_hz);
    tprctl_json_int(j, "samples_dropped", s->samples_dropped);
    tprctl_json_int(j, "events_dropped", s->events_dropped);
    tprctl_json_int(j, "trace_gap_ticks", s->trace_gap_ticks);
    tprctl_json_int(j, "trace_gap_ms", s->trace_gap_ms);
    tprctl_json_bool(j, "trace_pruned", s->trace_pruned);
    tprctl_json_end(j);
}
