#include "number.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Whole numbers in plain digits: "%.1g" would write 100 as 1e+02. */
static bool whole(char *buf, size_t len, double v)
{
    if (v != floor(v) || fabs(v) >= 1e15)
        return false;
    snprintf(buf, len, "%.0f", v);
    return true;
}

char *tprctl_format_float(char *buf, size_t len, float f)
{
    if (!isfinite(f)) {
        snprintf(buf, len, "%s", isnan(f) ? "nan" : f > 0 ? "inf" : "-inf");
        return buf;
    }
    if (whole(buf, len, (double)f))
        return buf;
    /* Fewest digits that read back, by bisection: if d digits do, d + 1 do
     * too (the nearer d + 1 digit number is at least as close), and 9
     * always do. */
    int lo = 1, hi = 9;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        snprintf(buf, len, "%.*g", mid, (double)f);
        if (strtof(buf, NULL) == f)
            hi = mid;
        else
            lo = mid + 1;
    }
    snprintf(buf, len, "%.*g", lo, (double)f);
    return buf;
}

char *tprctl_format_real(char *buf, size_t len, double v)
{
    /* Infinities and NaN convert to float unchanged. */
    if (!isfinite(v) || (fabs(v) <= FLT_MAX && (double)(float)v == v))
        return tprctl_format_float(buf, len, (float)v);
    if (whole(buf, len, v))
        return buf;
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}
