#include "device.h"

#include <stdio.h>

#include "sim.h"
#ifdef TPRD_HAVE_IIO
#include "iio_pressure.h"
#endif
#ifdef TPRD_HAVE_GPIOD
#include "gpio_lines.h"
#include "pwm_motor.h"
#endif

const char *tpr_device_describe(const tpr_system_config *c)
{
    if (c->pressure == TPR_PRESSURE_SIM && c->motor == TPR_MOTOR_SIM)
        return "simulated device";
    if (c->pressure == TPR_PRESSURE_IIO && c->motor == TPR_MOTOR_PWM)
        return "IIO pressure, PWM motor";
    return c->pressure == TPR_PRESSURE_IIO ? "IIO pressure, simulated motor"
                                           : "simulated pressure, PWM motor";
}

static int open_sim(tpr_hal *hal, const tpr_device_opts *o, char *err, size_t errlen)
{
    tpr_sim_config sc;
    tpr_sim_config_default(&sc);
    sc.seed = o->seed ? o->seed : sc.seed;
    sc.script_path = o->hand_script;
    return tpr_sim_open(hal, &sc, err, errlen);
}

/* Builds without a hardware library still read hardware configs: they
 * refuse them with a clear message instead of silently simulating. */
#ifndef TPRD_HAVE_IIO
static int tpr_iio_open(tpr_pressure *p, const tpr_system_config *c, char *err, size_t errlen)
{
    (void)p;
    snprintf(err, errlen, "%s: [pressure] backend = iio, but this build has no libiio", c->path);
    return -1;
}
#endif
#ifndef TPRD_HAVE_GPIOD
static int no_gpiod(const tpr_system_config *c, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: %s needs libgpiod, which this build lacks", c->path, what);
    return -1;
}

static int tpr_pwm_motor_open(tpr_motor *m, const tpr_system_config *c, char *err, size_t errlen)
{
    (void)m;
    return no_gpiod(c, "[motor] backend = pwm", err, errlen);
}

static int tpr_gpio_inputs_open(tpr_inputs *in, const tpr_system_config *c, char *err,
                                size_t errlen)
{
    (void)in;
    return no_gpiod(c, "[buttons]", err, errlen);
}

static int tpr_gpio_indicator_open(tpr_indicator *ind, const tpr_system_config *c, char *err,
                                   size_t errlen)
{
    (void)ind;
    return no_gpiod(c, "[indicators]", err, errlen);
}
#endif

int tpr_device_open(tpr_hal *hal, const tpr_system_config *c, const tpr_device_opts *o, char *err,
                    size_t errlen)
{
    /* The simulated device first: it fills every part; hardware then takes
     * over the parts the config names, each closing the simulated one. */
    if (open_sim(hal, o, err, errlen))
        return -1;
    if (c->pressure == TPR_PRESSURE_IIO) {
        hal->pressure.close(hal->pressure.ctx);
        hal->pressure = (tpr_pressure){0};
        if (tpr_iio_open(&hal->pressure, c, err, errlen))
            goto fail;
    }
    if (c->motor == TPR_MOTOR_PWM) {
        hal->motor.close(hal->motor.ctx);
        hal->motor = (tpr_motor){0};
        if (tpr_pwm_motor_open(&hal->motor, c, err, errlen))
            goto fail;
    }
    /* With both of its parts replaced the simulated world is freed: its
     * stand-in indicator and buttons must not outlive it. */
    if (c->pressure == TPR_PRESSURE_IIO && c->motor == TPR_MOTOR_PWM) {
        hal->indicator = (tpr_indicator){0};
        hal->inputs = (tpr_inputs){.fd = -1};
    }
    if (c->start_pause.used || c->next.used) {
        hal->inputs = (tpr_inputs){.fd = -1};
        if (tpr_gpio_inputs_open(&hal->inputs, c, err, errlen))
            goto fail;
    }
    if (c->led.used || c->buzzer.used) {
        hal->indicator = (tpr_indicator){0};
        if (tpr_gpio_indicator_open(&hal->indicator, c, err, errlen))
            goto fail;
    }
    return 0;
fail:
    tpr_hal_close(hal);
    return -1;
}
