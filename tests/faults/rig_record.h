/* The rig's check of a session record: the session's rows as the store
 * has them against what the rig saw the loop do, and the database's
 * integrity. */
#ifndef TPR_FAULTS_RIG_RECORD_H
#define TPR_FAULTS_RIG_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the rig saw of one session. */
typedef struct rig_seen {
    int64_t id;
    const char *end; /* the end reason wanted */
    uint64_t events; /* event bits the loop published in it */
    uint64_t ticks;  /* ticks the loop handed to the recorder */
    bool full_trace; /* every tick is a trace point: the ticks add up */
    bool may_lose;   /* a store fault: trace and samples lost, and counted */
    int64_t period_us;
} rig_seen;

/* What the session row says was not recorded. */
typedef struct rig_lost {
    uint64_t gap_ticks;    /* trace the disk refused */
    uint64_t ring_dropped; /* samples the full ring dropped */
} rig_lost;

/* Whether the session's record in the database at path is intact: the end
 * reason wanted, every event, its repetitions and trace, and nothing lost
 * (or, may_lose, what was lost counted exactly: with full_trace the trace
 * points, the gap and the ring's drops add up to the ticks, and the gap's
 * time to its ticks). lost gets the row's counts; why what is wrong. */
bool rig_record_intact(const char *path, const rig_seen *s, rig_lost *lost, char *why, size_t len);

/* integrity_check of the database at path; true when "ok". */
bool rig_record_db_ok(const char *path);

#endif
