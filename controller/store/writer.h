/* The recorder's SQL: one session's rows (trace chunks, events, segments,
 * the session row itself) written through prepared statements, batched in
 * explicit transactions. */
#ifndef TPR_STORE_WRITER_H
#define TPR_STORE_WRITER_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"
#include "summary.h"
#include "trace_chunk.h"

/* Most points in one chunk row. */
#define TPR_WRITER_POINTS 1024

typedef struct tpr_writer {
    sqlite3 *db;
    int64_t session_id;
    bool in_tx;
    sqlite3_stmt *chunk, *event, *segment, *counts, *loop, *end;
    char error[256];    /* the last failure */
    char detached[256]; /* why db is NULL (tpr_writer_detach) */
    uint8_t blob[TPR_WRITER_POINTS * TPR_TRACE_POINT_BYTES];
} tpr_writer;

/* Insert the session row (user, routine, start, rates) and prepare the
 * statements. Returns 0, or -1 with err. */
int tpr_writer_open(tpr_writer *w, sqlite3 *db, int64_t user_id, const char *routine,
                    int64_t started_ms, uint32_t rate_hz, uint32_t trace_rate_hz, char *err,
                    size_t errlen);

/* Write session session_id's rows into db from now on: prepare the
 * statements. Returns 0, or -1 with err. */
int tpr_writer_attach(tpr_writer *w, sqlite3 *db, int64_t session_id, char *err, size_t errlen);

/* Free the statements and write nowhere: every write fails with why until
 * tpr_writer_attach, as a disk that refuses them. */
void tpr_writer_detach(tpr_writer *w, const char *why);

/* The writes below each join the open batch, or begin one. They return 0,
 * or -1 with error set and the whole open batch rolled back. */

/* Write n points (session time) as chunk rows of at most TPR_WRITER_POINTS. */
int tpr_writer_chunk(tpr_writer *w, const tpr_trace_point *p, size_t n);

/* Write one event row at t_ms; detail may be NULL. */
int tpr_writer_event(tpr_writer *w, int64_t t_ms, const char *type, const char *detail);

/* Write a finished (or cut short) segment; times relative to t0_us. */
int tpr_writer_segment(tpr_writer *w, const tpr_segment *g, const tpr_dose *d, int64_t t0_us);

/* Update the session row's counts of what was not recorded: samples the
 * ring dropped, ticks whose events were lost, and the trace gap (ticks and
 * the session time they cover) the disk refused. */
int tpr_writer_counts(tpr_writer *w, uint64_t dropped, uint64_t events_dropped, uint64_t gap_ticks,
                      int64_t gap_ms);

/* The session row's loop timing columns. */
int tpr_writer_loop(tpr_writer *w, const tpr_session_loop *t);

/* Close the session row: end time and how it ended. */
int tpr_writer_end(tpr_writer *w, int64_t ended_ms, const char *reason);

/* Commit the open batch (none open: no-op). Returns 0 or -1. */
int tpr_writer_commit(tpr_writer *w);

/* Roll back what is open and free the statements (the database stays open). */
void tpr_writer_close(tpr_writer *w);

#endif
