#include "ring.h"

#include <errno.h>
#include <stdlib.h>

int tpr_ring_init(tpr_ring *r, uint32_t capacity)
{
    if (capacity <= TPR_RING_EVENT_SLOTS || (capacity & (capacity - 1))) {
        errno = EINVAL;
        return -1;
    }
    r->slot = malloc(capacity * sizeof(*r->slot));
    if (!r->slot)
        return -1;
    /* Touch every page now, so the loop never takes a page fault here. */
    for (uint32_t i = 0; i < capacity; i++)
        r->slot[i] = (tpr_tick){.seq = UINT64_MAX};
    r->mask = capacity - 1;
    r->seq = 0;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    atomic_init(&r->dropped, 0);
    atomic_init(&r->events_lost, 0);
    return 0;
}

void tpr_ring_free(tpr_ring *r)
{
    free(r->slot);
    r->slot = NULL;
}

/* A counter only the producer writes: a plain load and store are enough. */
static void count(_Atomic uint64_t *c)
{
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

int tpr_ring_push(tpr_ring *r, tpr_tick *t)
{
    t->seq = r->seq++;
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    /* Acquire: the consumer has finished reading the slots it released. */
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    uint64_t used = head - tail;
    uint64_t room = (uint64_t)r->mask + 1 - (t->events ? 0 : TPR_RING_EVENT_SLOTS);
    if (used >= room) {
        count(t->events ? &r->events_lost : &r->dropped);
        return 0;
    }
    r->slot[head & r->mask] = *t;
    /* Release: the slot's contents are visible before the new head. */
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return 1;
}

uint32_t tpr_ring_pop(tpr_ring *r, tpr_tick *out, uint32_t max)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    uint64_t n = head - tail;
    if (n > max)
        n = max;
    for (uint64_t i = 0; i < n; i++)
        out[i] = r->slot[(tail + i) & r->mask];
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    return (uint32_t)n;
}

uint64_t tpr_ring_backlog(const tpr_ring *r)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    return atomic_load_explicit(&r->head, memory_order_acquire) - tail;
}

uint64_t tpr_ring_dropped(const tpr_ring *r)
{
    return atomic_load_explicit(&r->dropped, memory_order_relaxed);
}

uint64_t tpr_ring_events_lost(const tpr_ring *r)
{
    return atomic_load_explicit(&r->events_lost, memory_order_relaxed);
}
