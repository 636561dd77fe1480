/* The loop's latency histogram: percentiles of known distributions, the
 * coarse and overflow buckets, the difference of two copies (a session's
 * share), and copies taken while the loop writes. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lat_hist.h"

static tpr_lat_hist h;

static void summary(tpr_lat_summary *s)
{
    static tpr_lat_counts c;
    tpr_lat_hist_read(&h, &c);
    tpr_lat_summarize(&c, s);
}

static void add(int64_t us, int n)
{
    for (int i = 0; i < n; i++)
        tpr_lat_hist_add(&h, us);
}

static void check(const tpr_lat_summary *s, int64_t min, int64_t p50, int64_t p99, int64_t p999,
                  int64_t max)
{
    assert_int_equal(s->min_us, min);
    assert_int_equal(s->p50_us, p50);
    assert_int_equal(s->p99_us, p99);
    assert_int_equal(s->p999_us, p999);
    assert_int_equal(s->max_us, max);
}

static void expect(int64_t min, int64_t p50, int64_t p99, int64_t p999, int64_t max)
{
    tpr_lat_summary s;
    summary(&s);
    check(&s, min, p50, p99, p999, max);
}

static int fresh(void **state)
{
    (void)state;
    tpr_lat_hist_init(&h);
    return 0;
}

static void test_empty_reads_as_zeros(void **state)
{
    (void)state;
    tpr_lat_summary s;
    summary(&s);
    assert_int_equal(s.n, 0);
    expect(0, 0, 0, 0, 0);
}

static void test_uniform_values_give_nearest_rank_percentiles(void **state)
{
    (void)state;
    for (int us = 0; us < 1000; us++)
        add(us, 1);
    /* 1000 values 0..999: 500 of them are <= 499, 990 <= 989, 999 <= 998. */
    expect(0, 499, 989, 998, 999);
}

static void test_a_tail_shows_in_p99_9_not_in_p99(void **state)
{
    (void)state;
    add(10, 990);
    add(200, 9);
    add(20000, 1); /* beyond the last bucket: max is exact */
    expect(10, 10, 10, 200, 20000);
    tpr_lat_counts c;
    tpr_lat_hist_read(&h, &c);
    assert_int_equal(tpr_lat_quantile(&c, 1.0), 20000);
    assert_int_equal(tpr_lat_quantile(&c, 0.9995), 20000);
}

static void test_a_constant_and_negative_values(void **state)
{
    (void)state;
    add(-3, 10); /* a wake-up before the deadline counts as on time */
    expect(0, 0, 0, 0, 0);
    add(5, 1000);
    expect(0, 5, 5, 5, 5);
}

static void test_coarse_buckets_report_their_top_capped_by_max(void **state)
{
    (void)state;
    add(1234, 500);
    expect(1234, 1234, 1234, 1234, 1234); /* one value: max caps the bucket */
    add(1250, 500);
    /* 1234 and 1250 share the 1200..1299 bucket: the median is its top,
     * capped by the largest value seen. */
    expect(1234, 1250, 1250, 1250, 1250);
    add(5000, 500);
    expect(1234, 1299, 5000, 5000, 5000); /* the top of 1200..1299 now */
}

static void test_difference_is_the_stretch_in_between(void **state)
{
    (void)state;
    add(3, 100);
    add(900, 1);
    static tpr_lat_counts before, now;
    tpr_lat_hist_read(&h, &before);
    add(7, 99);
    add(40, 1);
    tpr_lat_hist_read(&h, &now);
    tpr_lat_counts_since(&now, &before);
    tpr_lat_summary s;
    tpr_lat_summarize(&now, &s);
    assert_int_equal(s.n, 100);
    check(&s, 7, 7, 7, 40, 40); /* min and max narrowed to the stretch's own buckets */
    tpr_lat_hist_read(&h, &before);
    tpr_lat_hist_read(&h, &now);
    tpr_lat_counts_since(&now, &before);
    tpr_lat_summarize(&now, &s);
    assert_int_equal(s.n, 0);
}

#define WRITES 2000000

static void *writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < WRITES; i++)
        tpr_lat_hist_add(&h, i % 50);
    return NULL;
}

static void test_copies_taken_while_the_loop_writes_only_grow(void **state)
{
    (void)state;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, writer, NULL), 0);
    uint64_t last = 0;
    tpr_lat_summary s;
    do {
        summary(&s);
        assert_true(s.n >= last && s.n <= WRITES);
        assert_true(s.max_us <= 49 && s.p50_us <= 49 && s.p99_us <= 49);
        last = s.n;
    } while (s.n < WRITES);
    pthread_join(t, NULL);
    expect(0, 24, 49, 49, 49);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_empty_reads_as_zeros, fresh),
        cmocka_unit_test_setup(test_uniform_values_give_nearest_rank_percentiles, fresh),
        cmocka_unit_test_setup(test_a_tail_shows_in_p99_9_not_in_p99, fresh),
        cmocka_unit_test_setup(test_a_constant_and_negative_values, fresh),
        cmocka_unit_test_setup(test_coarse_buckets_report_their_top_capped_by_max, fresh),
        cmocka_unit_test_setup(test_difference_is_the_stretch_in_between, fresh),
        cmocka_unit_test_setup(test_copies_taken_while_the_loop_writes_only_grow, fresh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
