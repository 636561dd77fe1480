/* Opening the device the system config describes: each part from the
 * backend the config chooses (hal/backends.h), motor first, the simulated
 * world shared by whichever parts are simulated. */
#ifndef TPR_DEVICE_H
#define TPR_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "system_config.h"

typedef struct tpr_device_opts {
    const char *hand_script; /* simulated hand's script, NULL for the built-in one */
    uint64_t seed;
    bool pressure_only; /* open the pressure part alone (calibration) */
    int reader_prio;    /* SCHED_FIFO priority of a reader thread (one below the loop); 0: none */
} tpr_device_opts;

/* Fill hal from c. Returns 0, or -1 with a message naming the part in err;
 * on failure nothing stays open. */
int tpr_device_open(tpr_hal *hal, const tpr_system_config *c, const tpr_device_opts *o, char *err,
                    size_t errlen);

/* Whether a and b open the same device: the same backends with the same
 * options and tip area (their paths, rate and the rest aside). */
bool tpr_device_same(const tpr_system_config *a, const tpr_system_config *b);

/* Write one line describing what c opens into buf ("simulated device",
 * "IIO pressure, PWM motor", ...). */
void tpr_device_describe(const tpr_system_config *c, char *buf, size_t len);

#endif
