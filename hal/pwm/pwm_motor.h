/* The vibration motor on a sysfs PWM channel plus a motor-enable GPIO line
 * (hal backend). Off means the enable line inactive, duty 0 AND the PWM
 * output disabled, always all three.
 *
 * Fail-safe: the enable line drives the MOSFET gate (or the driver's enable)
 * and has a pull-down on the board. The daemon holds it as an output while
 * it runs; when the daemon exits or dies the kernel releases the line, it
 * becomes an input, and the pull-down stops the motor whatever the PWM does:
 * sysfs PWM keeps its last setting when its process dies. Opening stops
 * what an earlier process left running.
 */
#ifndef TPR_PWM_MOTOR_H
#define TPR_PWM_MOTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "line_spec.h"

/* The [motor] options of the PWM backend. */
typedef struct tpr_pwm_options {
    char root[128];             /* "/sys/class/pwm", overridable for tests */
    uint32_t chip;              /* pwmchipN */
    uint32_t channel;           /* pwmN */
    uint32_t period_ns;         /* 0: not set */
    float min_duty_pct;         /* smallest duty that actually spins the motor */
    tpr_line_cfg enable;        /* motor enable line (pull-down on the board) */
    bool unsafe_without_enable; /* bench only: a PWM motor with no enable line */
} tpr_pwm_options;

/* Open the motor o describes: request the enable line (o->enable, when
 * wired) as an output, inactive; export pwmchip<o->chip>/pwm<channel>
 * under o->root if needed; write enable 0 and duty_cycle 0 (whatever
 * was left there), then period, and keep duty_cycle and enable open for
 * the loop. m->set(pct): 0 (or less, or NaN) switches off; above 0 the duty
 * is max(pct, o->min_duty_pct) of the period, then the PWM output and the
 * enable line go on. Any write error switches off and returns the negative
 * errno. Returns 0, or -1 with err naming the file or line (the enable
 * line's error, with config_path, when both fail); on failure too the PWM
 * is stopped, as far as the channel exists, and the line released. */
int tpr_pwm_motor_open(tpr_motor *m, const tpr_pwm_options *o, const char *config_path, char *err,
                       size_t errlen);

#endif
