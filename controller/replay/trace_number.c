#include "trace_number.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <strings.h>

/* Integer milliseconds up to 10^15 (about 31 000 years) keep microseconds
 * far from int64_t overflow. */
#define TIME_MAX_INT_DIGITS 15

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

tpr_time_error tpr_parse_time_ms(const char *s, const char *e, int64_t *t_us)
{
    if (s == e)
        return TPR_TIME_EMPTY;
    if (*s == '-')
        return TPR_TIME_NEGATIVE;
    int64_t ms = 0;
    int int_digits = 0;
    for (; s < e && is_digit(*s); s++, int_digits++) {
        if (int_digits == TIME_MAX_INT_DIGITS)
            return TPR_TIME_RANGE;
        ms = ms * 10 + (*s - '0');
    }
    int64_t us = 0;
    int frac_digits = 0;
    if (s < e && *s == '.') {
        /* Three decimals are whole microseconds; the fourth rounds. */
        for (s++; s < e && is_digit(*s); s++, frac_digits++) {
            if (frac_digits < 3)
                us = us * 10 + (*s - '0');
            else if (frac_digits == 3 && *s >= '5')
                us++; /* rounds half up; later digits only checked */
        }
    }
    if (s != e || int_digits + frac_digits == 0)
        return TPR_TIME_SYNTAX;
    static const int64_t scale[] = {1000, 100, 10, 1};
    *t_us = ms * 1000 + us * scale[frac_digits < 3 ? frac_digits : 3];
    return TPR_TIME_OK;
}

/* Exact powers of ten as floats: 5^10 < 2^24, so 10^0..10^10 are exact. */
static const float pow10f_exact[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f,
                                     1e6f, 1e7f, 1e8f, 1e9f, 1e10f};

/* True when [s, e) is a decimal number: an optional sign, digits with an
 * optional decimal point (at least one digit), an optional exponent. No
 * hexadecimal, no inf or nan, nothing before or after. */
static bool decimal(const char *s, const char *e)
{
    if (s < e && (*s == '+' || *s == '-'))
        s++;
    int digits = 0;
    for (; s < e && is_digit(*s); s++)
        digits++;
    if (s < e && *s == '.')
        for (s++; s < e && is_digit(*s); s++)
            digits++;
    if (!digits)
        return false;
    if (s < e && (*s == 'e' || *s == 'E')) {
        s++;
        if (s < e && (*s == '+' || *s == '-'))
            s++;
        const char *exp = s;
        while (s < e && is_digit(*s))
            s++;
        if (s == exp)
            return false;
    }
    return s == e;
}

/* How a logger writes a failed read: nothing, nan (any case, any sign) or
 * err (any case). */
static bool failed_read(const char *s, const char *e)
{
    if (s == e)
        return true;
    if (e - s == 3 && strncasecmp(s, "err", 3) == 0)
        return true;
    if (*s == '+' || *s == '-')
        s++;
    return e - s == 3 && strncasecmp(s, "nan", 3) == 0;
}

/* strtof over decimal text, borrowing *e for the terminator. */
static tpr_kpa_status parse_kpa_slow(char *s, char *e, float *kpa)
{
    if (!decimal(s, e))
        return failed_read(s, e) ? TPR_KPA_FAILED_READ : TPR_KPA_SYNTAX;
    char saved = *e;
    *e = '\0';
    float v = strtof(s, NULL);
    *e = saved;
    if (isinf(v))
        return TPR_KPA_RANGE;
    *kpa = v;
    return TPR_KPA_OK;
}

tpr_kpa_status tpr_parse_kpa(char *s, char *e, float *kpa)
{
#if FLT_EVAL_METHOD == 0
    /* Fast path: when the digits form an integer m < 2^24 and there are at
     * most 10 decimals, m and 10^k are exact floats and one correctly
     * rounded IEEE division gives the nearest float, as strtof would.
     * (Only valid when float arithmetic is evaluated in float.) */
    const char *p = s;
    bool neg = p < e && *p == '-';
    if (neg || (p < e && *p == '+'))
        p++;
    uint32_t m = 0;
    int digits = 0, decimals = 0;
    bool dot = false;
    for (; p < e; p++) {
        if (is_digit(*p)) {
            if (m >= (1u << 24) / 10)
                break; /* could exceed 2^24: let strtof decide */
            m = m * 10 + (uint32_t)(*p - '0');
            digits++;
            decimals += dot;
        } else if (*p == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (p == e && digits > 0 && decimals <= 10) {
        float v = (float)m / pow10f_exact[decimals];
        *kpa = neg ? -v : v;
        return TPR_KPA_OK;
    }
#endif
    return parse_kpa_slow(s, e, kpa);
}
