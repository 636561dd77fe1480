/* The control loop's timing over a stretch of its run (a session): its
 * histograms and overrun count taken at the start, subtracted from those
 * at the end. Main thread, while the loop runs. */
#ifndef TPR_LOOP_MARK_H
#define TPR_LOOP_MARK_H

#include "lat_hist.h"
#include "loop.h"
#include "recorder.h"
#include "status.h"

typedef struct tpr_loop_mark {
    tpr_lat_counts wake, run;
    uint64_t overruns;
} tpr_loop_mark;

/* Mark where the stretch starts. */
void tpr_loop_mark_take(tpr_loop_mark *m, const tpr_loop_stats *st, tpr_status *status);

/* The loop's timing since m, as a session row stores it. */
void tpr_loop_mark_since(const tpr_loop_mark *m, const tpr_loop_stats *st, tpr_status *status,
                         tpr_session_loop *out);

#endif
