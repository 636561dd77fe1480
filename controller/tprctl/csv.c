#include "csv.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "number.h"
#include "text.h"
#include "tpr_types.h"

/* Stored text, quoted when it holds a comma, a quote or a line break
 * (which CSV carries); any other control byte and a byte that is not UTF-8
 * are shown as \xNN, never written raw. */
static void field(FILE *f, const char *s)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    while (*s) {
        size_t plain = tpr_text_plain_span(s);
        for (size_t i = 0; i < plain; i++) {
            if (s[i] == '"')
                fputc('"', f);
            fputc(s[i], f);
        }
        s += plain;
        if (*s == '\r' || *s == '\n' || *s == '\t')
            fputc(*s++, f);
        else if (*s)
            s += tpr_text_put_unsafe(s, f);
    }
    if (quote)
        fputc('"', f);
}

/* A float, empty when there is no value (pandas reads NaN). */
static void number(FILE *f, float v)
{
    char buf[32];
    if (!isnan(v))
        fputs(tprctl_format_float(buf, sizeof(buf), v), f);
}

void tprctl_csv_trace_row(FILE *f, const tpr_trace_point *p)
{
    long long ms = (long long)(p->t_us / 1000), us = (long long)(p->t_us % 1000);
    if (us)
        fprintf(f, "%lld.%03lld,", ms, us);
    else
        fprintf(f, "%lld,", ms);
    number(f, p->kpa);
    fputc(',', f);
    number(f, p->filtered_kpa);
    fputc(',', f);
    number(f, p->intensity_pct);
    fprintf(f, ",%s,%d\n", tpr_state_name((tpr_state)p->state), p->ok ? 1 : 0);
}

void tprctl_csv_event_row(FILE *f, int64_t t_ms, const char *type, const char *detail)
{
    fprintf(f, "%lld,", (long long)t_ms);
    field(f, type);
    fputc(',', f);
    if (detail)
        field(f, detail);
    fputc('\n', f);
}
