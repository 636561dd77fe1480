/* The control core: one tick takes the newest raw sample and returns the
 * motor command and events. Pure: no I/O, no allocation, no clock reads; the
 * same input always gives the same output. */
#ifndef TPR_CORE_H
#define TPR_CORE_H

#include "tpr_types.h"
#include "filter.h"
#include "release.h"
#include "safety.h"
#include "therapy.h"
#include "intensity.h"

/* The popliteal fossa holds the tibial nerve and the popliteal vessels: the
 * popliteus never vibrates harder than this, whatever a profile asks for
 * (profiles asking for more are refused; the core caps it all the same). */
#define TPR_POPLITEUS_MAX_PCT 30.0f

/* Commands from the person (buttons, control socket). */
typedef enum tpr_command {
    TPR_CMD_PAUSE,  /* motor off, state machine frozen until resumed */
    TPR_CMD_RESUME, /* go on where the pause stopped */
    TPR_CMD_NEXT,   /* skip to the next muscle (rest first) */
} tpr_command;

typedef struct tpr_core {
    tpr_core_cfg cfg;
    tpr_routine routine;
    tpr_safety safety;
    tpr_filter filter;
    tpr_therapy therapy;
    tpr_release release;
    tpr_intensity intensity;
    float last_filtered; /* NaN while there is no valid signal */
    bool paused;
    bool skip; /* TPR_CMD_NEXT, applied at the next tick */
} tpr_core;

/* Set up the core for routine r (copied) with device settings cfg.
 * Returns 0, or -1 when cfg or r is unusable (no muscles, zero rate). */
int tpr_core_init(tpr_core *c, const tpr_core_cfg *cfg, const tpr_routine *r);

/* Run one tick at time now_us with the newest sample s (s->t_us older than
 * now_us means no new sample arrived). Fills out completely. */
void tpr_core_step(tpr_core *c, int64_t now_us, const tpr_sample *s, tpr_output *out);

/* Apply a person's command; takes effect at the next tick. */
void tpr_core_command(tpr_core *c, tpr_command cmd);

/* The dose of the muscle being treated (the last one once finished). */
const tpr_dose *tpr_core_dose(const tpr_core *c);

#endif
