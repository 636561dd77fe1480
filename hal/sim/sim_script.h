/* The simulated hand's script: one step per line, '#' starts a comment.
 *
 *   follow [DURATION]        react to the device's cues (whole routine, or for DURATION)
 *   press PRESSURE DURATION  move so the tip reaches PRESSURE after DURATION
 *   hold DURATION            keep the hand still
 *   keep PRESSURE DURATION   keep the tip at PRESSURE, pressing on as the
 *                            tissue gives (as a weight on the tip does)
 *   ramp PRESSURE DURATION   raise (or lower) the pressure at a steady rate
 *                            from where it is to PRESSURE over DURATION (an
 *                            algometer trial)
 *   lift DURATION            take the tip off over DURATION
 *   wait DURATION            do nothing for DURATION
 *   tremor PERCENT [FREQ]    tremor of the hand from now on (default 1.5 Hz)
 *   fault KIND DURATION      sensor fault from now on (read_error, nan, stuck,
 *                            stale, range, hang); the next step starts at once
 *   button NAME [DURATION]   press start_pause or next with the other hand
 *                            for DURATION (default 100 ms; held 1.5 s or
 *                            more is a long press), keeping the tip still
 */
#ifndef TPR_SIM_SCRIPT_H
#define TPR_SIM_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h"

#define TPR_SIM_MAX_STEPS 128

typedef enum tpr_sim_step_kind {
    TPR_STEP_FOLLOW,
    TPR_STEP_PRESS,
    TPR_STEP_HOLD,
    TPR_STEP_KEEP,
    TPR_STEP_LIFT,
    TPR_STEP_WAIT,
    TPR_STEP_TREMOR,
    TPR_STEP_FAULT,
    TPR_STEP_BUTTON,
    TPR_STEP_RAMP,
} tpr_sim_step_kind;

typedef struct tpr_sim_step {
    tpr_sim_step_kind kind;
    int64_t duration_us; /* 0 with follow: until the routine ends */
    float kpa;           /* press, keep, ramp */
    float pct, hz;       /* tremor */
    tpr_sim_fault fault; /* fault */
    tpr_button button;   /* button */
} tpr_sim_step;

typedef struct tpr_sim_script {
    uint32_t count;
    tpr_sim_step step[TPR_SIM_MAX_STEPS];
} tpr_sim_script;

/* Parse script text; origin names it in errors ("demo.hand:3: ..."). */
int tpr_sim_script_parse(const char *text, const char *origin, tpr_sim_script *s, char *err,
                         size_t errlen);

/* Read and parse the script file at path. */
int tpr_sim_script_load(const char *path, tpr_sim_script *s, char *err, size_t errlen);

#endif
