/* What tprctl measure shows: the live rate feedback from the daemon's
 * snapshots, each trial as it ends, and the trials with the site's
 * threshold at the end. */
#ifndef TPRCTL_MEASURE_VIEW_H
#define TPRCTL_MEASURE_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "mode_ppt.h"
#include "protocol.h"

typedef struct tprctl_measure_view {
    FILE *out;
    bool tty;              /* redraw one live line in place */
    bool started;          /* a snapshot of the measurement was seen */
    bool ended;            /* the daemon left the measurement */
    tpr_ppt_result trials; /* rebuilt from the snapshots, trial by trial */
    char cue[TPR_CTL_CUE_MAX];
    uint32_t trial; /* the trial the last line was about */
} tprctl_measure_view;

void tprctl_measure_view_init(tprctl_measure_view *v, FILE *out, bool tty);

/* Take one snapshot: show what changed, note the trials that ended and
 * whether the measurement is over. */
void tprctl_measure_view_take(tprctl_measure_view *v, const tpr_ctl_snapshot *s);

/* Print the trials and the threshold (after the last snapshot). */
void tprctl_measure_view_end(tprctl_measure_view *v);

#endif
