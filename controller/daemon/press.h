/* Short and long presses, decided in one place from the HAL's debounced
 * edges (pure: no clock, no I/O; time comes in with the edges and polls).
 *
 * A press let go before TPR_PRESS_LONG_US is short, reported at its
 * release. A press held TPR_PRESS_LONG_US is long, reported the moment the
 * hold reaches it (by tpr_presses_poll, or by its release if no poll came
 * in between), so the person feels the confirmation while still holding;
 * its release is then ignored. Every button has both kinds; which ones
 * mean something is the loop's business. */
#ifndef TPR_PRESS_H
#define TPR_PRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "hal.h"

/* A press held this long is a long press. */
#define TPR_PRESS_LONG_US 1500000

typedef enum tpr_press_kind {
    TPR_PRESS_SHORT,
    TPR_PRESS_LONG,
} tpr_press_kind;

/* What the person did with one button. */
typedef struct tpr_press {
    tpr_button button;
    tpr_press_kind kind;
} tpr_press;

/* One button's press under way. */
typedef struct tpr_press_hold {
    bool down;       /* pressed, not yet let go */
    bool reported;   /* this press has been reported (long) */
    int64_t down_us; /* when it was pressed */
} tpr_press_hold;

typedef struct tpr_presses {
    tpr_press_hold b[TPR_BUTTON_COUNT];
} tpr_presses;

/* Start with every button up. */
void tpr_presses_init(tpr_presses *p);

/* Feed one debounced edge. Returns true with *out when it ends a press
 * that was not reported yet. */
bool tpr_presses_edge(tpr_presses *p, const tpr_button_edge *e, tpr_press *out);

/* Returns true with *out when a button still held has reached the long
 * press by now_us (each press once). */
bool tpr_presses_poll(tpr_presses *p, int64_t now_us, tpr_press *out);

#endif
