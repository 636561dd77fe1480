/* Buttons and indicators on GPIO lines through libgpiod (hal backends). */
#ifndef TPR_GPIO_LINES_H
#define TPR_GPIO_LINES_H

#include <stddef.h>

#include "hal.h"
#include "system_config.h"

/* Open the start/pause and next buttons that c wires (either may be
 * absent) as edge-event lines debounced by c->debounce_ms. in->fd is one
 * epoll descriptor over both lines for the daemon's loop; in->next reads
 * pending edges without blocking and returns one press at a time. Returns
 * 0, or -1 with err naming the config key and the line. */
int tpr_gpio_inputs_open(tpr_inputs *in, const tpr_system_config *c, char *err, size_t errlen);

/* Open the LED and buzzer that c wires (either may be absent), both off.
 * ind->show drives them from the signal and the time (see cue.h), writing
 * a line only when its level changes. Returns 0, or -1 with err set. */
int tpr_gpio_indicator_open(tpr_indicator *ind, const tpr_system_config *c, char *err,
                            size_t errlen);

#endif
