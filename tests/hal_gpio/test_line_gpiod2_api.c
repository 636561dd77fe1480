/* line_gpiod2.c's use of what only the 2.x API has (test_line.c checks
 * the behaviour both APIs share): the settings a request carries, every
 * libgpiod object given back, each allocation failing cleanly, and the
 * search for a line name over /dev/gpiochip*. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "line.h"
#include "mock_gpiod.h"
#include "mock_gpiod2.h"

static int setup(void **state)
{
    (void)state;
    mock_gpiod_reset();
    mock_gpiod2_fail_alloc(0);
    mock_gpiod2_last = (mock_gpiod2_request){0};
    return 0;
}

static void output_is_driven_from_the_request(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 17, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 1, "t", err, sizeof(err)), 0);
    assert_int_equal(mock_gpiod2_last.direction, GPIOD_LINE_DIRECTION_OUTPUT);
    assert_int_equal(mock_gpiod2_last.output, GPIOD_LINE_VALUE_ACTIVE);
    assert_int_equal(m->writes, 1);
    assert_int_equal(mock_gpiod_open_chips(), 0); /* the request outlives the chip */
    assert_int_equal(mock_gpiod2_live(), 1);      /* just the request */
    tpr_line_release(l);
    assert_int_equal(mock_gpiod2_live(), 0);
}

static void edges_both_ways_on_the_monotonic_clock(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip1", 5, "GPIO5");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip1", 5, NULL, true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), 0);
    assert_int_equal(mock_gpiod2_last.direction, GPIOD_LINE_DIRECTION_INPUT);
    assert_int_equal(mock_gpiod2_last.edge, GPIOD_LINE_EDGE_BOTH);
    assert_int_equal(mock_gpiod2_last.clock, GPIOD_LINE_CLOCK_MONOTONIC);
    assert_int_equal(mock_gpiod2_live(), 2); /* the request and its event buffer */
    assert_int_equal(tpr_line_fd(l), m->pipe[0]);
    tpr_line_release(l);
    assert_int_equal(mock_gpiod2_live(), 0);
    assert_int_equal(m->mode, MOCK_FREE);
}

/* Fail the first, second, ... object libgpiod is asked for, until the
 * request gets through: each failure is a clean ENOMEM. */
static void each_allocation_failing_leaves_nothing(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip0", 5, "GPIO5");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 5, NULL, true);
    tpr_line *l = NULL;
    char err[256];
    int n = 1;
    for (;; n++) {
        mock_gpiod2_fail_alloc(n);
        err[0] = '\0';
        int r = tpr_line_request_edges(&l, &cfg, "tprd.conf: [buttons] start", err, sizeof(err));
        if (!r)
            break;
        assert_int_equal(r, -ENOMEM);
        assert_non_null(strstr(err, "tprd.conf: [buttons] start gpiochip0:5: "));
        assert_non_null(strstr(err, "Cannot allocate memory"));
        assert_int_equal(mock_gpiod2_live(), 0);
        assert_int_equal(mock_gpiod_open_chips(), 0);
        assert_int_equal(m->mode, MOCK_FREE);
    }
    /* line info, settings, line config, request config, request, event buffer */
    assert_int_equal(n, 7);
    mock_gpiod2_fail_alloc(0);
    tpr_line_release(l);
    assert_int_equal(mock_gpiod2_live(), 0);
}

static void name_is_looked_up_in_chip_order(void **state)
{
    (void)state;
    mock_line *first = mock_gpiod_add("gpiochip0", 5, "BUTTON");
    mock_line *second = mock_gpiod_add("gpiochip1", 6, "BUTTON");
    tpr_line_cfg cfg = mock_line_cfg(NULL, 0, "BUTTON", false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), 0);
    assert_int_equal(first->mode, MOCK_OUTPUT);
    assert_int_equal(second->mode, MOCK_FREE);
    assert_int_equal(tpr_line_set(l, 1), 0); /* on the offset found by name */
    assert_int_equal(first->value, 1);
    assert_int_equal(mock_gpiod_open_chips(), 0);
    tpr_line_release(l);
}

static void name_lookup_skips_a_chip_it_cannot_open(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip1", 6, "BUTTON_NEXT");
    mock_gpiod_deny("gpiochip0");
    tpr_line_cfg cfg = mock_line_cfg(NULL, 0, "BUTTON_NEXT", true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), 0);
    assert_int_equal(m->mode, MOCK_EDGES);
    tpr_line_release(l);
}

static void name_not_found_says_why_when_chips_were_shut(void **state)
{
    (void)state;
    mock_gpiod_add("gpiochip1", 6, "GPIO6");
    mock_gpiod_deny("gpiochip0");
    tpr_line_cfg cfg = mock_line_cfg(NULL, 0, "BUTTON_NEXT", true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), -EACCES);
    assert_non_null(strstr(err, "t BUTTON_NEXT: no such line: Permission denied"));
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(output_is_driven_from_the_request, setup),
        cmocka_unit_test_setup(edges_both_ways_on_the_monotonic_clock, setup),
        cmocka_unit_test_setup(each_allocation_failing_leaves_nothing, setup),
        cmocka_unit_test_setup(name_is_looked_up_in_chip_order, setup),
        cmocka_unit_test_setup(name_lookup_skips_a_chip_it_cannot_open, setup),
        cmocka_unit_test_setup(name_not_found_says_why_when_chips_were_shut, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
