#include "sample_snapshot.h"

#include <stdio.h>

tpr_ctl_snapshot sample_snapshot(void)
{
    tpr_ctl_snapshot s = {
        .daemon = TPR_CTL_RUNNING,
        .session = 42,
        .user = "alice",
        .routine = "knee_front",
        .muscle = "vastus_medialis",
        .muscle_index = 2,
        .muscles = 5,
        .rep = 3,
        .reps = 4,
        .state = TPR_STATE_HOLD,
        .raw_kpa = 133.0f,
        .filtered_kpa = 131.2f,
        .contact = true,
        .band_min_kpa = 110,
        .band_max_kpa = 150,
        .limit_kpa = 200,
        .intensity_pct = 42,
        .hold_ms = 31200,
        .hold_target_ms = 60000,
        .hold_max_ms = 90000,
        .events = TPR_EV_HOLD_RESUME,
        .ticks = 1843210,
        .lat_min_us = 3,
        .lat_p50_us = 9,
        .lat_p99_us = 37,
        .lat_p999_us = 120,
        .lat_max_us = 410,
        .run_p50_us = 2,
        .run_p99_us = 5,
        .run_max_us = 31,
        .age_min_us = 0,
        .age_p50_us = 480,
        .age_p99_us = 1020,
        .age_max_us = 2310,
    };
    snprintf(s.cue, sizeof(s.cue), "%s", tpr_ctl_cue(&s));
    return s;
}
