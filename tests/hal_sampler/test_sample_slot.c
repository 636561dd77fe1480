/* The sample slot under one writer and one reader running flat out: every
 * copy is one whole publish (never fields of two), and what the reader
 * holds never goes back in time. */
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "sample_slot.h"

/* The reader checks copies until it has seen this many different
 * publishes (so the two threads overlapped that often) and made this
 * many copies; the writer publishes until then. */
#define DISTINCT 1000
#define COPIES 200000

static atomic_bool done;

/* Publish n's fields: each derived from n differently, so that a copy
 * mixing two publishes shows. */
static double value_of(uint64_t n)
{
    return (double)n * 1.5 + 0.25;
}
static int64_t time_of(uint64_t n)
{
    return 1000000 + (int64_t)n * 3;
}
static int error_of(uint64_t n)
{
    return n % 7 == 0 ? -(int)(n % 100) - 1 : 0;
}

static void *writer(void *arg)
{
    tpr_sample_slot *s = arg;
    for (uint64_t n = 1; !atomic_load_explicit(&done, memory_order_relaxed); n++)
        tpr_sample_slot_publish(s, value_of(n), time_of(n), error_of(n));
    return NULL;
}

static void test_empty(void **state)
{
    (void)state;
    tpr_sample_slot s;
    tpr_sample_slot_init(&s);
    tpr_slot_copy c;
    assert_true(tpr_sample_slot_read(&s, &c));
    assert_int_equal(c.n, 0);
    assert_int_equal(tpr_sample_slot_count(&s), 0);
    tpr_sample_slot_publish(&s, 2.5, 77, 0);
    tpr_sample_slot_publish(&s, 0.0, 78, -5);
    assert_true(tpr_sample_slot_read(&s, &c));
    assert_int_equal(c.n, 2);
    assert_int_equal(c.t_us, 78);
    assert_int_equal(c.error, -5);
    assert_int_equal(tpr_sample_slot_count(&s), 2);
}

static void test_never_torn_never_older(void **state)
{
    (void)state;
    static tpr_sample_slot s;
    tpr_sample_slot_init(&s);
    pthread_t w;
    assert_int_equal(pthread_create(&w, NULL, writer, &s), 0);
    uint64_t last_n = 0, copies = 0, distinct = 0, missed = 0;
    int64_t last_t = 0;
    while (distinct < DISTINCT || copies < COPIES) {
        tpr_slot_copy c;
        if (!tpr_sample_slot_read(&s, &c)) {
            missed++; /* the writer overwrote it on every try: allowed, counted */
            continue;
        }
        copies++;
        if (c.n == 0)
            continue;
        if (c.value != value_of(c.n) || c.t_us != time_of(c.n) || c.error != error_of(c.n))
            fail_msg("torn copy: publish %llu with value %g, time %lld, error %d",
                     (unsigned long long)c.n, c.value, (long long)c.t_us, c.error);
        if (c.n < last_n || c.t_us < last_t)
            fail_msg("went back: publish %llu after %llu", (unsigned long long)c.n,
                     (unsigned long long)last_n);
        distinct += c.n != last_n;
        last_n = c.n;
        last_t = c.t_us;
    }
    atomic_store(&done, true);
    pthread_join(w, NULL);
    printf("%llu copies of %llu distinct publishes (up to %llu), %llu reads retried out\n",
           (unsigned long long)copies, (unsigned long long)distinct, (unsigned long long)last_n,
           (unsigned long long)missed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_never_torn_never_older),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
