/* Safety checks on the RAW sample, acted on in the same tick: over the hard
 * limit, and every kind of sensor fault. Never delayed by the filter. */
#ifndef TPR_SAFETY_H
#define TPR_SAFETY_H

#include <stdbool.h>
#include <stdint.h>

#include "tpr_types.h"

typedef struct tpr_safety {
    int64_t last_step_us; /* now_us of the previous step; -1 before the first */
    bool have_sample;
    int64_t last_sample_us; /* t_us of the newest sample seen */
    float last_raw;
    int64_t same_since_us; /* first time the current raw value was seen */
    bool faulted;
    int64_t valid_since_us; /* while faulted: start of the valid stretch, -1 none */
    bool over_limit;
} tpr_safety;

/* What the checks found in one tick. */
typedef struct tpr_safety_verdict {
    bool new_sample;    /* the sample is newer than the previous one */
    bool fault;         /* in fault: motor must be off */
    bool fault_started; /* ... since this tick */
    bool fault_cleared; /* the signal has been valid for fault_clear_ms */
    bool over_limit;    /* raw pressure above the limit: motor must be off */
    bool over_started;  /* ... since this tick */
} tpr_safety_verdict;

/* Start with no sample seen and no fault. */
void tpr_safety_init(tpr_safety *s);

/* Check sample smp at time now_us against the device settings and the
 * dose's contact and limit. A step more than stale_ms after the previous
 * one (a loop that missed periods, a clock that jumped) is a fault too:
 * nothing was checked in between, as with a sensor that went stale. */
tpr_safety_verdict tpr_safety_step(tpr_safety *s, const tpr_core_cfg *cfg, const tpr_dose *d,
                                   int64_t now_us, const tpr_sample *smp);

#endif
