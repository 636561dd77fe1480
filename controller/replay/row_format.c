#include "row_format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char tpr_replay_header[] =
    "t_ms,pressure_kpa,filtered_kpa,state,intensity_pct,hold_ms,event\n";

/* Beyond this magnitude v * 100 no longer fits the integer path. */
#define KPA_FAST_MAX 1e15f

char *tpr_format_fixed(char *p, int64_t scaled, unsigned decimals)
{
    uint64_t u = scaled < 0 ? 0u - (uint64_t)scaled : (uint64_t)scaled;
    if (scaled < 0)
        *p++ = '-';
    /* Size the text first, then write the digits backwards in place: at
     * least one digit before the point. */
    unsigned digits = 1;
    for (uint64_t v = u / 10; v != 0; v /= 10)
        digits++;
    if (digits <= decimals)
        digits = decimals + 1;
    char *end = p + digits + (decimals != 0);
    char *q = end;
    for (unsigned i = 0; i < decimals; i++, u /= 10)
        *--q = (char)('0' + u % 10);
    if (decimals)
        *--q = '.';
    while (q > p) {
        *--q = (char)('0' + u % 10);
        u /= 10;
    }
    return end;
}

char *tpr_format_float2(char *p, float v)
{
    if (isnan(v))
        return p;
    if (!(fabsf(v) < KPA_FAST_MAX))
        return p + snprintf(p, 48, "%.2f", (double)v);
    /* A float has 24 significant bits and 100 needs 7, so v * 100 is exact
     * in double; rint then rounds half to even like printf. */
    double hundredths = rint((double)v * 100.0);
    if (signbit(v) && hundredths == 0.0) {
        *p++ = '-'; /* printf keeps the sign of a value that rounds to zero */
    }
    return tpr_format_fixed(p, (int64_t)hundredths, 2);
}

char *tpr_format_ms(char *p, int64_t t_us)
{
    /* Whole milliseconds as an integer; finer times with microseconds. */
    if (t_us % 1000 == 0)
        return tpr_format_fixed(p, t_us / 1000, 0);
    return tpr_format_fixed(p, t_us, 3);
}

char *tpr_format_row(char *p, int64_t t_us, float raw_kpa, bool raw_ok, const tpr_output *o)
{
    p = tpr_format_ms(p, t_us);
    *p++ = ',';
    if (raw_ok)
        p = tpr_format_float2(p, raw_kpa);
    *p++ = ',';
    p = tpr_format_float2(p, o->filtered_kpa);
    *p++ = ',';
    const char *state = tpr_state_name(o->state);
    size_t state_len = strlen(state);
    memcpy(p, state, state_len);
    p += state_len;
    *p++ = ',';
    p = tpr_format_float2(p, o->intensity_pct);
    *p++ = ',';
    p = tpr_format_fixed(p, o->hold_ms, 0);
    *p++ = ',';
    if (o->events)
        p += tpr_events_format(o->events, p, 256);
    *p++ = '\n';
    return p;
}
