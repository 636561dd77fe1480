/* The loop-to-display status hand-over: a reader never sees a torn view,
 * even while the loop publishes as fast as it can. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "status.h"

static tpr_status st;
static atomic_bool done;

/* Every field of a view carries the same counter, so a torn read shows. */
static void make_view(tpr_status_view *v, uint64_t i)
{
    memset(v, 0, sizeof(*v));
    v->now_us = (int64_t)i;
    v->ticks = i;
    v->overruns = i;
    v->out.hold_ms = (uint32_t)i;
    v->out.events = (i % 3 == 0) ? TPR_EV_CONTACT : 0;
}

static void *writer(void *arg)
{
    (void)arg;
    for (uint64_t i = 1; i <= 2000000; i++) {
        tpr_status_view v;
        make_view(&v, i);
        tpr_status_publish(&st, &v);
    }
    atomic_store(&done, true);
    return NULL;
}

static void test_reader_never_sees_a_torn_view(void **state)
{
    (void)state;
    tpr_status_init(&st);
    atomic_init(&done, false);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, writer, NULL), 0);
    uint64_t reads = 0, last = 0;
    while (!atomic_load(&done)) {
        tpr_status_view v;
        tpr_status_read(&st, &v);
        assert_int_equal(v.ticks, (uint64_t)v.now_us);
        assert_int_equal(v.overruns, v.ticks);
        assert_int_equal(v.out.hold_ms, (uint32_t)v.ticks);
        assert_true(v.ticks >= last); /* never goes back in time */
        last = v.ticks;
        reads++;
    }
    pthread_join(th, NULL);
    assert_true(reads > 0);
}

static void test_events_accumulate_until_taken(void **state)
{
    (void)state;
    tpr_status_init(&st);
    tpr_status_view v;
    make_view(&v, 1);
    v.out.events = TPR_EV_CONTACT;
    tpr_status_publish(&st, &v);
    v.out.events = TPR_EV_HOLD_START;
    tpr_status_publish(&st, &v);
    v.out.events = 0;
    tpr_status_publish(&st, &v);
    assert_int_equal(tpr_status_take_events(&st), TPR_EV_CONTACT | TPR_EV_HOLD_START);
    assert_int_equal(tpr_status_take_events(&st), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_never_sees_a_torn_view),
        cmocka_unit_test(test_events_accumulate_until_taken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
