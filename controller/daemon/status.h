/* The control loop's latest state, published for the display without locks:
 * the loop (one writer) bumps a sequence counter around each update and a
 * reader retries until it sees an even, unchanged counter (a seqlock). */
#ifndef TPR_STATUS_H
#define TPR_STATUS_H

#include <stdatomic.h>
#include <stdint.h>

#include "mode_ppt.h"
#include "tpr_types.h"

/* What the daemon is doing. */
typedef enum tpr_daemon_state {
    TPR_DAEMON_IDLE,    /* no session: motor off, sensor watched */
    TPR_DAEMON_RUNNING, /* a session is under way */
    TPR_DAEMON_PAUSED,  /* a session is paused: motor off */
} tpr_daemon_state;

typedef struct tpr_status_view {
    int64_t now_us;
    float raw_kpa;
    tpr_output out;
    uint64_t ticks;
    uint64_t overruns;
    bool waiting_lift; /* tpr_loop.wait_lift: the tip has not been lifted yet */
    tpr_daemon_state daemon;
    bool measuring;     /* the session measures a threshold: ppt is its measurement so far */
    tpr_ppt_result ppt; /* zero unless measuring */
} tpr_status_view;

typedef struct tpr_status {
    atomic_uint seq;
    /* Stored as relaxed atomic words so a concurrent read is not a data race. */
    _Atomic uint64_t words[(sizeof(tpr_status_view) + 7) / 8];
    atomic_uint events; /* every event since the reader last took them */
} tpr_status;

void tpr_status_init(tpr_status *s);

/* Loop side: publish v and add its events to the pending set. Never blocks. */
void tpr_status_publish(tpr_status *s, const tpr_status_view *v);

/* Reader side: copy the latest consistent view. */
void tpr_status_read(tpr_status *s, tpr_status_view *v);

/* Reader side: take (and clear) the events raised since the last call. */
uint32_t tpr_status_take_events(tpr_status *s);

#endif
