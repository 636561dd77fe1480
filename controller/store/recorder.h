/* The session recorder: the control loop pushes every tick into a bounded
 * single-producer/single-consumer ring; a thread of its own drains it into
 * the session database in one transaction every 2 s (batch_ms). tpr_recorder_push() never
 * waits, allocates or touches the disk: when the ring is full the sample is
 * dropped and counted. Ticks with events have slots of their own (ring.h);
 * one is lost only when even those are full, and that is counted apart.
 * When the disk refuses a batch, spool.h says what is kept and counted. */
#ifndef TPR_RECORDER_H
#define TPR_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "summary.h"
#include "tpr_types.h"

/* How a session ended, as stored in sessions.end_reason. */
typedef enum tpr_session_end {
    TPR_END_COMPLETED,   /* the routine ran to its end */
    TPR_END_STOPPED,     /* the person stopped it */
    TPR_END_FAULT,       /* a fault ended it */
    TPR_END_TERMINATED,  /* SIGTERM / SIGINT */
    TPR_END_INTERRUPTED, /* found unfinished on the next start (crash, power cut) */
} tpr_session_end;

/* Name stored in the database ("completed", ...). */
const char *tpr_session_end_name(tpr_session_end e);

/* A line for the log, from the recorder thread: the disk refused a batch
 * (with the reason), or takes the session's rows again. */
typedef void tpr_recorder_report(void *ctx, const char *line);

typedef struct tpr_session_info {
    const char *user;
    const char *routine_name;
    const tpr_routine *routine; /* doses, for the per-muscle segments */
    /* The session's one per-muscle summary, which the control loop keeps
     * (stepped before each push): its segments are the ones stored, as
     * the display and the socket show them. NULL: no segments stored. */
    const tpr_summary *summary;
    uint32_t rate_hz;            /* control loop rate */
    uint32_t trace_every;        /* keep every Nth sample in the trace (1: all) */
    uint32_t keep_days;          /* retention: drop traces older than this (0: forever) */
    uint32_t keep_mb;            /* retention: cap on all traces, 10^6 bytes (0: none) */
    uint32_t ring_ticks;         /* ring capacity, a power of two (0: TPR_RECORDER_RING) */
    uint32_t batch_ms;           /* one transaction this often (0: TPR_RECORDER_BATCH_MS) */
    tpr_recorder_report *report; /* NULL: nothing said */
    void *report_ctx;
} tpr_session_info;

/* The trace rate when none is set: enough for a hand on a muscle, a tenth
 * of a 1 kHz loop's trace. Ticks with events are kept whatever the rate. */
#define TPR_RECORDER_TRACE_HZ 100

/* The default trace rate of a loop at rate_hz: the lowest rate of at least
 * TPR_RECORDER_TRACE_HZ that divides it (100 Hz at 1 kHz, 125 Hz at 250 Hz). */
uint32_t tpr_recorder_trace_rate(uint32_t rate_hz);

/* Default ring capacity: 32 s of ticks at 1 kHz, room for a slow SD card. */
#define TPR_RECORDER_RING 32768

/* Default batch period: one transaction (and one fsync) every 2 s of real
 * time, what a power cut can lose against what the SD card pays in syncs
 * and rewritten pages (each commit rewrites a few 4 KB pages, however
 * little it adds). The fault tests commit every few ms. */
#define TPR_RECORDER_BATCH_MS 2000

typedef struct tpr_recorder tpr_recorder;

/* The control loop's timing over one session, µs (the loop_* columns). */
typedef struct tpr_session_loop {
    uint64_t overruns;                                                   /* periods missed */
    int64_t lat_min_us, lat_p50_us, lat_p99_us, lat_p999_us, lat_max_us; /* wake-up latency */
    int64_t run_p99_us, run_max_us; /* the ticks' own run time */
} tpr_session_loop;

/* Open (or create, or migrate) the database at path, mark sessions left
 * unfinished by an earlier run as interrupted, prune old traces as the
 * retention asks, insert the session row and start the recorder thread.
 * Returns NULL with a message in err. */
tpr_recorder *tpr_recorder_start(const char *path, const tpr_session_info *info, char *err,
                                 size_t errlen);

/* Hand one tick to the recorder (control loop thread only, after the
 * summary was stepped for it). The segments the summary has moved past are
 * final: the recorder thread writes them with its next batch, so that a
 * crash keeps them. */
void tpr_recorder_push(tpr_recorder *r, int64_t now_us, const tpr_sample *s, const tpr_output *o);

/* Ticks pushed that the recorder thread has not taken yet (the fault
 * tests, whose virtual clock outruns real time, wait for it to drain). */
uint64_t tpr_recorder_backlog(const tpr_recorder *r);

/* Samples dropped so far because the ring was full. */
uint64_t tpr_recorder_dropped(const tpr_recorder *r);

/* Ticks carrying events lost so far because even the event slots were full. */
uint64_t tpr_recorder_events_lost(const tpr_recorder *r);

/* Database files the session has left so far because the path named
 * another file, or none, at a batch's end, and how many times it was
 * carried over to the database the path names then (its id changes):
 * fewer while that one does not take it. */
void tpr_recorder_moves(const tpr_recorder *r, uint32_t *left, uint32_t *carried);

/* The id of the session row being recorded. */
int64_t tpr_recorder_session_id(const tpr_recorder *r);

/* Keep the loop's timing for the session row written by tpr_recorder_finish
 * (main thread; without a call the columns stay NULL). */
void tpr_recorder_loop_timing(tpr_recorder *r, const tpr_session_loop *t);

/* Drain the ring, write the segments (the summary's last one too, complete
 * or cut short; the summary must be the caller's by now), finalise the
 * session row with how it ended, stop the thread, close the database and free r. Returns 0, or -1
 * with err when the record is incomplete: the disk refused part of the
 * trace (the session row has the gap) or even the end row (the next start
 * marks the session interrupted). What was committed stays. */
int tpr_recorder_finish(tpr_recorder *r, tpr_session_end how, char *err, size_t errlen);

#endif
