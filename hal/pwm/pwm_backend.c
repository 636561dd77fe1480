/* The PWM motor's entry in the table: [motor] backend = pwm, its keys, and
 * the rule that makes it safe: an enable line, or a warning every start.
 * Its open is in the module tpr-gpiod.so (pwm_open.c). */
#include "backend.h"
#include "pwm_motor.h"

typedef tpr_pwm_options opts;

_Static_assert(sizeof(opts) <= TPR_BACKEND_OPTIONS_MAX, "pwm options fit the config");

static const tpr_option rows[] = {
    TPR_ROW_TEXT(opts, "motor", "pwm_root", root, "/sys/class/pwm", "sysfs PWM directory"),
    TPR_ROW_NUM(opts, "motor", "pwmchip", TPR_OPT_UINT, TPR_UNIT_COUNT, chip, 0, 255, "0",
                "PWM chip: pwmchipN under pwm_root"),
    TPR_ROW_NUM(opts, "motor", "channel", TPR_OPT_UINT, TPR_UNIT_COUNT, channel, 0, 255, "0",
                "PWM channel: pwmN of the chip"),
    TPR_ROW_NUM(opts, "motor", "period", TPR_OPT_UINT, TPR_UNIT_PERIOD, period_ns, 1000, 100000000,
                NULL, "PWM period, or its frequency (25 kHz); needed for backend = pwm"),
    TPR_ROW_NUM(opts, "motor", "min_duty", TPR_OPT_FLOAT, TPR_UNIT_PERCENT, min_duty_pct, 0, 99,
                "0",
                "smallest duty cycle that still spins the motor; intensities above 0 start here"),
    TPR_ROW_LINE(opts, "motor", "enable", enable,
                 "motor enable line, needed with backend = pwm: held while the daemon runs, pulled "
                 "down on the board"),
    TPR_ROW_FLAG(opts, "motor", "enable_active_low", enable.active_low, "false",
                 "the enable line is active low"),
    TPR_ROW_FLAG(
        opts, "motor", "unsafe_without_enable", unsafe_without_enable, "false",
        "bench only: run a PWM motor with no enable line, which then keeps running if tprd "
        "dies (warned at every start)"),
};

static void check(const void *p, bool selected, tpr_backend_fail *fail, void *ctx)
{
    const opts *o = p;
    /* Sysfs PWM keeps running when its process dies: only the enable
     * line, released by the kernel and pulled down on the board, stops it. */
    if (selected && !o->enable.used && !o->unsafe_without_enable)
        fail(ctx, "backend", "enable",
             "[motor] backend = pwm needs enable = LINE, the motor-enable line pulled down on "
             "the board: the PWM keeps running when tprd dies, only that line stops the motor");
    if (o->unsafe_without_enable && o->enable.used)
        fail(ctx, "enable", "unsafe_without_enable",
             "[motor] unsafe_without_enable = true is for a motor without an enable line, but "
             "enable is set");
    if (selected && !o->period_ns)
        fail(ctx, "backend", "period", "[motor] backend = pwm needs period (e.g. 40 us or 25 kHz)");
}

static const char *warning(const void *p)
{
    const opts *o = p;
    if (o->enable.used)
        return NULL;
    return "[motor] unsafe_without_enable: no enable line, so the motor keeps running if tprd "
           "dies (bench use only)";
}

const tpr_backend tpr_pwm_backend = {
    .name = "pwm",
    .part = TPR_PART_MOTOR,
    .options = rows,
    .option_count = sizeof(rows) / sizeof(rows[0]),
    .options_size = sizeof(opts),
    .check = check,
    .warning = warning,
    .module = "tpr-gpiod",
    .open_symbol = "tpr_pwm_backend_open",
};
