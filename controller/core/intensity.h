/* The intensity law: what the motor does for a given state and pressure,
 * slew-limited, with cue pulses overlaid. */
#ifndef TPR_INTENSITY_H
#define TPR_INTENSITY_H

#include <stdbool.h>
#include <stdint.h>

#include "tpr_types.h"

typedef enum tpr_cue {
    TPR_CUE_NONE,
    TPR_CUE_ENTER,    /* two brief dips: "you are in the band" */
    TPR_CUE_TOO_HARD, /* three short pulses, repeated while too hard */
    TPR_CUE_DONE,     /* one long pulse */
} tpr_cue;

typedef struct tpr_intensity {
    float level; /* slew-limited command without cues */
    int64_t last_us;
    bool started;
    tpr_cue cue;
    int64_t cue_start_us;
} tpr_intensity;

/* What the law needs to know about the tick. */
typedef struct tpr_intensity_in {
    tpr_state state;
    float filtered_kpa;
    uint32_t events; /* raised in this tick (cues start on them) */
    bool cut;        /* safety cut: over limit, fault, lift-off: 0 at once */
} tpr_intensity_in;

/* Start with the motor off and no cue playing. */
void tpr_intensity_init(tpr_intensity *ti);

/* Motor command (0..100 %) at now_us for dose d. */
float tpr_intensity_step(tpr_intensity *ti, const tpr_core_cfg *cfg, const tpr_dose *d,
                         int64_t now_us, const tpr_intensity_in *in);

#endif
