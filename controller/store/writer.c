#include "writer.h"

#include <stdio.h>
#include <string.h>

#include "db_setup.h"

/* A failed write takes its whole batch with it: a batch is all or nothing. */
static int fail(tpr_writer *w, const char *what)
{
    snprintf(w->error, sizeof(w->error), "%s: %s", what, sqlite3_errmsg(w->db));
    if (w->in_tx)
        sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    w->in_tx = false;
    return -1;
}

/* Every write joins the batch open since the last commit. */
static int begin(tpr_writer *w)
{
    if (w->in_tx)
        return 0;
    if (!w->db) {
        snprintf(w->error, sizeof(w->error), "%s", w->detached);
        return -1;
    }
    if (sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail(w, "begin batch");
    w->in_tx = true;
    return 0;
}

static int run(tpr_writer *w, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : fail(w, what);
}

int tpr_writer_open(tpr_writer *w, sqlite3 *db, int64_t user_id, const char *routine,
                    int64_t started_ms, uint32_t rate_hz, uint32_t trace_rate_hz, char *err,
                    size_t errlen)
{
    memset(w, 0, sizeof(*w)); /* a failure before the attach leaves nothing to free */
    sqlite3_stmt *add = tpr_db_prepare(db,
                                       "INSERT INTO sessions(user_id, routine, started_at,"
                                       " rate_hz, trace_rate_hz) VALUES (?, ?, ?, ?, ?)",
                                       "new session", err, errlen);
    if (!add)
        return -1;
    sqlite3_bind_int64(add, 1, user_id);
    sqlite3_bind_text(add, 2, routine, -1, SQLITE_STATIC);
    sqlite3_bind_int64(add, 3, started_ms);
    sqlite3_bind_int64(add, 4, rate_hz);
    sqlite3_bind_int64(add, 5, trace_rate_hz);
    int rc = sqlite3_step(add);
    sqlite3_finalize(add);
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "new session: %s", sqlite3_errmsg(db));
        return -1;
    }
    return tpr_writer_attach(w, db, sqlite3_last_insert_rowid(db), err, errlen);
}

