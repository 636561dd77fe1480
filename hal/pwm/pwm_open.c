/* [motor] backend = pwm opened: an entry point of the module tpr-gpiod.so
 * (the enable line needs libgpiod). */
#include "backend.h"
#include "pwm_motor.h"

tpr_backend_open_fn tpr_pwm_backend_open;

int tpr_pwm_backend_open(tpr_hal *hal, const void *o, const tpr_backend_env *env, char *err,
                         size_t errlen)
{
    return tpr_pwm_motor_open(&hal->motor, o, env->config_path, err, errlen);
}
