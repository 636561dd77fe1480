/* What the LED and the buzzer do for each signal: the pattern table, in
 * one place. Pure: the state of both outputs is a function of the signal
 * and of how long it has been shown. */
#ifndef TPR_CUE_H
#define TPR_CUE_H

#include <stdbool.h>
#include <stdint.h>

#include "tpr_types.h"

/* The two outputs of the indicator at one instant (the motor's haptic cues
 * are tpr_cue, controller/core/intensity.h). */
typedef struct tpr_indicator_outputs {
    bool led;
    bool buzzer;
} tpr_indicator_outputs;

/* LED and buzzer for signal sig, since_us after it was first shown:
 * off: 50 ms flash every 2 s (ready); too soft: slow blink, 1 Hz; in band:
 * steady; too hard: fast blink, 5 Hz; done: steady with two short beeps;
 * fault: short flashes at 4 Hz with one 1 s beep; rest: dark and silent. */
tpr_indicator_outputs tpr_cue_at(tpr_signal sig, int64_t since_us);

#endif
