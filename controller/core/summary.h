/* Per-muscle, per-repetition summary of a session, accumulated tick by tick
 * from the core's output: what the demo prints and the recorder stores. */
#ifndef TPR_SUMMARY_H
#define TPR_SUMMARY_H

#include "tpr_types.h"

/* One repetition of one muscle. */
typedef struct tpr_segment {
    uint32_t muscle; /* index into the routine */
    uint32_t rep;    /* from 1 */
    int64_t start_us, end_us;
    uint32_t in_band_ms; /* time inside the band (the hold achieved) */
    uint32_t over_ms;    /* time above the band */
    uint32_t hold_target_ms;
    float peak_kpa;           /* highest filtered pressure while in contact */
    float mean_kpa;           /* mean filtered pressure while in contact */
    float mean_intensity_pct; /* mean motor command while in contact */
    bool released;
    uint32_t release_ms; /* hold time at which the release was detected */
    tpr_done_reason reason;
    bool complete; /* reached done (false: cut short) */
    /* running sums */
    int64_t over_us;
    double sum_kpa, sum_intensity;
    uint32_t contact_ticks;
} tpr_segment;

#define TPR_MAX_SEGMENTS (TPR_MAX_ROUTINE * 8)

typedef struct tpr_summary {
    uint32_t count;
    tpr_segment seg[TPR_MAX_SEGMENTS];
    int64_t last_us;
} tpr_summary;

void tpr_summary_init(tpr_summary *s);

/* Account one tick: out is what tpr_core_step returned at now_us for the
 * muscle whose dose is d. A new segment starts when muscle or rep change. */
void tpr_summary_step(tpr_summary *s, int64_t now_us, const tpr_output *out, const tpr_dose *d);

#endif
