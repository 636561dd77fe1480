/* The control core: one tick takes the newest raw sample and returns the
 * motor command and events. Pure: no I/O, no allocation, no clock reads; the
 * same input always gives the same output.
 *
 * A tick: safety on the raw sample and the filter, then the running mode
 * (mode.h: therapy, or another way to run a session), then the motor law,
 * which cuts the motor for safety in the same tick whatever the mode. */
#ifndef TPR_CORE_H
#define TPR_CORE_H

#include <stddef.h>

#include "filter.h"
#include "intensity.h"
#include "mode.h"
#include "safety.h"
#include "tpr_types.h"

typedef struct tpr_core {
    tpr_core_cfg cfg;
    tpr_routine routine;
    tpr_safety safety;
    tpr_filter filter;
    tpr_intensity intensity;
    float last_filtered; /* NaN while there is no valid signal */
    uint32_t muscle;     /* the muscle under way, as the mode last said */
    const tpr_core_mode *mode;
    _Alignas(max_align_t) unsigned char mode_state[TPR_CORE_MODE_STATE_SIZE];
} tpr_core;

/* Set up the core for routine r (copied) with device settings cfg, running
 * mode (from tpr_core_mode_find()). Returns 0, or -1 when cfg or r is unusable
 * (no muscles, zero rate), mode is NULL or does not fit, or mode refuses r. */
int tpr_core_init_mode(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r,
                       const tpr_core_mode *mode);

/* tpr_core_init_mode() with the therapy mode. */
int tpr_core_init(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r);

/* Run one tick at time now_us with the newest sample s (s->t_us older than
 * now_us means no new sample arrived). Fills out completely. */
void tpr_core_step(tpr_core *c, int64_t now_us, const tpr_sample *s, tpr_output *out);

/* Hand a person's command to the running mode; takes effect at the next
 * tick. Returns 0, or -1 when the mode takes no such command. */
int tpr_core_command(tpr_core *c, tpr_command cmd);

/* Take r's doses for the muscles after the one under treatment: a reload
 * applies from the next muscle, the one under way keeps its dose. r must
 * list the same muscles in the same order. Returns 0, or -1 (nothing
 * changed) when it does not or a dose is unusable. */
int tpr_core_update_doses(tpr_core *c, const tpr_routine *r);

/* The dose of the muscle being treated (the last one once finished). */
const tpr_dose *tpr_core_dose(const tpr_core *c);

#endif
