/* The session recorder: the control loop pushes every tick into a bounded
 * single-producer/single-consumer ring; a thread of its own drains it into
 * the session database in batched transactions. tpr_recorder_push() never
 * waits, allocates or touches the disk: when the ring is full the sample is
 * dropped and counted. Ticks with events have slots of their own (ring.h);
 * one is lost only when even those are full, and that is counted apart. */
#ifndef TPR_RECORDER_H
#define TPR_RECORDER_H

#include <stddef.h>
#include <stdint.h>

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

typedef struct tpr_session_info {
    const char *user;
    const char *routine_name;
    const tpr_routine *routine; /* doses, for the per-muscle segments */
    uint32_t rate_hz;           /* control loop rate */
    uint32_t trace_every;       /* keep every Nth sample in the trace (1: all) */
    uint32_t keep_days;         /* retention: drop traces older than this (0: forever) */
    uint32_t keep_mb;           /* retention: cap on all traces, 10^6 bytes (0: none) */
    uint32_t ring_ticks;        /* ring capacity, a power of two (0: TPR_RECORDER_RING) */
} tpr_session_info;

/* Default ring capacity: 32 s of ticks at 1 kHz, room for a slow SD card. */
#define TPR_RECORDER_RING 32768

typedef struct tpr_recorder tpr_recorder;

/* Open (or create, or migrate) the database at path, mark sessions left
 * unfinished by an earlier run as interrupted, prune old traces as the
 * retention asks, insert the session row and start the recorder thread.
 * Returns NULL with a message in err. */
tpr_recorder *tpr_recorder_start(const char *path, const tpr_session_info *info, char *err,
                                 size_t errlen);

/* Hand one tick to the recorder (control loop thread only). */
void tpr_recorder_push(tpr_recorder *r, int64_t now_us, const tpr_sample *s, const tpr_output *o);

/* Samples dropped so far because the ring was full. */
uint64_t tpr_recorder_dropped(const tpr_recorder *r);

/* Ticks carrying events lost so far because even the event slots were full. */
uint64_t tpr_recorder_events_lost(const tpr_recorder *r);

/* The id of the session row being recorded. */
int64_t tpr_recorder_session_id(const tpr_recorder *r);

/* Drain the ring, write the segments, finalise the session row with how it
 * ended, stop the thread, close the database and free r. Returns 0, or -1
 * with err (the session data committed so far stays). */
int tpr_recorder_finish(tpr_recorder *r, tpr_session_end how, char *err, size_t errlen);

#endif
