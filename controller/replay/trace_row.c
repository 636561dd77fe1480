#include "trace_row.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv_field.h"
#include "trace_number.h"

#define COL_TIME "t_ms"
#define COL_PRESSURE "pressure_kpa"

/* Longest piece of a bad field quoted back in a message. */
#define QUOTE_MAX 32

static const char *csv_problem(tpr_csv_status st)
{
    return st == TPR_CSV_UNTERMINATED ? "a quoted field has no closing quote"
                                      : "text after the closing quote of a field";
}

static int find_column(const tpr_field *f, long i, const char *name, long *col, char *msg,
                       size_t msglen)
{
    if (!tpr_field_is(f, name))
        return 0;
    if (*col >= 0) {
        snprintf(msg, msglen, "header: column '%s' appears twice (columns %ld and %ld)", name,
                 *col + 1, i + 1);
        return -1;
    }
    *col = i;
    return 0;
}

int tpr_trace_header(char *line, tpr_trace_columns *cols, char *msg, size_t msglen)
{
    static const char bom[] = "\xEF\xBB\xBF";
    if (strncmp(line, bom, 3) == 0)
        line += 3;
    cols->t_ms = cols->pressure = -1;
    tpr_csv_cursor cur;
    tpr_field f;
    tpr_csv_status st;
    long i = 0;
    tpr_csv_start(&cur, line);
    for (; (st = tpr_csv_next(&cur, &f)) == TPR_CSV_FIELD; i++) {
        if (find_column(&f, i, COL_TIME, &cols->t_ms, msg, msglen) ||
            find_column(&f, i, COL_PRESSURE, &cols->pressure, msg, msglen))
            return -1;
    }
    if (st != TPR_CSV_END) {
        snprintf(msg, msglen, "header: %s", csv_problem(st));
        return -1;
    }
    cols->count = i;
    const char *missing = cols->t_ms < 0 ? COL_TIME : cols->pressure < 0 ? COL_PRESSURE : NULL;
    if (missing) {
        snprintf(msg, msglen,
                 "header: no column '%s' (the first line must name the columns, e.g. "
                 "t_ms,pressure_kpa)",
                 missing);
        return -1;
    }
    return 0;
}

static int time_problem(tpr_time_error te, const tpr_field *f, char *msg, size_t msglen)
{
    int len = (int)(f->e - f->s);
    if (len > QUOTE_MAX)
        len = QUOTE_MAX;
    switch (te) {
    case TPR_TIME_EMPTY:
        snprintf(msg, msglen, COL_TIME ": empty");
        break;
    case TPR_TIME_NEGATIVE:
        snprintf(msg, msglen, COL_TIME ": '%.*s' is negative", len, f->s);
        break;
    case TPR_TIME_RANGE:
        snprintf(msg, msglen, COL_TIME ": '%.*s' is too large", len, f->s);
        break;
    default:
        snprintf(msg, msglen, COL_TIME ": '%.*s' is not a number of milliseconds", len, f->s);
        break;
    }
    return -1;
}

int tpr_trace_row(char *line, const tpr_trace_columns *cols, tpr_sample *s, char *msg,
                  size_t msglen)
{
    tpr_field f, tfield = {0}, pressure = {0};
    tpr_csv_cursor cur;
    tpr_csv_status st;
    long i = 0;
    tpr_csv_start(&cur, line);
    for (; (st = tpr_csv_next(&cur, &f)) == TPR_CSV_FIELD; i++) {
        if (i == cols->t_ms)
            tfield = f;
        else if (i == cols->pressure)
            pressure = f;
    }
    if (st != TPR_CSV_END) {
        snprintf(msg, msglen, "%s", csv_problem(st));
        return -1;
    }
    if (i != cols->count) {
        const char *lost = i <= cols->t_ms ? COL_TIME : i <= cols->pressure ? COL_PRESSURE : NULL;
        if (lost)
            snprintf(msg, msglen, "%s: missing (the row has %ld field%s, the header has %ld)", lost,
                     i, i == 1 ? "" : "s", cols->count);
        else
            snprintf(msg, msglen, "the row has %ld fields, the header has %ld", i, cols->count);
        return -1;
    }
    tpr_time_error te = tpr_parse_time_ms(tfield.s, tfield.e, &s->t_us);
    if (te != TPR_TIME_OK)
        return time_problem(te, &tfield, msg, msglen);
    s->ok = tpr_parse_kpa(pressure.s, pressure.e, &s->kpa);
    if (!s->ok)
        s->kpa = NAN;
    return 0;
}
