/* The trace's CSV layout: the header locates t_ms and pressure_kpa, each
 * row becomes one sample. Messages name the column at fault. */
#ifndef TPR_TRACE_ROW_H
#define TPR_TRACE_ROW_H

#include <stddef.h>

#include "tpr_types.h"

/* Where the columns the replay needs sit in a row. */
typedef struct tpr_trace_columns {
    long t_ms;     /* index of t_ms */
    long pressure; /* index of pressure_kpa */
    long count;    /* number of columns in the header */
} tpr_trace_columns;

/* Read the header line (NUL-terminated, modified in place; a UTF-8 byte
 * order mark is skipped). Returns 0, or -1 with a message in msg. */
int tpr_trace_header(char *line, tpr_trace_columns *cols, char *msg, size_t msglen);

/* Read a data row into s: t_us from t_ms; ok false and kpa NaN for an
 * empty or non-numeric pressure (a failed read). Returns 0, or -1 with a
 * message in msg for a malformed row. */
int tpr_trace_row(char *line, const tpr_trace_columns *cols, tpr_sample *s, char *msg,
                  size_t msglen);

#endif
