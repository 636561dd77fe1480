/* The therapy state machine: idle → contact → hold ↔ over → done → rest →
 * next repetition or muscle, with fault from anywhere. */
#ifndef TPR_THERAPY_H
#define TPR_THERAPY_H

#include <stdbool.h>
#include <stdint.h>

#include "mode.h"
#include "release.h"
#include "tpr_types.h"

typedef struct tpr_therapy {
    tpr_state state;
    tpr_state before_fault; /* where to go back to when a fault clears */
    uint32_t muscle;        /* index into the routine */
    uint32_t rep;           /* from 1 */
    int64_t hold_us;        /* time in band this repetition */
    bool hold_started;      /* hold_start raised in this repetition */
    int64_t since_us;       /* entry time of done / rest */
    int64_t last_us;
    bool started;
    tpr_done_reason reason;
    bool finished;
    tpr_release release; /* the detector of this repetition's hold */
} tpr_therapy;

/* Start at the first repetition of the routine's first muscle. */
void tpr_therapy_init(tpr_therapy *t, const tpr_routine *r);

/* Advance one tick of in->routine (the routine t was started on); returns
 * the events raised (tpr_event bits). */
uint32_t tpr_therapy_step(tpr_therapy *t, const tpr_core_mode_in *in);

/* Finish the repetition under way now and move on to its rest
 * (TPR_CMD_NEXT): it ends with event done and reason none; the rest then
 * leads to the next repetition, or after the last to the next muscle. One
 * already done finishes its cue and rest. Returns the events raised. */
uint32_t tpr_therapy_skip(tpr_therapy *t, int64_t now_us);

/* A paused tick at now_us: time passes without counting, so the hold, the
 * done cue and the rest all go on from where they stopped when resumed. */
void tpr_therapy_freeze(tpr_therapy *t, int64_t now_us);

#endif
