/* A vibration motor switched on and off by one GPIO line (hal backend):
 * no PWM, so any intensity above 0 is on and 0 is off.
 *
 * Fail-safe: the line drives the MOSFET gate (or the driver's enable) and
 * has a pull-down on the board. The daemon holds it as an output while it
 * runs; when it exits or dies the kernel releases the line, it becomes an
 * input, and the pull-down stops the motor. The line is the motor's only
 * control, so it is its own enable line: a PWM motor needs a separate one
 * because sysfs PWM keeps its last setting when its process dies, but
 * nothing else here can keep this motor running. For the same reason the
 * line is active high: a released line must read as off.
 */
#ifndef TPR_GPIO_MOTOR_H
#define TPR_GPIO_MOTOR_H

#include <stddef.h>

#include "hal.h"
#include "line_spec.h"

/* The [motor] options of the GPIO backend. */
typedef struct tpr_gpio_motor_options {
    tpr_line_cfg line; /* the motor's switch line, active high */
} tpr_gpio_motor_options;

/* Request o->line as an output, low from the first instant, and fill m:
 * m->set(pct) drives it high for pct > 0 and low otherwise (also NaN);
 * m->off and m->close drive it low whatever was last written, and close
 * releases it. A failed write switches off and returns the negative errno.
 * Returns 0, or -1 with err naming config_path, [motor] line and the line. */
int tpr_gpio_motor_open(tpr_motor *m, const tpr_gpio_motor_options *o, const char *config_path,
                        char *err, size_t errlen);

#endif
