/* [motor] backend = gpio opened: an entry point of the module
 * tpr-gpiod.so. */
#include "backend.h"
#include "gpio_motor.h"

tpr_backend_open_fn tpr_gpio_motor_backend_open;

int tpr_gpio_motor_backend_open(tpr_hal *hal, const void *o, const tpr_backend_env *env, char *err,
                                size_t errlen)
{
    return tpr_gpio_motor_open(&hal->motor, o, env->config_path, err, errlen);
}
