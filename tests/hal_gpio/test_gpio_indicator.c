/* LED and buzzer through the hal: right levels with active-low wiring,
 * a write only when a level changes, beeps timed from the signal's start. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "gpio_lines.h"
#include "mock_gpiod.h"

#define MS 1000

typedef struct fixture {
    tpr_gpio_indicator_options c;
    mock_line *led, *buzzer;
    tpr_indicator ind;
} fixture;

static int setup(void **state)
{
    static fixture f;
    mock_gpiod_reset();
    f.c = (tpr_gpio_indicator_options){.active_low = false};
    f.led = mock_gpiod_add("gpiochip0", 22, "GPIO22");
    f.buzzer = mock_gpiod_add("gpiochip0", 27, "GPIO27");
    f.c.led = mock_line_cfg("gpiochip0", 22, NULL, true);
    f.c.buzzer = mock_line_cfg("gpiochip0", 27, NULL, false);
    char err[256];
    assert_int_equal(tpr_gpio_indicator_open(&f.ind, &f.c, "", err, sizeof(err)), 0);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->ind.close)
        f->ind.close(f->ind.ctx);
    f->ind.close = NULL;
    return 0;
}

static void starts_dark_with_active_low_led(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->led->value, 1); /* active low: high is off */
    assert_int_equal(f->buzzer->value, 0);
    assert_string_equal(f->led->consumer, "tprd");
}

static void in_band_lights_and_writes_once(void **state)
{
    fixture *f = *state;
    int before = f->led->writes;
    for (int ms = 0; ms < 1000; ms += 2)
        assert_int_equal(f->ind.show(f->ind.ctx, 5000 * MS + ms * MS, TPR_SIG_IN_BAND), 0);
    assert_int_equal(f->led->value, 0); /* on */
    assert_int_equal(f->led->writes - before, 1);
    assert_int_equal(f->buzzer->value, 0);
}

static void done_beeps_from_its_own_start(void **state)
{
    fixture *f = *state;
    int64_t t = 7000 * MS + 333; /* not on any pattern boundary */
    f->ind.show(f->ind.ctx, t, TPR_SIG_IN_BAND);
    f->ind.show(f->ind.ctx, t + 10 * MS, TPR_SIG_DONE);
    assert_int_equal(f->buzzer->value, 1);
    f->ind.show(f->ind.ctx, t + 150 * MS, TPR_SIG_DONE);
    assert_int_equal(f->buzzer->value, 0);
    f->ind.show(f->ind.ctx, t + 250 * MS, TPR_SIG_DONE);
    assert_int_equal(f->buzzer->value, 1);
    f->ind.show(f->ind.ctx, t + 2000 * MS, TPR_SIG_DONE);
    assert_int_equal(f->buzzer->value, 0);
    assert_int_equal(f->buzzer->writes, 1 + 4);
}

static void write_failure_is_returned_and_retried(void **state)
{
    fixture *f = *state;
    f->led->fail_set = EIO;
    assert_int_equal(f->ind.show(f->ind.ctx, 0, TPR_SIG_IN_BAND), -EIO);
    f->led->fail_set = 0;
    assert_int_equal(f->ind.show(f->ind.ctx, 2 * MS, TPR_SIG_IN_BAND), 0);
    assert_int_equal(f->led->value, 0);
}

static void close_leaves_both_off_and_released(void **state)
{
    fixture *f = *state;
    f->ind.show(f->ind.ctx, 0, TPR_SIG_DONE);
    assert_int_equal(f->buzzer->value, 1);
    f->ind.close(f->ind.ctx);
    f->ind.close = NULL;
    assert_int_equal(f->buzzer->value, 0);
    assert_int_equal(f->led->value, 1);
    assert_int_equal(f->led->mode, MOCK_FREE);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void missing_led_names_the_key(void **state)
{
    fixture *f = *state;
    f->ind.close(f->ind.ctx);
    f->ind.close = NULL;
    tpr_gpio_indicator_options c = f->c;
    c.buzzer = mock_line_cfg("gpiochip0", 28, NULL, false);
    char err[256];
    assert_int_equal(tpr_gpio_indicator_open(&f->ind, &c, "/etc/tprd/tprd.conf", err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "/etc/tprd/tprd.conf: [indicators] buzzer gpiochip0:28"));
    assert_int_equal(f->led->mode, MOCK_FREE);
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(starts_dark_with_active_low_led, setup, teardown),
        cmocka_unit_test_setup_teardown(in_band_lights_and_writes_once, setup, teardown),
        cmocka_unit_test_setup_teardown(done_beeps_from_its_own_start, setup, teardown),
        cmocka_unit_test_setup_teardown(write_failure_is_returned_and_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(close_leaves_both_off_and_released, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_led_names_the_key, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
