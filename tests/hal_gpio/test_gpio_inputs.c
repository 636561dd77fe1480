/* Buttons through the hal: one pollable fd, one press and one release
 * per bouncy push with their times, a tap shorter than the debounce time
 * not left held, active-low wiring, and errors that name the config key. */
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
    tpr_gpio_inputs_options c;
    mock_line *start, *next;
    tpr_inputs in;
} fixture;

static int setup(void **state)
{
    static fixture f;
    mock_gpiod_reset();
    f.c = (tpr_gpio_inputs_options){.active_low = true};
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

/* The next edge, or a button of TPR_BUTTON_COUNT when there is none. */
static tpr_button_edge next_edge(fixture *f, int64_t now_us, bool fd_ready)
{
    tpr_button_edge e = {.button = TPR_BUTTON_COUNT};
    if (!f->in.next(f->in.ctx, now_us, fd_ready, &e))
        e.button = TPR_BUTTON_COUNT;
    return e;
}

static void expect_edge(fixture *f, tpr_button b, bool pressed, int64_t t_us)
{
    tpr_button_edge e = next_edge(f, 5000 * MS, true);
    assert_int_equal(e.button, b);
    assert_int_equal(e.pressed, pressed);
    assert_int_equal(e.t_us, t_us);
}

static void bouncy_push_is_one_press_and_one_release(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    assert_true(f->in.fd >= 0);
    assert_string_equal(f->start->consumer, "tprd");
    assert_int_equal(f->next->mode, MOCK_EDGES);
    assert_false(readable(f->in.fd));
    assert_int_equal(next_edge(f, 0, true).button, TPR_BUTTON_COUNT);

    push(f->start, 1000 * MS);
    assert_true(readable(f->in.fd));
    expect_edge(f, TPR_BUTTON_START_PAUSE, true, 1000 * MS);
    expect_edge(f, TPR_BUTTON_START_PAUSE, false, 1150 * MS);
    assert_int_equal(next_edge(f, 5000 * MS, true).button, TPR_BUTTON_COUNT);
    assert_false(readable(f->in.fd)); /* everything consumed: the loop sleeps */
    f->in.close(f->in.ctx);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void presses_on_both_buttons_are_told_apart(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    push(f->next, 1000 * MS);
    push(f->start, 2000 * MS);
    push(f->next, 3000 * MS);
    int edges[TPR_BUTTON_COUNT][2] = {{0}};
    for (tpr_button_edge e; (e = next_edge(f, 5000 * MS, true)).button != TPR_BUTTON_COUNT;)
        edges[e.button][e.pressed]++;
    assert_int_equal(edges[TPR_BUTTON_START_PAUSE][true], 1);
    assert_int_equal(edges[TPR_BUTTON_START_PAUSE][false], 1);
    assert_int_equal(edges[TPR_BUTTON_NEXT][true], 2);
    assert_int_equal(edges[TPR_BUTTON_NEXT][false], 2);
    f->in.close(f->in.ctx);
}

static void active_high_buttons_press_on_rising_edges(void **state)
{
    fixture *f = *state;
    f->c.start_pause.active_low = false;
    f->c.next.used = false;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    assert_int_equal(f->next->mode, MOCK_FREE);
    mock_gpiod_edge(f->start, 1000 * MS, true);
    expect_edge(f, TPR_BUTTON_START_PAUSE, true, 1000 * MS);
    mock_gpiod_edge(f->start, 2700 * MS, false);
    expect_edge(f, TPR_BUTTON_START_PAUSE, false, 2700 * MS);
    f->in.close(f->in.ctx);
}

/* A held button gives one press and nothing more while held; a tap shorter
 * than the debounce time has its release inside the bounce: it comes out
 * once the level has been quiet for the debounce time, on a tick without
 * any new edge, so the button is never left held. */
static void tap_shorter_than_debounce_is_let_go(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    mock_gpiod_edge(f->next, 1000 * MS, false); /* active low: pressed */
    expect_edge(f, TPR_BUTTON_NEXT, true, 1000 * MS);
    assert_int_equal(next_edge(f, 3000 * MS, false).button, TPR_BUTTON_COUNT);
    mock_gpiod_edge(f->next, 4000 * MS, true);
    expect_edge(f, TPR_BUTTON_NEXT, false, 4000 * MS);

    mock_gpiod_edge(f->next, 6000 * MS, false);
    mock_gpiod_edge(f->next, 6010 * MS, true); /* let go after 10 ms */
    assert_int_equal(next_edge(f, 6011 * MS, true).pressed, true);
    assert_int_equal(next_edge(f, 6011 * MS, true).button, TPR_BUTTON_COUNT);
    assert_int_equal(next_edge(f, 6029 * MS, false).button, TPR_BUTTON_COUNT);
    tpr_button_edge e = next_edge(f, 6030 * MS, false);
    assert_int_equal(e.button, TPR_BUTTON_NEXT);
    assert_false(e.pressed);
    assert_int_equal(e.t_us, 6010 * MS);
    f->in.close(f->in.ctx);
}

/* Without fd_ready the backend reads nothing: the edges wait in the kernel
 * (the fd stays readable) for the tick that saw it readable. */
static void edges_are_read_only_when_the_fd_was_readable(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    push(f->start, 1000 * MS);
    assert_int_equal(next_edge(f, 5000 * MS, false).button, TPR_BUTTON_COUNT);
    assert_true(readable(f->in.fd));
    expect_edge(f, TPR_BUTTON_START_PAUSE, true, 1000 * MS);
    f->in.close(f->in.ctx);
}

static void request_failure_names_the_key(void **state)
{
    fixture *f = *state;
    f->next->fail_request = EBUSY;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "tprd.conf: [buttons] next GPIO6: cannot request edge events"));
    assert_int_equal(f->start->mode, MOCK_FREE); /* the first button was given back */
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void unreadable_button_does_not_spin_the_loop(void **state)
{
    fixture *f = *state;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&f->in, &f->c, "tprd.conf", err, sizeof(err)), 0);
    mock_gpiod_edge(f->start, 1000 * MS, false);
    expect_edge(f, TPR_BUTTON_START_PAUSE, true, 1000 * MS);
    mock_gpiod_edge(f->start, 1500 * MS, true);
    f->start->fail_read = EIO;
    /* The held button counts as let go, once quiet: no long press follows. */
    expect_edge(f, TPR_BUTTON_START_PAUSE, false, 1000 * MS);
    assert_false(readable(f->in.fd));
    push(f->next, 2000 * MS); /* the other button still works */
    expect_edge(f, TPR_BUTTON_NEXT, true, 2000 * MS);
    f->in.close(f->in.ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(bouncy_push_is_one_press_and_one_release, setup),
        cmocka_unit_test_setup(presses_on_both_buttons_are_told_apart, setup),
        cmocka_unit_test_setup(active_high_buttons_press_on_rising_edges, setup),
        cmocka_unit_test_setup(tap_shorter_than_debounce_is_let_go, setup),
        cmocka_unit_test_setup(edges_are_read_only_when_the_fd_was_readable, setup),
        cmocka_unit_test_setup(request_failure_names_the_key, setup),
        cmocka_unit_test_setup(unreadable_button_does_not_spin_the_loop, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
