/* An output line seen as active/inactive: active-low handled here, once,
 * for the motor enable line, the LED and the buzzer. Writes only on change
 * unless forced, so a control loop can call it every tick. */
#ifndef TPR_GPIO_OUTPUT_H
#define TPR_GPIO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "line.h"

typedef struct tpr_gpio_out {
    tpr_line *line; /* NULL: not wired; every call then does nothing */
    bool active_low;
    int state; /* last level written as active (1) or inactive (0); -1 unknown */
} tpr_gpio_out;

/* Request cfg (when cfg->used) as an output that starts inactive. who names
 * it in messages. Returns 0 or a negative errno with err set. */
int tpr_gpio_out_open(tpr_gpio_out *o, const tpr_line_cfg *cfg, const char *who, char *err,
                      size_t errlen);

/* Make the line active or inactive; writes only when that differs from the
 * last successful write. Returns 0 or a negative errno. */
int tpr_gpio_out_set(tpr_gpio_out *o, bool active);

/* Same, but always writes (for switching off after an error). */
int tpr_gpio_out_force(tpr_gpio_out *o, bool active);

/* Release the line (the kernel makes it an input; board resistors take over). */
void tpr_gpio_out_close(tpr_gpio_out *o);

#endif
