/* The fault-injection rig: the daemon's real control loop (loop.c) on a
 * virtual clock, over a device whose parts are wrapped by fault-injecting
 * decorators, with real sessions recorded by the real recorder into a
 * temporary database. The clock's wait is the rig's hook between two
 * ticks: it checks what the tick did (the motor as the decorator saw it,
 * the events the loop published), injects the next fault, starts and ends
 * sessions, and lets the recorder keep up, so that a session of minutes
 * runs in well under a second and every tick is checked.
 *
 * A fault is injected at a random moment of a running session (the motor
 * on), fixed seed; the rig then asserts the motor command 0 by the tick the
 * fault is due to be seen (its rule: at once, after stuck_ms, ...), the
 * event of it in that tick, and after the sessions each record intact. */
#ifndef TPR_FAULTS_RIG_H
#define TPR_FAULTS_RIG_H

#include <stdbool.h>
#include <stdint.h>

#include "hal.h"
#include "loop.h"
#include "profile.h"
#include "recording.h"
#include "status.h"
#include "system_config.h"

typedef enum rig_fault {
    RIG_READ_ERROR, /* pressure: the read fails */
    RIG_NAN,        /* pressure: no value */
    RIG_RANGE,      /* pressure: a value no working sensor gives */
    RIG_STUCK,      /* pressure: the same value, new time stamps */
    RIG_STALE,      /* pressure: no new sample */
    RIG_SPIKE,      /* pressure: over the muscle's limit for a few ticks */
    RIG_MOTOR_SET,  /* motor: a write fails */
    RIG_OVERRUN,    /* loop: a burst of missed periods */
    RIG_CLOCK_JUMP, /* loop: the clock steps ahead of the timer */
    RIG_FAULT_COUNT
} rig_fault;

/* What the rig measured for one kind of fault. */
typedef struct rig_row {
    const char *name;
    const char *through; /* which code the fault went through */
    const char *due;     /* when the rule says it is seen */
    unsigned injections;
    unsigned safe_in_time; /* motor 0 by the tick the fault was due to be seen */
    unsigned event_seen;   /* its event in that tick */
    int64_t worst_ticks;   /* from the first faulty tick to motor 0 */
    int64_t worst_us;
    unsigned sessions, sessions_intact;
    /* with a hazard (rig_set_hazard) */
    uint64_t hazard_ticks;        /* ticks the loop ran from the hazard's hit to its clearing */
    uint64_t lost_gap, lost_ring; /* trace the session rows count as refused, dropped */
} rig_row;

/* A motor under test: the real part and how the rig reads it back. */
typedef struct rig_motor {
    tpr_motor part;
    /* The rig makes the next set() fail with -EIO (the wrapper does it
     * when NULL; a backend rig arranges it in its own code). */
    void (*fail_next_set)(void *ctx);
    void (*repaired)(void *ctx); /* the fault is gone (before tprd starts again) */
    /* The motor is physically off (NULL: the last command was 0). */
    bool (*is_off)(void *ctx);
    void *ctx;
} rig_motor;

typedef struct rig rig;

/* A fault outside the device, which the safety rules cannot see: the
 * store's disk refusing or holding its writes, a control-socket client
 * misbehaving. The rig arms it at a random moment of a session and runs
 * on until the fault has reached its target (the recorder thread, which
 * runs in real time: the virtual clock waits for it; the socket server,
 * in the rig's thread); then (once the recorder's ring is full, for a
 * fault that fills it) an over-limit spike comes while the fault holds,
 * the loop must cut the motor in that tick as ever, and the fault is
 * cleared once the spike is over. */
typedef struct rig_hazard {
    void (*arm)(void *ctx);
    bool (*hit)(void *ctx); /* it has reached its target since armed */
    void (*clear)(void *ctx);
    /* Between two ticks, as the daemon's main thread would (NULL: none):
     * the tick's status, the virtual time. */
    void (*between)(void *ctx, const tpr_status_view *v, int64_t now_us);
    bool real_time; /* its target is the recorder thread */
    /* It holds the recorder thread up: the rig does not let the ring drain
     * while it is armed, and spikes once the ring is full. */
    bool fills_ring;
    bool costs_record; /* trace and samples may be lost (and must be counted) */
    void *ctx;
} rig_hazard;

/* The command line: [INJECTIONS_PER_FAULT [SEED]], 100 and 1 by default.
 * Under memcheck (TPRD_TEST_SLOWDOWN above 1) 10 per fault: the same code
 * paths, at a twentieth of the speed. */
void rig_args(int argc, char **argv, unsigned *n, uint64_t *seed);

/* A rig with its own temporary data directory; motor NULL: the simulated
 * one. seed fixes the hand and the moments. */
rig *rig_new(uint64_t seed, const rig_motor *motor);

/* Put the spikes of rig_run (RIG_SPIKE) inside hazard h, with the recorder
 * at pace and the trace at the loop's rate, so that every tick of a
 * session is accounted for in its record: a trace point, or (when h costs
 * the record) counted lost. */
void rig_set_hazard(rig *r, const rig_hazard *h, const tpr_recording_pace *pace);

/* Run sessions until n faults of kind f were injected (sessions of about
 * per_session injections each, then each one is left to complete), and
 * fill row. Failures are counted in row and printed. */
void rig_run(rig *r, rig_fault f, unsigned n, unsigned per_session, rig_row *row);

/* The running session's recording (NULL between sessions), for a hazard
 * that watches the recorder. */
const tpr_recording *rig_recording(const rig *r);

/* The rig's data directory, where its sessions.db is. */
const char *rig_dir(const rig *r);

/* integrity_check of the database; true when "ok". */
bool rig_db_ok(rig *r);

/* Remove the rig and its directory. */
void rig_free(rig *r);

/* Print rows as the README's table. */
void rig_print(const rig_row *rows, int n);

/* Whether every row shows every injection safe, seen and its sessions intact. */
bool rig_all_good(const rig_row *rows, int n);

#endif
