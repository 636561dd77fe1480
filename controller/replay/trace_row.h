/* The trace's CSV layout: the header locates t_ms and pressure_kpa (and
 * the optional button column), each row becomes one sample. Messages name
 * the column at fault. */
#ifndef TPR_TRACE_ROW_H
#define TPR_TRACE_ROW_H

#include <stddef.h>

#include "tpr_types.h"

/* Where the columns the replay needs sit in a row. */
typedef struct tpr_trace_columns {
    long t_ms;     /* index of t_ms */
    long pressure; /* index of pressure_kpa */
    long button;   /* index of button; -1 when the trace has none */
    long count;    /* number of columns in the header */
} tpr_trace_columns;

/* Read the header line (NUL-terminated, modified in place; a UTF-8 byte
 * order mark is skipped). Returns 0, or -1 with a message in msg. */
int tpr_trace_header(char *line, tpr_trace_columns *cols, char *msg, size_t msglen);

/* Read a data row into s: t_us from t_ms; ok false and kpa NaN for a
 * pressure that is empty, nan or err (a failed read); *press true when its
 * button field says start_pause (empty: no press). Returns 0, or -1 with a
 * message naming the column in msg for a malformed row (numbers are
 * decimal only). */
int tpr_trace_row(char *line, const tpr_trace_columns *cols, tpr_sample *s, bool *press, char *msg,
                  size_t msglen);

#endif
