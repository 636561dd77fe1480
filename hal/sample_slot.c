#include "sample_slot.h"

/* A writer is a few stores from done: after this many tries the reader
 * goes on with what it had (its staleness check covers a writer that
 * never finishes). */
#define READ_TRIES 8

void tpr_sample_slot_init(tpr_sample_slot *s)
{
    atomic_init(&s->seq, 0);
    atomic_init(&s->value, 0.0);
    atomic_init(&s->t_us, 0);
    atomic_init(&s->error, 0);
}

void tpr_sample_slot_publish(tpr_sample_slot *s, double value, int64_t t_us, int error)
{
    uint64_t q = atomic_load_explicit(&s->seq, memory_order_relaxed);
    atomic_store_explicit(&s->seq, q + 1, memory_order_relaxed);
    /* The odd sequence is visible before any field changes. */
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&s->value, value, memory_order_relaxed);
    atomic_store_explicit(&s->t_us, t_us, memory_order_relaxed);
    atomic_store_explicit(&s->error, error, memory_order_relaxed);
    atomic_store_explicit(&s->seq, q + 2, memory_order_release);
}

bool tpr_sample_slot_read(const tpr_sample_slot *s, tpr_slot_copy *out)
{
    for (int tries = 0; tries < READ_TRIES; tries++) {
        uint64_t q1 = atomic_load_explicit(&s->seq, memory_order_acquire);
        if (q1 & 1)
            continue;
        tpr_slot_copy c = {
            .n = q1 / 2,
            .value = atomic_load_explicit(&s->value, memory_order_relaxed),
            .t_us = atomic_load_explicit(&s->t_us, memory_order_relaxed),
            .error = atomic_load_explicit(&s->error, memory_order_relaxed),
        };
        /* The fields are read before the sequence is read again. */
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&s->seq, memory_order_relaxed) != q1)
            continue;
        *out = c;
        return true;
    }
    return false;
}

uint64_t tpr_sample_slot_count(const tpr_sample_slot *s)
{
    return atomic_load_explicit(&s->seq, memory_order_acquire) / 2;
}
