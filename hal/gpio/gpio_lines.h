/* Buttons and indicators on GPIO lines through libgpiod (hal backends). */
#ifndef TPR_GPIO_LINES_H
#define TPR_GPIO_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "line_spec.h"

/* [buttons]: either line may be absent. */
typedef struct tpr_gpio_inputs_options {
    tpr_line_cfg start_pause;
    tpr_line_cfg next;
    uint32_t debounce_ms;
    bool active_low; /* copied into start_pause and next */
} tpr_gpio_inputs_options;

/* [indicators]: either line may be absent. */
typedef struct tpr_gpio_indicator_options {
    tpr_line_cfg led;
    tpr_line_cfg buzzer;
    bool active_low; /* copied into led and buzzer */
} tpr_gpio_indicator_options;

/* Open the start/pause and next buttons that o wires (either may be
 * absent) as edge-event lines debounced by o->debounce_ms. in->fd is one
 * epoll descriptor over both lines for the daemon's loop; in->next reads
 * pending edges without blocking and returns one press at a time. Returns
 * 0, or -1 with err naming config_path, the key and the line. */
int tpr_gpio_inputs_open(tpr_inputs *in, const tpr_gpio_inputs_options *o, const char *config_path,
                         char *err, size_t errlen);

/* Open the LED and buzzer that o wires (either may be absent), both off.
 * ind->show drives them from the signal and the time (see cue.h), writing
 * a line only when its level changes. Returns 0, or -1 with err set. */
int tpr_gpio_indicator_open(tpr_indicator *ind, const tpr_gpio_indicator_options *o,
                            const char *config_path, char *err, size_t errlen);

#endif
