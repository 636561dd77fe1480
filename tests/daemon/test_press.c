/* Short and long presses from debounced edges: a short press at its
 * release, a long one the moment the hold reaches 1.5 s (its release then
 * ignored), a release exactly at the threshold, and bouncy pushes through
 * the gpio backend's debounce. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "debounce.h"
#include "press.h"

#define MS 1000

static tpr_button_edge edge(tpr_button b, bool pressed, int64_t t_us)
{
    return (tpr_button_edge){.button = b, .pressed = pressed, .t_us = t_us};
}

static void short_press_is_told_at_its_release(void **state)
{
    (void)state;
    tpr_presses p;
    tpr_presses_init(&p);
    tpr_press got;
    tpr_button_edge down = edge(TPR_BUTTON_NEXT, true, 1000 * MS);
    assert_false(tpr_presses_edge(&p, &down, &got));
    assert_false(tpr_presses_poll(&p, 1400 * MS, &got));
    tpr_button_edge up = edge(TPR_BUTTON_NEXT, false, 1200 * MS);
    assert_true(tpr_presses_edge(&p, &up, &got));
    assert_int_equal(got.button, TPR_BUTTON_NEXT);
    assert_int_equal(got.kind, TPR_PRESS_SHORT);
    assert_false(tpr_presses_poll(&p, 9000 * MS, &got)); /* let go: never long */
}

static void long_press_is_told_while_held_and_its_release_ignored(void **state)
{
    (void)state;
    tpr_presses p;
    tpr_presses_init(&p);
    tpr_press got;
    tpr_button_edge down = edge(TPR_BUTTON_NEXT, true, 1000 * MS);
    assert_false(tpr_presses_edge(&p, &down, &got));
    assert_false(tpr_presses_poll(&p, 2499 * MS, &got));
    assert_true(tpr_presses_poll(&p, 2500 * MS, &got));
    assert_int_equal(got.button, TPR_BUTTON_NEXT);
    assert_int_equal(got.kind, TPR_PRESS_LONG);
    assert_false(tpr_presses_poll(&p, 4000 * MS, &got)); /* once per press */
    tpr_button_edge up = edge(TPR_BUTTON_NEXT, false, 5000 * MS);
    assert_false(tpr_presses_edge(&p, &up, &got));
}

/* A release exactly 1.5 s after the press, with no poll in between (a busy
 * loop read both edges at once): long, as held 1.5 s or more says. One
 * microsecond earlier: short. */
static void release_at_the_threshold_is_long(void **state)
{
    (void)state;
    tpr_presses p;
    tpr_presses_init(&p);
    tpr_press got;
    tpr_button_edge e[] = {
        edge(TPR_BUTTON_START_PAUSE, true, 1000 * MS),
        edge(TPR_BUTTON_START_PAUSE, false, 1000 * MS + TPR_PRESS_LONG_US),
        edge(TPR_BUTTON_START_PAUSE, true, 5000 * MS),
        edge(TPR_BUTTON_START_PAUSE, false, 5000 * MS + TPR_PRESS_LONG_US - 1),
    };
    assert_false(tpr_presses_edge(&p, &e[0], &got));
    assert_true(tpr_presses_edge(&p, &e[1], &got));
    assert_int_equal(got.button, TPR_BUTTON_START_PAUSE); /* long start/pause is told too */
    assert_int_equal(got.kind, TPR_PRESS_LONG);
    assert_false(tpr_presses_edge(&p, &e[2], &got));
    assert_true(tpr_presses_edge(&p, &e[3], &got));
    assert_int_equal(got.kind, TPR_PRESS_SHORT);
}

/* What the presses made of the debounced changes told. */
typedef struct told {
    int shorts, longs;
} told;

static void judge(tpr_presses *p, bool pressed, int64_t t_us, told *n)
{
    tpr_button_edge e = edge(TPR_BUTTON_NEXT, pressed, t_us);
    tpr_press got;
    if (tpr_presses_edge(p, &e, &got)) {
        n->shorts += got.kind == TPR_PRESS_SHORT;
        n->longs += got.kind == TPR_PRESS_LONG;
    }
}

/* Raw edges of next through the gpio backend's debounce (20 ms) in the
 * order it feeds them (a change settled before each edge comes first),
 * then settled at now_us; polled at each edge and at now_us. */
