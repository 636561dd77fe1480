/* The pressure-pain-threshold measurement as a mode of the core (the
 * device as a pressure algometer): motor off, the person presses with a
 * steadily rising pressure and says "painful" (TPR_CMD_PAINFUL); the
 * pressure at that moment is the threshold. Three reliable trials make the
 * site's threshold, their mean. */
#ifndef TPR_MODE_PPT_H
#define TPR_MODE_PPT_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"

/* Target rise rate: Fischer 1987 (Pain 30:115) raised the force at 10 N/s
 * on a 1 cm² probe, i.e. 100 kPa/s. */
#define TPR_PPT_RATE_DEFAULT_KPA_S 100.0f
/* Reliable trials per site: the MOST knee-OA study takes the mean of 3. */
#define TPR_PPT_TRIALS 3
/* Attempts per site, reliable or not, before the measurement gives up
 * (our choice: each trial may be repeated once). */
#define TPR_PPT_MAX_ATTEMPTS (2 * TPR_PPT_TRIALS)

/* How far the rate may stray from the target, as a fraction of it (our
 * choice: ±30 %, wide enough for a hand-held press, narrow enough that a
 * rate change, which shifts measured thresholds, stays small). It bounds a
 * trial's mean rate and sets the live cue alike. */
#define TPR_PPT_RATE_TOLERANCE 0.30f

/* The live cue while the pressure rises. */
typedef enum tpr_ppt_cue {
    TPR_PPT_CUE_NONE, /* not ramping, or too early to tell */
    TPR_PPT_CUE_TOO_SLOW,
    TPR_PPT_CUE_ON_RATE,
    TPR_PPT_CUE_TOO_FAST,
} tpr_ppt_cue;

/* How a trial ended. */
typedef enum tpr_ppt_reason {
    TPR_PPT_OK,         /* painful press at a rate near the target: reliable */
    TPR_PPT_TOO_FAST,   /* mean rate above the tolerance */
    TPR_PPT_TOO_SLOW,   /* mean rate below the tolerance */
    TPR_PPT_LIFTED,     /* pressure fell to contact level before the painful press */
    TPR_PPT_OVER_LIMIT, /* the muscle's hard limit came first */
    TPR_PPT_FAULT,      /* the sensor failed during the trial */
} tpr_ppt_reason;

typedef struct tpr_ppt_trial {
    float threshold_kpa; /* filtered pressure at the painful press (NaN: none) */
    float rate_kpa_s;    /* mean rise rate from contact to the end of the trial */
    bool reliable;
    tpr_ppt_reason reason;
} tpr_ppt_trial;

/* The measurement so far. */
typedef struct tpr_ppt_result {
    float target_kpa_s;
    uint32_t attempts; /* trials recorded in trial[] */
    uint32_t reliable; /* of them reliable */
    tpr_ppt_trial trial[TPR_PPT_MAX_ATTEMPTS];
    float ppt_kpa;    /* mean of the reliable trials (NaN while none) */
    bool finished;    /* three reliable trials, or the attempts used up */
    float live_kpa_s; /* rise rate over the last window (NaN: not ramping) */
    tpr_ppt_cue cue;
} tpr_ppt_result;

/* Set the target rise rate (kPa/s) of a core running the measurement,
 * before its first tick. Returns 0, or -1 when c runs another mode or the
 * rate is not a positive number. */
int tpr_ppt_set_rate(tpr_core *c, float kpa_per_s);

/* The measurement of a core running it, or NULL when c runs another mode. */
const tpr_ppt_result *tpr_ppt_result_of(const tpr_core *c);

const char *tpr_ppt_cue_name(tpr_ppt_cue cue);
const char *tpr_ppt_reason_name(tpr_ppt_reason r);

#endif
