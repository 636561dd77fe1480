/* A session's rows on their way to the database, batch by batch: the trace
 * points of the open batch, the events and repetitions not yet written, and
 * what was lost when the disk refused a batch. Used by the recorder thread.
 * The repetitions are the segments of the session's one summary, which the
 * control loop keeps: the spool reads them, it does not compute its own.
 *
 * When a batch cannot be written (a full disk), its trace is dropped and
 * counted — the ticks and the time they cover, the session's gap — and the
 * small rows are tried again at once without it. What still cannot be
 * written stays here and goes with a later batch: the repetitions (all of
 * them, TPR_MAX_SEGMENTS) and up to TPR_SPOOL_EVENTS ticks with events;
 * beyond that an event tick is lost and counted. The session row carries
 * the counts from the first batch written after the failure. */
#ifndef TPR_SPOOL_H
#define TPR_SPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "ring.h"
#include "summary.h"
#include "writer.h"

/* Ticks with events kept while the database refuses them: far more than a
 * session has (a repetition brings about ten). */
#define TPR_SPOOL_EVENTS 4096

/* One tick's events, not yet written. */
typedef struct tpr_spool_event {
    int64_t t_ms; /* session time */
    uint32_t events;
    uint32_t rep;
    uint8_t muscle;
} tpr_spool_event;

/* What could not be written, and what the session row says so far. */
typedef struct tpr_spool_losses {
    uint64_t gap_ticks;    /* ticks whose trace was dropped */
    int64_t gap_us;        /* the session time they cover */
    uint64_t event_ticks;  /* ticks with events dropped: the spool was full */
    uint64_t ring_dropped; /* from the ring (ring.h) */
    uint64_t ring_events;  /* from the ring */
} tpr_spool_losses;

typedef struct tpr_spool {
    tpr_writer w;
    tpr_routine routine;
    uint32_t trace_every;
    int64_t tick_us;            /* loop period */
    bool started;               /* t0_us is known */
    int64_t t0_us;              /* loop time of the first tick: session time 0 */
    const tpr_summary *summary; /* the loop's; NULL: no segments */
    uint32_t segments_written;
    /* The open batch: ticks since the last commit, and their trace. */
    uint64_t batch_ticks;
    int64_t batch_first_us, batch_last_us; /* session time */
    bool batch_failed;                     /* a trace chunk of it was refused */
    uint32_t npoints;
    tpr_trace_point points[TPR_WRITER_POINTS];
    tpr_spool_event event[TPR_SPOOL_EVENTS];
    uint32_t nevents;
    tpr_spool_losses lost, stored; /* counted, and as the session row has them */
    bool has_loop;                 /* loop timing to write with the end */
    tpr_session_loop loop;
    bool failing;    /* the last batch was refused */
    char error[256]; /* why the last refused batch was refused */
} tpr_spool;

/* Start s on db: insert the session row (see tpr_writer_open). The routine
 * is copied; summary is read, its segments are written (NULL: none).
 * Returns 0, or -1 with err. */
int tpr_spool_open(tpr_spool *s, sqlite3 *db, const tpr_routine *routine,
                   const tpr_summary *summary, uint32_t rate_hz, uint32_t trace_every,
                   int64_t user_id, const char *routine_name, int64_t started_ms, char *err,
                   size_t errlen);

/* Account one tick: its events, its trace point (every trace_every-th tick
 * and every tick with events). */
void tpr_spool_tick(tpr_spool *s, const tpr_tick *t);

/* Write the open batch with the summary's first final_segments segments
 * (those it has moved past: final) and the ring's drop counts. Returns 0
 * when all of it was written; -1 when something was dropped or kept for later (error
 * says why, failing stays set until a batch goes through). */
int tpr_spool_commit(tpr_spool *s, uint32_t final_segments, uint64_t ring_dropped,
                     uint64_t ring_events);

/* The last batch: every segment of the summary, the one in progress too
 * (complete = 0 unless it reached done), everything kept, and the session's end. Returns 0, or -1
 * when the end could not be written (error says why). */
int tpr_spool_finish(tpr_spool *s, int64_t ended_ms, const char *reason, uint64_t ring_dropped,
                     uint64_t ring_events);

/* Free the statements (the database stays open). */
void tpr_spool_close(tpr_spool *s);

#endif
