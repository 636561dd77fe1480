/* What a person sees on the terminal: one live line per second while the
 * routine runs, and a per-muscle summary at the end (a measurement: the
 * trial, the rise rate against the target, then the trials). */
#ifndef TPR_DISPLAY_H
#define TPR_DISPLAY_H

#include <stdio.h>

#include "loop.h"
#include "status.h"
#include "summary.h"

/* Print the live line for view v at elapsed seconds t, with the events
 * raised since the previous line. */
void tpr_display_live(FILE *f, double t, const tpr_status_view *v, uint32_t events,
                      const tpr_routine *r);

/* The muscle's first-use notice (tpr_muscle_info.notice) while it applies:
 * the muscle's first repetition, before anything has been held; else NULL. */
const char *tpr_display_notice(const tpr_output *o, const tpr_dose *d);

/* Print a measurement's trials and the site's threshold. */
void tpr_display_measurement(FILE *f, const tpr_ppt_result *r);

/* Print the per-muscle, per-repetition summary table. */
void tpr_display_summary(FILE *f, const tpr_summary *s, const tpr_routine *r);

/* Print the loop's timing figures: ticks, overruns, wake-up latency
 * min/p50/p99/p99.9/max, the tick's run time and the settled page faults. */
void tpr_display_loop_stats(FILE *f, const tpr_loop_stats *st, uint32_t rate_hz);

#endif
