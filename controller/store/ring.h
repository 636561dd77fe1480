/* The bounded single-producer/single-consumer ring between the control loop
 * and the recorder thread. Its storage is allocated once, before the loop
 * starts; tpr_ring_push() is wait-free and never allocates.
 *
 * When the ring is full, a tick without events is dropped and counted. The
 * last TPR_RING_EVENT_SLOTS slots are kept for ticks that carry events, so a
 * backlog of plain samples cannot push out an event; only when even those
 * are taken is an event tick lost, and that is counted apart. */
#ifndef TPR_RING_H
#define TPR_RING_H

#include <stdatomic.h>
#include <stdint.h>

#include "tpr_types.h"

/* Slots at the end of the ring that only ticks with events may use. */
#define TPR_RING_EVENT_SLOTS 64

/* One control tick as the recorder needs it: the raw sample and the output
 * fields that the trace, the events and the segments use. */
typedef struct tpr_tick {
    int64_t t_us; /* loop time of the tick */
    uint64_t seq; /* ticks pushed before this one, dropped ones included */
    float kpa;    /* raw pressure */
    float filtered_kpa;
    float intensity_pct;
    uint32_t events;
    uint32_t hold_ms;
    uint32_t rep;
    uint8_t muscle;
    uint8_t state;
    uint8_t reason;
    uint8_t ok; /* the read succeeded */
} tpr_tick;

typedef struct tpr_ring {
    tpr_tick *slot;
    uint32_t mask; /* capacity - 1 */
    uint64_t seq;  /* producer only: next tick's sequence number */
    /* Each index is written by one side only and read by the other; they sit
     * on their own cache lines so the two threads do not fight over one. */
    _Alignas(64) _Atomic uint64_t head; /* next slot to write (producer) */
    _Atomic uint64_t dropped;           /* ticks without events, not stored */
    _Atomic uint64_t events_lost;       /* ticks with events, not stored */
    _Alignas(64) _Atomic uint64_t tail; /* next slot to read (consumer) */
} tpr_ring;

/* Allocate a ring of capacity ticks (a power of two, more than
 * TPR_RING_EVENT_SLOTS). Returns 0, or -1 with errno (EINVAL, ENOMEM). */
int tpr_ring_init(tpr_ring *r, uint32_t capacity);

/* Free the storage. */
void tpr_ring_free(tpr_ring *r);

/* Producer: store tick t (its seq is filled in here). Returns 1 when stored,
 * 0 when dropped and counted. */
int tpr_ring_push(tpr_ring *r, tpr_tick *t);

/* Consumer: copy up to max ticks, oldest first, into out. Returns how many. */
uint32_t tpr_ring_pop(tpr_ring *r, tpr_tick *out, uint32_t max);

/* Either side: ticks stored and not yet taken by the consumer. */
uint64_t tpr_ring_backlog(const tpr_ring *r);

/* Either side: ticks without events dropped so far. */
uint64_t tpr_ring_dropped(const tpr_ring *r);

/* Either side: ticks with events lost so far. */
uint64_t tpr_ring_events_lost(const tpr_ring *r);

#endif