int tpr_writer_attach(tpr_writer *w, sqlite3 *db, int64_t session_id, char *err, size_t errlen)
{
    memset(w, 0, sizeof(*w));
    w->db = db;
    w->session_id = session_id;
    w->chunk = tpr_db_prepare(db,
                              "INSERT INTO trace_chunks(session_id, t0_us, points, data)"
                              " VALUES (?, ?, ?, ?)",
                              "trace", err, errlen);
    w->event = tpr_db_prepare(db,
                              "INSERT INTO events(session_id, t_ms, type, detail)"
                              " VALUES (?, ?, ?, ?)",
                              "events", err, errlen);
    w->segment = tpr_db_prepare(
        db,
        "INSERT INTO segments(session_id, muscle, rep, start_ms, end_ms, in_band_ms, over_ms,"
        " hold_target_ms, band_min_kpa, band_max_kpa, limit_kpa, peak_kpa, mean_kpa,"
        " mean_intensity_pct, released, release_ms, done_reason, complete)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "segments", err, errlen);
    w->counts = tpr_db_prepare(db,
                               "UPDATE sessions SET samples_dropped = ?, events_dropped = ?,"
                               " trace_gap_ticks = ?, trace_gap_ms = ? WHERE id = ?",
                               "session counts", err, errlen);
    w->loop = tpr_db_prepare(db,
                             "UPDATE sessions SET loop_overruns = ?, loop_lat_min_us = ?,"
                             " loop_lat_p50_us = ?, loop_lat_p99_us = ?, loop_lat_p999_us = ?,"
                             " loop_lat_max_us = ?, loop_run_p99_us = ?, loop_run_max_us = ?"
                             " WHERE id = ?",
                             "session loop timing", err, errlen);
    w->end = tpr_db_prepare(db, "UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ?",
                            "session end", err, errlen);
    if (w->chunk && w->event && w->segment && w->counts && w->loop && w->end)
        return 0;
    tpr_writer_close(w);
    return -1;
}

int tpr_writer_chunk(tpr_writer *w, const tpr_trace_point *p, size_t n)
{
    for (size_t done = 0; done < n;) {
        size_t k = n - done < TPR_WRITER_POINTS ? n - done : TPR_WRITER_POINTS;
        int64_t t0 = p[done].t_us;
        size_t len = tpr_trace_encode(p + done, k, t0, w->blob);
        if (begin(w))
            return -1;
        sqlite3_bind_int64(w->chunk, 1, w->session_id);
        sqlite3_bind_int64(w->chunk, 2, t0);
        sqlite3_bind_int64(w->chunk, 3, (int64_t)k);
        sqlite3_bind_blob(w->chunk, 4, w->blob, (int)len, SQLITE_STATIC);
        if (run(w, w->chunk, "trace"))
            return -1;
        done += k;
    }
    return 0;
}

int tpr_writer_event(tpr_writer *w, int64_t t_ms, const char *type, const char *detail)
{
    if (begin(w))
        return -1;
    sqlite3_bind_int64(w->event, 1, w->session_id);
    sqlite3_bind_int64(w->event, 2, t_ms);
    sqlite3_bind_text(w->event, 3, type, -1, SQLITE_STATIC);
    if (detail)
        sqlite3_bind_text(w->event, 4, detail, -1, SQLITE_TRANSIENT);
    return run(w, w->event, "events");
}

/* Averages only exist when the tip touched the muscle. */
static void bind_mean(sqlite3_stmt *st, int i, const tpr_segment *g, float v)
{
    if (g->contact_ticks)
        sqlite3_bind_double(st, i, v);
}

int tpr_writer_segment(tpr_writer *w, const tpr_segment *g, const tpr_dose *d, int64_t t0_us)
{
    if (begin(w))
        return -1;
    sqlite3_stmt *st = w->segment;
    sqlite3_bind_int64(st, 1, w->session_id);
    sqlite3_bind_text(st, 2, d->muscle, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, g->rep);
    sqlite3_bind_int64(st, 4, (g->start_us - t0_us) / 1000);
    sqlite3_bind_int64(st, 5, (g->end_us - t0_us) / 1000);
    sqlite3_bind_int64(st, 6, g->in_band_ms);
    sqlite3_bind_int64(st, 7, g->over_ms);
    sqlite3_bind_int64(st, 8, g->hold_target_ms);
    sqlite3_bind_double(st, 9, d->band_min_kpa);
    sqlite3_bind_double(st, 10, d->band_max_kpa);
    sqlite3_bind_double(st, 11, d->limit_kpa);
    bind_mean(st, 12, g, g->peak_kpa);
    bind_mean(st, 13, g, g->mean_kpa);
    bind_mean(st, 14, g, g->mean_intensity_pct);
    sqlite3_bind_int(st, 15, g->released);
    if (g->released)
        sqlite3_bind_int64(st, 16, g->release_ms);
    sqlite3_bind_text(st, 17, g->reason ? tpr_done_reason_name(g->reason) : "none", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(st, 18, g->complete);
    return run(w, st, "segments");
}

int tpr_writer_counts(tpr_writer *w, uint64_t dropped, uint64_t events_dropped, uint64_t gap_ticks,
                      int64_t gap_ms)
{
    if (begin(w))
        return -1;
    sqlite3_bind_int64(w->counts, 1, (int64_t)dropped);
    sqlite3_bind_int64(w->counts, 2, (int64_t)events_dropped);
    sqlite3_bind_int64(w->counts, 3, (int64_t)gap_ticks);
    sqlite3_bind_int64(w->counts, 4, gap_ms);
    sqlite3_bind_int64(w->counts, 5, w->session_id);
    return run(w, w->counts, "session counts");
}

int tpr_writer_loop(tpr_writer *w, const tpr_session_loop *t)
{
    if (begin(w))
        return -1;
    const int64_t v[] = {(int64_t)t->overruns, t->lat_min_us, t->lat_p50_us, t->lat_p99_us,
                         t->lat_p999_us,       t->lat_max_us, t->run_p99_us, t->run_max_us};
    int n = (int)(sizeof(v) / sizeof(v[0]));
    for (int i = 0; i < n; i++)
        sqlite3_bind_int64(w->loop, i + 1, v[i]);
    sqlite3_bind_int64(w->loop, n + 1, w->session_id);
    return run(w, w->loop, "session loop timing");
}

int tpr_writer_end(tpr_writer *w, int64_t ended_ms, const char *reason)
{
    if (begin(w))
        return -1;
    sqlite3_bind_int64(w->end, 1, ended_ms);
    sqlite3_bind_text(w->end, 2, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(w->end, 3, w->session_id);
    return run(w, w->end, "session end");
}

int tpr_writer_commit(tpr_writer *w)
{
    if (!w->in_tx)
        return 0;
    if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
        w->in_tx = false;
        return 0;
    }
    return fail(w, "commit");
}

void tpr_writer_close(tpr_writer *w)
{
    if (w->in_tx)
        sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
    w->in_tx = false;
    sqlite3_finalize(w->chunk);
    sqlite3_finalize(w->event);
    sqlite3_finalize(w->segment);
    sqlite3_finalize(w->counts);
    sqlite3_finalize(w->loop);
    sqlite3_finalize(w->end);
    w->chunk = w->event = w->segment = w->counts = w->loop = w->end = NULL;
}

void tpr_writer_detach(tpr_writer *w, const char *why)
{
    tpr_writer_close(w);
    w->db = NULL;
    snprintf(w->detached, sizeof(w->detached), "%s", why);
}
