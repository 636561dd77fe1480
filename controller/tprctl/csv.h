/* CSV for spreadsheets and pandas: a header line, comma-separated fields,
 * quotes only where a field needs them, empty fields for missing values. */
#ifndef TPRCTL_CSV_H
#define TPRCTL_CSV_H

#include <stdint.h>
#include <stdio.h>

#include "trace_chunk.h"

#define TPRCTL_TRACE_CSV_HEADER "t_ms,pressure_kpa,filtered_kpa,intensity_pct,state,ok\n"
#define TPRCTL_EVENTS_CSV_HEADER "t_ms,type,detail\n"

/* One trace row: time in ms with the microseconds, numbers as stored. */
void tprctl_csv_trace_row(FILE *f, const tpr_trace_point *p);

/* One event row; detail may be NULL (empty field). */
void tprctl_csv_event_row(FILE *f, int64_t t_ms, const char *type, const char *detail);

#endif
