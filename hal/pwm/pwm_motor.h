/* The vibration motor on a sysfs PWM channel plus a motor-enable GPIO line
 * (hal backend). Off means duty 0 AND enable inactive, always both.
 *
 * Fail-safe: the enable line drives the MOSFET gate (or the driver's enable)
 * and has a pull-down on the board. The daemon holds it as an output while
 * it runs; when the daemon exits or dies the kernel releases the line, it
 * becomes an input, and the pull-down stops the motor whatever the PWM does.
 */
#ifndef TPR_PWM_MOTOR_H
#define TPR_PWM_MOTOR_H

#include <stddef.h>

#include "hal.h"
#include "system_config.h"

/* Open the motor c describes: request the enable line (c->enable, when
 * wired) as an output, inactive; export pwmchip<c->pwm_chip>/pwm<channel>
 * under c->pwm_root if needed; write duty_cycle 0, period, enable 1; keep
 * duty_cycle open for the loop. m->set(pct): 0 (or less, or NaN) switches
 * off; above 0 the duty is max(pct, c->min_duty_pct) of the period and the
 * enable line goes active. Any write error switches off and returns the
 * negative errno. Returns 0, or -1 with err naming the file or line; on
 * failure the motor is left off. */
int tpr_pwm_motor_open(tpr_motor *m, const tpr_system_config *c, char *err, size_t errlen);

#endif
