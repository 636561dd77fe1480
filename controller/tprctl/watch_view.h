/* tprctl watch: one frame of the live view drawn from a snapshot — the
 * pressure bar with the band shaded and the limit marked, the hold bar with
 * the seconds left, muscle, repetition, intensity and the cue in words. */
#ifndef TPRCTL_WATCH_VIEW_H
#define TPRCTL_WATCH_VIEW_H

#include <stdio.h>

#include "protocol.h"

/* Cells of the pressure bar and the hold bar. */
#define TPRCTL_PRESSURE_CELLS 48
#define TPRCTL_HOLD_CELLS 30

/* Write the frame for s to f: TPRCTL_WATCH_LINES lines, each ending in '\n',
 * no terminal control sequences (the caller redraws in place). */
#define TPRCTL_WATCH_LINES 8
void tprctl_watch_frame(FILE *f, const tpr_ctl_snapshot *s);

#endif
