/* [pressure] backend = iio opened: the entry point of the module tpr-iio.so,
 * which the daemon loads only when the config chooses the backend. */
#include "backend.h"
#include "iio_pressure.h"

tpr_backend_open_fn tpr_iio_backend_open;

int tpr_iio_backend_open(tpr_hal *hal, const void *o, const tpr_backend_env *env, char *err,
                         size_t errlen)
{
    tpr_sampler_opts so = {
        .period_us = 1000000 / (env->rate_hz ? env->rate_hz : 100),
        .rt_prio = env->reader_prio,
        .name = "tprd-reader",
        .lockstep = env->lockstep,
    };
    return tpr_iio_open(&hal->pressure, o, env->tip_area_cm2, env->config_path, &so, err, errlen);
}
