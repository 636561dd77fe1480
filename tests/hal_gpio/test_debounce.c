/* Debounce from edge timestamps: a real press with contact bounce on both
 * ends counts once, and so does its release; two deliberate presses count
 * twice; a release hidden in the bounce comes out once quiet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "debounce.h"

#define MS 1000

typedef struct edge {
    int64_t t_us;
    bool active;
} edge;

static int presses(tpr_debounce *d, const edge *e, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++)
        count += tpr_debounce_edge(d, e[i].t_us, e[i].active) && e[i].active;
    return count;
}

/* Press at 1 s bouncing for 3 ms, held 200 ms, released bouncing for 4 ms. */
static const edge bouncy_press[] = {
    {1000 * MS, true}, {1000 * MS + 300, false}, {1000 * MS + 900, true}, {1001 * MS + 500, false},
    {1003 * MS, true}, {1200 * MS, false},       {1200 * MS + 700, true}, {1201 * MS + 200, false},
    {1202 * MS, true}, {1204 * MS, false},
};

static void bouncy_press_counts_once(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    assert_int_equal(presses(&d, bouncy_press, sizeof(bouncy_press) / sizeof(bouncy_press[0])), 1);
}

static void press_is_reported_at_its_first_edge(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    assert_true(tpr_debounce_edge(&d, bouncy_press[0].t_us, true));
}

static void two_presses_count_twice(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    const size_t n = sizeof(bouncy_press) / sizeof(bouncy_press[0]);
    edge twice[2 * sizeof(bouncy_press) / sizeof(bouncy_press[0])];
    for (size_t i = 0; i < n; i++) {
        twice[i] = bouncy_press[i];
        twice[n + i] = (edge){bouncy_press[i].t_us + 400 * MS, bouncy_press[i].active};
    }
    assert_int_equal(presses(&d, twice, 2 * n), 2);
}

static void release_edge_is_never_a_press(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    assert_false(tpr_debounce_edge(&d, 5000 * MS, false));
    assert_false(tpr_debounce_edge(&d, 9000 * MS, false));
}

static void press_needs_the_full_quiet_time(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    assert_false(tpr_debounce_edge(&d, 1000 * MS, false));
    assert_false(tpr_debounce_edge(&d, 1000 * MS + 19999, true)); /* 1 us short */
    assert_false(tpr_debounce_edge(&d, 1100 * MS, false));
    assert_true(tpr_debounce_edge(&d, 1120 * MS, true)); /* exactly quiet long enough */
}

static void release_is_reported_at_its_first_edge(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    int releases = 0;
    for (size_t i = 0; i < sizeof(bouncy_press) / sizeof(bouncy_press[0]); i++) {
        bool change = tpr_debounce_edge(&d, bouncy_press[i].t_us, bouncy_press[i].active);
        if (change && !d.reported) {
            releases++;
            assert_int_equal(bouncy_press[i].t_us, 1200 * MS);
        }
    }
    assert_int_equal(releases, 1);
    int64_t since;
    assert_false(tpr_debounce_settle(&d, 9000 * MS, &since)); /* nothing hidden */
}

/* A tap shorter than the debounce time: its release is bounce to the edge
 * rule, and comes out once the level has been quiet for the debounce time. */
static void release_hidden_in_bounce_settles(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    int64_t since = 0;
    assert_false(tpr_debounce_settle(&d, 500 * MS, &since)); /* no edge yet */
    assert_true(tpr_debounce_edge(&d, 1000 * MS, true));
    assert_false(tpr_debounce_edge(&d, 1010 * MS, false));
    assert_true(d.reported);
    assert_false(tpr_debounce_settle(&d, 1030 * MS - 1, &since));
    assert_true(tpr_debounce_settle(&d, 1030 * MS, &since));
    assert_false(d.reported);
    assert_int_equal(since, 1010 * MS);
    assert_false(tpr_debounce_settle(&d, 2000 * MS, &since)); /* once */
}

static void clock_step_back_is_not_quiet(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    assert_false(tpr_debounce_edge(&d, 1000 * MS, false));
    assert_false(tpr_debounce_edge(&d, 500 * MS, true));
}

static void zero_debounce_counts_every_press(void **state)
{
    (void)state;
    tpr_debounce d;
    tpr_debounce_init(&d, 0);
    assert_int_equal(presses(&d, bouncy_press, sizeof(bouncy_press) / sizeof(bouncy_press[0])), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bouncy_press_counts_once),
        cmocka_unit_test(press_is_reported_at_its_first_edge),
        cmocka_unit_test(two_presses_count_twice),
        cmocka_unit_test(release_edge_is_never_a_press),
        cmocka_unit_test(press_needs_the_full_quiet_time),
        cmocka_unit_test(release_is_reported_at_its_first_edge),
        cmocka_unit_test(release_hidden_in_bounce_settles),
        cmocka_unit_test(clock_step_back_is_not_quiet),
        cmocka_unit_test(zero_debounce_counts_every_press),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
