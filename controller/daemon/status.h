/* The control loop's latest state, published for the display without locks:
 * the loop (one writer) bumps a sequence counter around each update and a
 * reader retries until it sees an even, unchanged counter (a seqlock). */
#ifndef TPR_STATUS_H
#define TPR_STATUS_H

#include <stdatomic.h>
#include <stdint.h>

#include "tpr_types.h"

typedef struct tpr_status_view {
    int64_t now_us;
    float raw_kpa;
    tpr_output out;
    uint64_t ticks;
    uint64_t overruns;
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
