/* The recorder's ring: ticks come out in order, a full ring drops plain
 * samples and counts them but keeps event ticks in the reserved slots, the
 * indices wrap, and under a real producer and consumer running at once
 * every tick arrives exactly once, in order, or is counted as dropped. */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ring.h"

#define CAP 256

static tpr_tick tick(int64_t t, uint32_t events)
{
    return (tpr_tick){.t_us = t, .kpa = (float)t * 0.5f, .events = events};
}

static void test_bad_capacity(void **state)
{
    (void)state;
    tpr_ring r;
    assert_int_equal(tpr_ring_init(&r, 300), -1);                  /* not a power of two */
    assert_int_equal(tpr_ring_init(&r, TPR_RING_EVENT_SLOTS), -1); /* no room for samples */
}

static void test_order(void **state)
{
    (void)state;
    tpr_ring r;
    assert_int_equal(tpr_ring_init(&r, CAP), 0);
    for (int i = 0; i < 100; i++) {
        tpr_tick t = tick(i * 1000, i % 10 == 0 ? TPR_EV_CONTACT : 0);
        assert_int_equal(tpr_ring_push(&r, &t), 1);
    }
    tpr_tick out[CAP];
    assert_int_equal(tpr_ring_pop(&r, out, 30), 30);
    assert_int_equal(tpr_ring_pop(&r, out + 30, CAP), 70);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(out[i].seq, i);
        assert_int_equal(out[i].t_us, i * 1000);
        assert_true(out[i].kpa == (float)i * 500.0f);
        assert_int_equal(out[i].events, i % 10 == 0 ? TPR_EV_CONTACT : 0);
    }
    assert_int_equal(tpr_ring_pop(&r, out, CAP), 0);
    assert_int_equal(tpr_ring_dropped(&r), 0);
    tpr_ring_free(&r);
}

static void test_full(void **state)
{
    (void)state;
    tpr_ring r;
    assert_int_equal(tpr_ring_init(&r, CAP), 0);
    const int room = CAP - TPR_RING_EVENT_SLOTS;
    int stored = 0;
    for (int i = 0; i < CAP + 50; i++) {
        tpr_tick t = tick(i, 0);
        stored += tpr_ring_push(&r, &t);
    }
    /* Plain samples fill the ring up to the reserved slots, no further. */
    assert_int_equal(stored, room);
    assert_int_equal(tpr_ring_dropped(&r), CAP + 50 - room);
    /* Event ticks still go in, into the reserved slots, until the ring is full. */
    for (int i = 0; i < TPR_RING_EVENT_SLOTS; i++) {
        tpr_tick t = tick(10000 + i, TPR_EV_RELEASE);
        assert_int_equal(tpr_ring_push(&r, &t), 1);
    }
    tpr_tick t = tick(20000, TPR_EV_DONE);
    assert_int_equal(tpr_ring_push(&r, &t), 0);
    assert_int_equal(tpr_ring_events_lost(&r), 1);
    assert_int_equal(tpr_ring_dropped(&r), CAP + 50 - room); /* counted apart */

    tpr_tick out[CAP];
    assert_int_equal(tpr_ring_pop(&r, out, CAP), CAP);
    for (int i = 0; i < room; i++)
        assert_int_equal(out[i].t_us, i); /* the oldest were kept, not the newest */
    for (int i = 0; i < TPR_RING_EVENT_SLOTS; i++) {
        assert_int_equal(out[room + i].t_us, 10000 + i);
        assert_int_equal(out[room + i].events, TPR_EV_RELEASE);
    }
    /* The sequence numbers show the gap the drops left. */
    assert_int_equal(out[room].seq, CAP + 50);
    /* Emptied, it takes samples again. */
    t = tick(30000, 0);
    assert_int_equal(tpr_ring_push(&r, &t), 1);
    tpr_ring_free(&r);
}

static void test_wrap(void **state)
{
    (void)state;
    tpr_ring r;
    assert_int_equal(tpr_ring_init(&r, CAP), 0);
    tpr_tick out[64];
    int64_t next = 0;
    /* 37 in, 37 out, many times: the indices pass the end of the storage
     * again and again at odd places. */
    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 37; i++) {
            tpr_tick t = tick(round * 37 + i, 0);
            assert_int_equal(tpr_ring_push(&r, &t), 1);
        }
        assert_int_equal(tpr_ring_pop(&r, out, 64), 37);
        for (int i = 0; i < 37; i++)
            assert_int_equal(out[i].t_us, next++);
    }
    assert_int_equal(tpr_ring_dropped(&r), 0);
    tpr_ring_free(&r);
}

/* Stress: a producer pushing as fast as it can against a consumer that
 * takes ticks in odd amounts and sometimes yields, so the ring runs full
 * now and then. */
#define STRESS_TICKS 2000000
#define EVENT_EVERY 97

typedef struct stress {
    tpr_ring ring;
    atomic_bool done;
} stress;

static void *producer(void *arg)
{
    stress *s = arg;
    for (int64_t i = 0; i < STRESS_TICKS; i++) {
        tpr_tick t = tick(i, i % EVENT_EVERY == 0 ? TPR_EV_HOLD_PAUSE : 0);
        tpr_ring_push(&s->ring, &t);
    }
    atomic_store(&s->done, true);
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    static stress s;
    assert_int_equal(tpr_ring_init(&s.ring, 1024), 0);
    atomic_init(&s.done, false);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, producer, &s), 0);
    static tpr_tick out[300];
    uint64_t expect = 0, samples = 0, events = 0, gaps = 0;
    for (uint32_t spin = 0;; spin++) {
        bool done = atomic_load(&s.done); /* read before the pop: nothing comes after */
        uint32_t n = tpr_ring_pop(&s.ring, out, 1 + spin % 300);
        for (uint32_t i = 0; i < n; i++) {
            /* In order, each once; a gap is ticks that were not stored. */
            assert_true(out[i].seq >= expect);
            gaps += out[i].seq - expect;
            expect = out[i].seq + 1;
            assert_int_equal(out[i].t_us, (int64_t)out[i].seq); /* its own contents */
            assert_true(out[i].kpa == (float)out[i].seq * 0.5f);
            assert_int_equal(out[i].events != 0, out[i].seq % EVENT_EVERY == 0);
            if (out[i].events)
                events++;
            else
                samples++;
        }
        if (done && n == 0)
            break;
        if (spin % 1000 == 0)
            sched_yield();
    }
    pthread_join(th, NULL);
    uint64_t dropped = tpr_ring_dropped(&s.ring), lost = tpr_ring_events_lost(&s.ring);
    const uint64_t all_events = (STRESS_TICKS + EVENT_EVERY - 1) / EVENT_EVERY;
    /* Every tick is accounted for exactly once, each kind on its own counter. */
    assert_int_equal(events + lost, all_events);
    assert_int_equal(samples + dropped, STRESS_TICKS - all_events);
    assert_int_equal(gaps + (STRESS_TICKS - expect), dropped + lost);
    print_message("stress: %llu stored, %llu samples dropped, %llu event ticks lost\n",
                  (unsigned long long)(samples + events), (unsigned long long)dropped,
                  (unsigned long long)lost);
    tpr_ring_free(&s.ring);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_capacity), cmocka_unit_test(test_order),
        cmocka_unit_test(test_full),         cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
