#include "gpio_motor.h"

#include <stdio.h>
#include <stdlib.h>

#include "gpio_output.h"

static int motor_set(void *ctx, float pct)
{
    tpr_gpio_out *line = ctx;
    int r = tpr_gpio_out_set(line, pct > 0.0f); /* NaN compares false: off */
    if (r)
        tpr_gpio_out_force(line, false);
    return r;
}

static int motor_off(void *ctx)
{
    return tpr_gpio_out_force(ctx, false);
}

static void motor_close(void *ctx)
{
    motor_off(ctx);
    /* Released, the line turns input and the board's pull-down holds the
     * motor off. */
    tpr_gpio_out_close(ctx);
    free(ctx);
}

int tpr_gpio_motor_open(tpr_motor *m, const tpr_gpio_motor_options *o, const char *config_path,
                        char *err, size_t errlen)
{
    tpr_gpio_out *line = malloc(sizeof(*line));
    if (!line) {
        snprintf(err, errlen, "motor: out of memory");
        return -1;
    }
    char who[320];
    tpr_line_who(who, sizeof(who), config_path, "motor", "line");
    tpr_line_cfg cfg = o->line;
    cfg.active_low = false;
    if (tpr_gpio_out_open(line, &cfg, who, err, errlen)) {
        free(line);
        return -1;
    }
    *m = (tpr_motor){.set = motor_set, .off = motor_off, .close = motor_close, .ctx = line};
    return 0;
}
