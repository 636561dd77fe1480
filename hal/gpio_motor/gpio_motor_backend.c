/* The GPIO motor's entry in the table: [motor] backend = gpio and its line.
 * Its open is in the module tpr-gpiod.so (gpio_motor_open.c). */
#include "backend.h"
#include "gpio_motor.h"

typedef tpr_gpio_motor_options opts;

_Static_assert(sizeof(opts) <= TPR_BACKEND_OPTIONS_MAX, "gpio motor options fit the config");

static const tpr_option rows[] = {
    TPR_ROW_LINE(opts, "motor", "line", line,
                 "motor switch line, needed with backend = gpio: on while the intensity is above "
                 "0, active high, pulled down on the board"),
};

static void check(const void *p, bool selected, tpr_backend_fail *fail, void *ctx)
{
    const opts *o = p;
    if (selected && !o->line.used)
        fail(ctx, "backend", "line",
             "[motor] backend = gpio needs line = LINE, the motor's switch line pulled down on "
             "the board");
}

const tpr_backend tpr_gpio_motor_backend = {
    .name = "gpio",
    .part = TPR_PART_MOTOR,
    .options = rows,
    .option_count = sizeof(rows) / sizeof(rows[0]),
    .options_size = sizeof(opts),
    .check = check,
    .module = "tpr-gpiod",
    .open_symbol = "tpr_gpio_motor_backend_open",
};
