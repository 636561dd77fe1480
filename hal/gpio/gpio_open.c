/* The GPIO buttons and indicators opened: entry points of the module
 * tpr-gpiod.so. */
#include "backend.h"
#include "gpio_lines.h"

tpr_backend_open_fn tpr_gpio_inputs_backend_open;
tpr_backend_open_fn tpr_gpio_indicator_backend_open;

int tpr_gpio_inputs_backend_open(tpr_hal *hal, const void *o, const tpr_backend_env *env, char *err,
                                 size_t errlen)
{
    return tpr_gpio_inputs_open(&hal->inputs, o, env->config_path, err, errlen);
}

int tpr_gpio_indicator_backend_open(tpr_hal *hal, const void *o, const tpr_backend_env *env,
                                    char *err, size_t errlen)
{
    return tpr_gpio_indicator_open(&hal->indicator, o, env->config_path, err, errlen);
}
