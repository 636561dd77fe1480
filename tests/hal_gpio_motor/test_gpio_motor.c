/* The GPIO motor as the daemon opens it, through its entry in the backend
 * table: the line low from the request on, high for any intensity above 0,
 * low for 0, NaN and after an error, low and released when closed. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "backends.h"
#include "gpio_motor.h"
#include "mock_gpiod.h"

typedef struct fixture {
    tpr_gpio_motor_options o;
    mock_line *line;
    tpr_hal hal;
} fixture;

static int setup(void **state)
{
    static fixture f;
    mock_gpiod_reset();
    f.line = mock_gpiod_add("gpiochip0", 18, "GPIO18");
    f.o = (tpr_gpio_motor_options){.line = mock_line_cfg("gpiochip0", 18, NULL, false)};
    f.hal = (tpr_hal){.inputs.fd = -1};
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tpr_hal_close(&f->hal);
    return 0;
}

/* The module's entry point, linked in here over the mocks. */
tpr_backend_open_fn tpr_gpio_motor_backend_open;

/* Open [motor] backend = gpio through the entry point the table names, as
 * tprd does from tpr-gpiod.so. */
static int open_motor(fixture *f, char *err, size_t errlen)
{
    const tpr_backend *b = tpr_backend_find(TPR_PART_MOTOR, "gpio");
    assert_non_null(b);
    assert_null(b->open);
    assert_string_equal(b->module, "tpr-gpiod");
    assert_string_equal(b->open_symbol, "tpr_gpio_motor_backend_open");
    tpr_backend_env env = {.config_path = "tprd.conf", .tip_area_cm2 = 1.0f};
    return tpr_gpio_motor_backend_open(&f->hal, &f->o, &env, err, errlen);
}

static void open_ok(fixture *f)
{
    char err[256] = "";
    if (open_motor(f, err, sizeof(err)))
        fail_msg("open: %s", err);
}

static int set(fixture *f, float pct)
{
    return f->hal.motor.set(f->hal.motor.ctx, pct);
}

static void starts_low_and_follows_the_intensity(void **state)
{
    fixture *f = *state;
    open_ok(f);
    assert_int_equal(f->line->mode, MOCK_OUTPUT);
    assert_string_equal(f->line->consumer, "tprd");
    assert_int_equal(f->line->value, 0);
    assert_int_equal(set(f, 40.0f), 0);
    assert_int_equal(f->line->value, 1);
    assert_int_equal(set(f, 0.5f), 0); /* no PWM: any intensity above 0 is on */
    assert_int_equal(f->line->value, 1);
    assert_int_equal(set(f, 0.0f), 0);
    assert_int_equal(f->line->value, 0);
    assert_int_equal(set(f, 100.0f), 0);
    assert_int_equal(set(f, NAN), 0);
    assert_int_equal(f->line->value, 0);
    assert_int_equal(set(f, 100.0f), 0);
    assert_int_equal(set(f, -5.0f), 0);
    assert_int_equal(f->line->value, 0);
}

/* The loop calls set every tick: a level already written is not written again. */
static void writes_only_changes(void **state)
{
    fixture *f = *state;
    open_ok(f);
    int before = f->line->writes;
    for (int i = 0; i < 100; i++)
        set(f, 30.0f + (float)(i % 7));
    assert_int_equal(f->line->writes - before, 1);
}

static void off_and_close_leave_it_low_and_released(void **state)
{
    fixture *f = *state;
    open_ok(f);
    set(f, 80.0f);
    assert_int_equal(tpr_hal_motor_off(&f->hal), 0);
    assert_int_equal(f->line->value, 0);
    set(f, 80.0f);
    tpr_hal_close(&f->hal);
    assert_int_equal(f->line->value, 0);
    assert_int_equal(f->line->mode, MOCK_FREE);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

/* A failed write is reported; the next set writes again rather than
 * trusting a level it never saw written. */
static void a_write_error_is_reported_and_retried(void **state)
{
    fixture *f = *state;
    open_ok(f);
    f->line->fail_set = EIO;
    assert_int_equal(set(f, 60.0f), -EIO);
    assert_int_equal(f->line->value, 0);
    f->line->fail_set = 0;
    assert_int_equal(set(f, 0.0f), 0);
    assert_int_equal(set(f, 60.0f), 0);
    assert_int_equal(f->line->value, 1);
}

/* The fail-safe is a released line pulled down: active high only, whatever
 * the line spec says. */
static void always_active_high(void **state)
{
    fixture *f = *state;
    f->o.line.active_low = true;
    open_ok(f);
    assert_int_equal(f->line->value, 0);
    set(f, 50.0f);
    assert_int_equal(f->line->value, 1);
}

static void a_missing_line_names_the_key(void **state)
{
    fixture *f = *state;
    f->o.line = mock_line_cfg("gpiochip0", 30, NULL, false);
    char err[256] = "";
    assert_int_equal(open_motor(f, err, sizeof(err)), -1);
    if (!strstr(err, "tprd.conf: [motor] line gpiochip0:30"))
        fail_msg("'%s'", err);
    assert_null(f->hal.motor.set);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(starts_low_and_follows_the_intensity, setup, teardown),
        cmocka_unit_test_setup_teardown(writes_only_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(off_and_close_leave_it_low_and_released, setup, teardown),
        cmocka_unit_test_setup_teardown(a_write_error_is_reported_and_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(always_active_high, setup, teardown),
        cmocka_unit_test_setup_teardown(a_missing_line_names_the_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
