/* One snapshot of a session in the band, shared by the protocol's and the
 * watch view's tests: alice, knee_front, vastus_medialis (2 of 5),
 * repetition 3 of 4, 131.2 kPa filtered (133.0 raw) in a 110-150 kPa band
 * under a 200 kPa limit, 42 %, 31.2 s held of 60 s (up to 90 s), the
 * hold_resume event, its cue filled in. */
#ifndef TPR_SAMPLE_SNAPSHOT_H
#define TPR_SAMPLE_SNAPSHOT_H

#include "protocol.h"

tpr_ctl_snapshot sample_snapshot(void);

#endif
