/* Opening the device the system config describes: the simulated device,
 * or the hardware backends (libiio pressure, sysfs PWM motor, libgpiod
 * buttons and indicators), part by part. */
#ifndef TPR_DEVICE_H
#define TPR_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "system_config.h"

typedef struct tpr_device_opts {
    const char *hand_script; /* simulated hand's script, NULL for the built-in one */
    uint64_t seed;
} tpr_device_opts;

/* Fill hal from c. Returns 0, or -1 with a message naming the part in err;
 * on failure nothing stays open. */
int tpr_device_open(tpr_hal *hal, const tpr_system_config *c, const tpr_device_opts *o, char *err,
                    size_t errlen);

/* One line describing what was opened ("simulated device", ...). */
const char *tpr_device_describe(const tpr_system_config *c);

#endif
