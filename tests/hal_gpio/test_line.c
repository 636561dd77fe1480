/* line.h against mocked libgpiod calls, 1.6 or 2.x as the build has: the
 * right lines are requested the right way, and every failure comes back as
 * a message that names the config key and the line, with nothing left open. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "line.h"
#include "mock_gpiod.h"

static int setup(void **state)
{
    (void)state;
    mock_gpiod_reset();
    return 0;
}

static void output_by_chip_and_offset(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    mock_gpiod_add("gpiochip0", 18, "GPIO18");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 17, NULL, false);
    tpr_line *l = NULL;
    char err[256] = "";
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), 0);
    assert_int_equal(m->mode, MOCK_OUTPUT);
    assert_string_equal(m->consumer, "tprd");
    assert_int_equal(m->value, 0);
    assert_int_equal(tpr_line_set(l, 1), 0);
    assert_int_equal(m->value, 1);
    tpr_line_release(l);
    assert_int_equal(m->mode, MOCK_FREE);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void output_starts_at_the_value_asked(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip1", 3, "LED");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip1", 3, NULL, true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 1, "t", err, sizeof(err)), 0);
    assert_int_equal(m->value, 1);
    assert_int_equal(m->writes, 1); /* no glitch through another level */
    tpr_line_release(l);
}

static void by_name_on_any_chip(void **state)
{
    (void)state;
    mock_gpiod_add("gpiochip0", 5, "GPIO5");
    mock_line *m = mock_gpiod_add("gpiochip1", 6, "BUTTON_NEXT");
    tpr_line_cfg cfg = mock_line_cfg(NULL, 0, "BUTTON_NEXT", true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), 0);
    assert_int_equal(m->mode, MOCK_EDGES);
    assert_int_equal(mock_gpiod_open_chips(), mock_chips_per_held_line); /* gpiochip0 closed */
    tpr_line_release(l);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void missing_chip_is_named(void **state)
{
    (void)state;
    tpr_line_cfg cfg = mock_line_cfg("gpiochip9", 17, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    int r = tpr_line_request_output(&l, &cfg, 0, "tprd.conf: [motor] enable", err, sizeof(err));
    assert_int_equal(r, -ENOENT);
    assert_null(l);
    assert_non_null(
        strstr(err, "tprd.conf: [motor] enable gpiochip9:17: cannot open the GPIO chip"));
}

static void chip_without_permission_says_so(void **state)
{
    (void)state;
    mock_gpiod_add("gpiochip1", 6, "BUTTON_NEXT");
    mock_gpiod_deny("gpiochip1");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip1", 6, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), -EACCES);
    assert_non_null(strstr(err, "gpiochip1:6: cannot open the GPIO chip: Permission denied"));
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void missing_name_is_named(void **state)
{
    (void)state;
    mock_gpiod_add("gpiochip0", 5, "GPIO5");
    tpr_line_cfg cfg = mock_line_cfg(NULL, 0, "GPIO99", false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "x: [buttons] next", err, sizeof(err)),
                     -ENOENT);
    assert_non_null(strstr(err, "x: [buttons] next GPIO99: no such line"));
}

static void missing_offset_closes_the_chip(void **state)
{
    (void)state;
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 40, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    assert_true(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)) < 0);
    assert_non_null(strstr(err, "gpiochip0:40: no such line"));
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void busy_line_fails_with_reason(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    m->fail_request = EBUSY;
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 17, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), -EBUSY);
    assert_non_null(strstr(err, "gpiochip0:17: cannot request as output: Device or resource busy"));
    assert_int_equal(mock_gpiod_open_chips(), 0);

    m->fail_request = EPERM;
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), -EPERM);
    assert_non_null(strstr(err, "cannot request edge events: Operation not permitted"));
}

static void set_failure_is_returned(void **state)
{
    (void)state;
    mock_line *m = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 17, NULL, false);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), 0);
    m->fail_set = EIO;
    assert_int_equal(tpr_line_set(l, 1), -EIO);
    assert_int_equal(m->value, 0);
    tpr_line_release(l);
}

/* A button on gpiochip0:5, held for edges. */
static tpr_line *button(mock_line **m)
{
    *m = mock_gpiod_add("gpiochip0", 5, "GPIO5");
    tpr_line_cfg cfg = mock_line_cfg("gpiochip0", 5, NULL, true);
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), 0);
    return l;
}

static void edges_come_in_order_with_timestamps(void **state)
{
    (void)state;
    mock_line *m;
    tpr_line *l = button(&m);
    tpr_line_edge e;
    assert_int_equal(tpr_line_read_edge(l, &e), 0); /* nothing pending: no block */
    mock_gpiod_edge(m, 12000123456, false);
    mock_gpiod_edge(m, 12000200000, true);
    assert_int_equal(tpr_line_read_edge(l, &e), 1);
    assert_true(e.t_us == 12000123456);
    assert_false(e.rising);
    assert_int_equal(tpr_line_read_edge(l, &e), 1);
    assert_true(e.t_us == 12000200000);
    assert_true(e.rising);
    assert_int_equal(tpr_line_read_edge(l, &e), 0);
    tpr_line_release(l);
}

static void read_failure_is_returned(void **state)
{
    (void)state;
    mock_line *m;
    tpr_line *l = button(&m);
    mock_gpiod_edge(m, 1000, true);
    m->fail_read = EIO;
    tpr_line_edge e;
    assert_int_equal(tpr_line_read_edge(l, &e), -EIO);
    tpr_line_release(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(output_by_chip_and_offset, setup),
        cmocka_unit_test_setup(output_starts_at_the_value_asked, setup),
        cmocka_unit_test_setup(by_name_on_any_chip, setup),
        cmocka_unit_test_setup(missing_chip_is_named, setup),
        cmocka_unit_test_setup(chip_without_permission_says_so, setup),
        cmocka_unit_test_setup(missing_name_is_named, setup),
        cmocka_unit_test_setup(missing_offset_closes_the_chip, setup),
        cmocka_unit_test_setup(busy_line_fails_with_reason, setup),
        cmocka_unit_test_setup(set_failure_is_returned, setup),
        cmocka_unit_test_setup(edges_come_in_order_with_timestamps, setup),
        cmocka_unit_test_setup(read_failure_is_returned, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
