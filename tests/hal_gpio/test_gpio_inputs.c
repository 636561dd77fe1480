/* Buttons through the hal: one pollable fd, one press per bouncy push,
 * active-low wiring, and errors that name the config key. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "gpio_lines.h"
#include "mock_gpiod.h"

#define MS 1000

typedef struct fixture {
    tpr_system_config c;
    mock_line *start, *next;
    tpr_inputs in;
} fixture;

static int setup(void **state)
{
    static fixture f;
    mock_gpiod_reset();
    tpr_system_config_default(&f.c);
    snprintf(f.c.path, sizeof(f.c.path), "tprd.conf");
    f.start = mock_gpiod_add("gpiochip0", 5, "GPIO5");
    f.next = mock_gpiod_add("gpiochip0", 6, "GPIO6");
    f.c.start_pause = mock_line_cfg("gpiochip0", 5, NULL, true);
    f.c.next = mock_line_cfg(NULL, 0, "GPIO6", true);
    f.c.debounce_ms = 20;
    f.in = (tpr_inputs){.fd = -1};
    *state = &f;
    return 0;
}

static bool readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1;
}

/* Active low: pressed is a falling edge. */
static void push(mock_line *m, int64_t t_us)
{
    mock_gpiod_edge(m, t_us, false);
    mock_gpiod_edge(m, t_us + 400, true);
    mock_gpiod_edge(m, t_us + 900, false);
    mock_gpiod_edge(m, t_us + 150 * MS, true);
    mock_gpiod_edge(m, t_us + 150 * MS + 300, false);
    mock_gpiod_edge(m, t_us + 151 * MS, true);
}

static void bouncy_push_is_one_press(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, err, sizeof(err)), 0);
    assert_true(f->in.fd >= 0);
    assert_string_equal(f->start->consumer, "tprd");
    assert_int_equal(f->next->mode, MOCK_EDGES);
    assert_false(readable(f->in.fd));
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_NONE);

    push(f->start, 1000 * MS);
    assert_true(readable(f->in.fd));
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_START_PAUSE);
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_NONE);
    assert_false(readable(f->in.fd)); /* everything consumed: the loop sleeps */
    f->in.close(f->in.ctx);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void presses_on_both_buttons_are_told_apart(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, err, sizeof(err)), 0);
    push(f->next, 1000 * MS);
    push(f->start, 2000 * MS);
    push(f->next, 3000 * MS);
    int starts = 0, nexts = 0;
    tpr_button b;
    while ((b = f->in.next(f->in.ctx, 0)) != TPR_BUTTON_NONE) {
        starts += b == TPR_BUTTON_START_PAUSE;
        nexts += b == TPR_BUTTON_NEXT;
    }
    assert_int_equal(starts, 1);
    assert_int_equal(nexts, 2);
    f->in.close(f->in.ctx);
}

static void active_high_buttons_press_on_rising_edges(void **state)
{
    fixture *f = *state;
    f->c.start_pause.active_low = false;
    f->c.next.used = false;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, err, sizeof(err)), 0);
    assert_int_equal(f->next->mode, MOCK_FREE);
    mock_gpiod_edge(f->start, 1000 * MS, true);
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_START_PAUSE);
    mock_gpiod_edge(f->start, 1100 * MS, false); /* release */
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_NONE);
    f->in.close(f->in.ctx);
}

static void request_failure_names_the_key(void **state)
{
    fixture *f = *state;
    f->next->fail_request = EBUSY;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "tprd.conf: [buttons] next GPIO6: cannot request edge events"));
    assert_int_equal(f->start->mode, MOCK_FREE); /* the first button was given back */
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void unreadable_button_does_not_spin_the_loop(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, err, sizeof(err)), 0);
    mock_gpiod_edge(f->start, 1000 * MS, false);
    f->start->fail_read = EIO;
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_NONE);
    assert_false(readable(f->in.fd));
    push(f->next, 2000 * MS); /* the other button still works */
    assert_int_equal(f->in.next(f->in.ctx, 0), TPR_BUTTON_NEXT);
    f->in.close(f->in.ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(bouncy_push_is_one_press, setup),
        cmocka_unit_test_setup(presses_on_both_buttons_are_told_apart, setup),
        cmocka_unit_test_setup(active_high_buttons_press_on_rising_edges, setup),
        cmocka_unit_test_setup(request_failure_names_the_key, setup),
        cmocka_unit_test_setup(unreadable_button_does_not_spin_the_loop, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
