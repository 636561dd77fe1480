/* Offline replay: the control core run over a recorded pressure trace, so
 * that the output is exactly what the device would have done. */
#ifndef TPR_REPLAY_H
#define TPR_REPLAY_H

#include <stddef.h>
#include <stdio.h>

#include "tpr_types.h"

/* Longest accepted trace line in bytes (without the line break). */
#define TPR_REPLAY_MAX_LINE 4096

/* Replay the CSV trace at trace_path ("-" reads standard input) through the
 * core set up with cfg and a one-muscle routine of dose, writing one CSV row
 * per trace row to out:
 *   t_ms,pressure_kpa,filtered_kpa,state,intensity_pct,hold_ms,event
 * The trace needs a header naming the columns t_ms and pressure_kpa (any
 * order, other columns ignored); an empty or non-numeric pressure is a
 * failed sensor read at that time. Returns 0; 2 with "TRACE:LINE: message"
 * in err for malformed input or settings the core rejects; 1 with a message
 * for an I/O error (reading the trace or writing out). */
int tpr_replay_run(const char *trace_path, FILE *out, const tpr_core_cfg *cfg, const tpr_dose *dose,
                   char *err, size_t errlen);

/* tpr_replay_run() that also reads an optional column button: a trace
 * with it replays a pressure-pain-threshold measurement (the core's ppt
 * mode at ppt_rate_kpa_s) in which start_pause in a row is a press of
 * start/pause, "painful now", taken before that row's tick as the device
 * takes it; any other value is an error naming the line and column. The
 * output ends with the trials and the threshold as '#' comment lines. */
int tpr_replay_run_rate(const char *trace_path, FILE *out, const tpr_core_cfg *cfg,
                        const tpr_dose *dose, float ppt_rate_kpa_s, char *err, size_t errlen);

#endif
