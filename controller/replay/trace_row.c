#include "trace_row.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv_field.h"
#include "trace_number.h"

#define COL_TIME "t_ms"
#define COL_PRESSURE "pressure_kpa"
#define COL_BUTTON "button"
#define BUTTON_PRESS "start_pause"

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
    cols->t_ms = cols->pressure = cols->button = -1;
    tpr_csv_cursor cur;
    tpr_field f;
    tpr_csv_status st;
    long i = 0;
    tpr_csv_start(&cur, line);
    for (; (st = tpr_csv_next(&cur, &f)) == TPR_CSV_FIELD; i++) {
        if (find_column(&f, i, COL_TIME, &cols->t_ms, msg, msglen) ||
            find_column(&f, i, COL_PRESSURE, &cols->pressure, msg, msglen) ||
            find_column(&f, i, COL_BUTTON, &cols->button, msg, msglen))
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

/* The field quoted back, cut at QUOTE_MAX bytes. */
static int quote_len(const tpr_field *f)
{
    int len = (int)(f->e - f->s);
    return len > QUOTE_MAX ? QUOTE_MAX : len;
}

static int time_problem(tpr_time_error te, const tpr_field *f, long col, char *msg, size_t msglen)
{
    int len = quote_len(f);
    switch (te) {
    case TPR_TIME_EMPTY:
        snprintf(msg, msglen, COL_TIME " (column %ld): empty", col + 1);
        break;
    case TPR_TIME_NEGATIVE:
        snprintf(msg, msglen, COL_TIME " (column %ld): '%.*s' is negative", col + 1, len, f->s);
        break;
    case TPR_TIME_RANGE:
        snprintf(msg, msglen, COL_TIME " (column %ld): '%.*s' is too large", col + 1, len, f->s);
        break;
    default:
        snprintf(msg, msglen, COL_TIME " (column %ld): '%.*s' is not a number of milliseconds",
                 col + 1, len, f->s);
        break;
    }
    return -1;
}

static int pressure_problem(tpr_kpa_status ks, const tpr_field *f, long col, char *msg,
                            size_t msglen)
{
    snprintf(msg, msglen, COL_PRESSURE " (column %ld): '%.*s' is %s", col + 1, quote_len(f), f->s,
             ks == TPR_KPA_RANGE ? "too large"
                                 : "not a decimal number (a failed read is empty, nan or err)");
    return -1;
}

/* The button field: empty, or the one press a replay knows. */
static int button_field(const tpr_field *f, long col, bool *press, char *msg, size_t msglen)
{
    *press = f->e > f->s;
    if (!*press || tpr_field_is(f, BUTTON_PRESS))
        return 0;
    snprintf(msg, msglen, "%s (column %ld): '%.*s' is not a press (" BUTTON_PRESS ", or empty)",
             COL_BUTTON, col + 1, quote_len(f), f->s);
    return -1;
}

int tpr_trace_row(char *line, const tpr_trace_columns *cols, tpr_sample *s, bool *press, char *msg,
                  size_t msglen)
{
    tpr_field f, tfield = {0}, pressure = {0}, button = {0};
    tpr_csv_cursor cur;
    tpr_csv_status st;
    long i = 0;
    tpr_csv_start(&cur, line);
    for (; (st = tpr_csv_next(&cur, &f)) == TPR_CSV_FIELD; i++) {
        if (i == cols->t_ms)
            tfield = f;
        else if (i == cols->pressure)
            pressure = f;
        else if (i == cols->button)
            button = f;
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
        return time_problem(te, &tfield, cols->t_ms, msg, msglen);
    tpr_kpa_status ks = tpr_parse_kpa(pressure.s, pressure.e, &s->kpa);
    if (ks == TPR_KPA_SYNTAX || ks == TPR_KPA_RANGE)
        return pressure_problem(ks, &pressure, cols->pressure, msg, msglen);
    s->ok = ks == TPR_KPA_OK;
    if (!s->ok)
        s->kpa = NAN;
    return button_field(&button, cols->button, press, msg, msglen);
}
