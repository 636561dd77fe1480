#include "status.h"

#include <string.h>

#define WORDS (sizeof(((tpr_status *)0)->words) / sizeof(uint64_t))

void tpr_status_init(tpr_status *s)
{
    atomic_init(&s->seq, 0);
    for (size_t i = 0; i < WORDS; i++)
        atomic_init(&s->words[i], 0);
    atomic_init(&s->events, 0);
}

void tpr_status_publish(tpr_status *s, const tpr_status_view *v)
{
    uint64_t buf[WORDS] = {0};
    memcpy(buf, v, sizeof(*v));
    unsigned seq = atomic_load_explicit(&s->seq, memory_order_relaxed);
    atomic_store_explicit(&s->seq, seq + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    for (size_t i = 0; i < WORDS; i++)
        atomic_store_explicit(&s->words[i], buf[i], memory_order_relaxed);
    atomic_store_explicit(&s->seq, seq + 2, memory_order_release);
    if (v->out.events)
        atomic_fetch_or_explicit(&s->events, v->out.events, memory_order_relaxed);
}

void tpr_status_read(tpr_status *s, tpr_status_view *v)
{
    uint64_t buf[WORDS];
    unsigned before, after;
    do {
        before = atomic_load_explicit(&s->seq, memory_order_acquire);
        for (size_t i = 0; i < WORDS; i++)
            buf[i] = atomic_load_explicit(&s->words[i], memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        after = atomic_load_explicit(&s->seq, memory_order_relaxed);
    } while ((before & 1u) || before != after);
    memcpy(v, buf, sizeof(*v));
}

uint32_t tpr_status_take_events(tpr_status *s)
{
    return atomic_exchange_explicit(&s->events, 0, memory_order_relaxed);
}