static told through_debounce(const tpr_button_edge *raw, size_t n, int64_t now_us)
{
    tpr_debounce d;
    tpr_debounce_init(&d, 20);
    tpr_presses p;
    tpr_presses_init(&p);
    told count = {0, 0};
    tpr_press got;
    int64_t since;
    for (size_t i = 0; i < n; i++) {
        if (tpr_debounce_settle(&d, raw[i].t_us, &since))
            judge(&p, d.reported, since, &count);
        if (tpr_debounce_edge(&d, raw[i].t_us, raw[i].pressed))
            judge(&p, d.reported, raw[i].t_us, &count);
        count.longs += tpr_presses_poll(&p, raw[i].t_us, &got);
    }
    if (tpr_debounce_settle(&d, now_us, &since))
        judge(&p, d.reported, since, &count);
    count.longs += tpr_presses_poll(&p, now_us, &got);
    return count;
}

/* A push bouncing for 3 ms at both ends, then a tap shorter than the
 * debounce time, its release hidden in the bounce: two short presses, and
 * nothing left held to become a long press later. */
static void bouncy_pushes_are_short_presses(void **state)
{
    (void)state;
    const tpr_button_edge raw[] = {
        edge(TPR_BUTTON_NEXT, true, 1000 * MS),       edge(TPR_BUTTON_NEXT, false, 1000 * MS + 400),
        edge(TPR_BUTTON_NEXT, true, 1001 * MS),       edge(TPR_BUTTON_NEXT, false, 1002 * MS),
        edge(TPR_BUTTON_NEXT, true, 1003 * MS),       edge(TPR_BUTTON_NEXT, false, 1200 * MS),
        edge(TPR_BUTTON_NEXT, true, 1200 * MS + 700), edge(TPR_BUTTON_NEXT, false, 1203 * MS),
        edge(TPR_BUTTON_NEXT, true, 3000 * MS),       edge(TPR_BUTTON_NEXT, false, 3010 * MS),
    };
    told n = through_debounce(raw, sizeof(raw) / sizeof(raw[0]), 9000 * MS);
    assert_int_equal(n.shorts, 2);
    assert_int_equal(n.longs, 0);
}

/* Held 2 s with bounce at both ends: one long press, told once. */
static void bouncy_hold_is_one_long_press(void **state)
{
    (void)state;
    const tpr_button_edge raw[] = {
        edge(TPR_BUTTON_NEXT, true, 1000 * MS), edge(TPR_BUTTON_NEXT, false, 1001 * MS),
        edge(TPR_BUTTON_NEXT, true, 1002 * MS), edge(TPR_BUTTON_NEXT, false, 3000 * MS),
        edge(TPR_BUTTON_NEXT, true, 3001 * MS), edge(TPR_BUTTON_NEXT, false, 3002 * MS),
    };
    told n = through_debounce(raw, sizeof(raw) / sizeof(raw[0]), 9000 * MS);
    assert_int_equal(n.shorts, 0);
    assert_int_equal(n.longs, 1);
}

static void buttons_are_judged_apart(void **state)
{
    (void)state;
    tpr_presses p;
    tpr_presses_init(&p);
    tpr_press got;
    tpr_button_edge hold_next = edge(TPR_BUTTON_NEXT, true, 1000 * MS);
    tpr_button_edge tap_down = edge(TPR_BUTTON_START_PAUSE, true, 1200 * MS);
    tpr_button_edge tap_up = edge(TPR_BUTTON_START_PAUSE, false, 1300 * MS);
    assert_false(tpr_presses_edge(&p, &hold_next, &got));
    assert_false(tpr_presses_edge(&p, &tap_down, &got));
    assert_true(tpr_presses_edge(&p, &tap_up, &got));
    assert_int_equal(got.button, TPR_BUTTON_START_PAUSE);
    assert_int_equal(got.kind, TPR_PRESS_SHORT);
    assert_true(tpr_presses_poll(&p, 2500 * MS, &got));
    assert_int_equal(got.button, TPR_BUTTON_NEXT);
    assert_int_equal(got.kind, TPR_PRESS_LONG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(short_press_is_told_at_its_release),
        cmocka_unit_test(long_press_is_told_while_held_and_its_release_ignored),
        cmocka_unit_test(release_at_the_threshold_is_long),
        cmocka_unit_test(bouncy_pushes_are_short_presses),
        cmocka_unit_test(bouncy_hold_is_one_long_press),
        cmocka_unit_test(buttons_are_judged_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
