#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Physical dimensions; units of one dimension convert into each other. */
typedef enum dimension {
    DIM_NONE,
    DIM_PRESSURE,
    DIM_TIME,
    DIM_PERCENT,
    DIM_SLEW,
    DIM_PRESSURE_RATE,
    DIM_AREA,
    DIM_FREQUENCY,
    DIM_FORCE
} dimension;

/* A unit: value in the dimension's base unit = number * factor. Bases:
 * kPa, s, %, %/s, kPa/s, cm2, Hz, N. */
typedef struct unit {
    dimension dim;
    const char *name;
    double factor;
} unit;

static const unit units[] = {
    {DIM_PRESSURE, "kPa", 1.0},
    {DIM_PRESSURE, "N/cm2", 10.0}, /* 1 N / 1e-4 m2 = 10 kPa */
    {DIM_PRESSURE, "N/cm\u00b2", 10.0},
    {DIM_PRESSURE, "kgf/cm2", 98.0665}, /* standard gravity 9.80665 m/s2 */
    {DIM_PRESSURE, "kgf/cm\u00b2", 98.0665},
    {DIM_TIME, "s", 1.0},
    {DIM_TIME, "ms", 1e-3},
    {DIM_TIME, "us", 1e-6},
    {DIM_TIME, "\u00b5s", 1e-6},
    {DIM_TIME, "ns", 1e-9},
    {DIM_PERCENT, "%", 1.0},
    {DIM_SLEW, "%/s", 1.0},
    {DIM_PRESSURE_RATE, "kPa/s", 1.0},
    {DIM_PRESSURE_RATE, "N/cm2/s", 10.0},
    {DIM_PRESSURE_RATE, "N/cm\u00b2/s", 10.0},
    {DIM_AREA, "cm2", 1.0},
    {DIM_AREA, "cm\u00b2", 1.0},
    {DIM_AREA, "mm2", 0.01},
    {DIM_AREA, "mm\u00b2", 0.01},
    {DIM_FREQUENCY, "Hz", 1.0},
    {DIM_FREQUENCY, "kHz", 1e3},
    {DIM_FORCE, "N", 1.0},
    {DIM_FORCE, "kgf", 9.80665},
    {DIM_FORCE, "kg", 9.80665}, /* a calibration weight, under standard gravity */
    {DIM_FORCE, "g", 9.80665e-3},
};

static const char *const dimension_names[] = {
    [DIM_NONE] = "number",         [DIM_PRESSURE] = "pressure",
    [DIM_TIME] = "time",           [DIM_PERCENT] = "percentage",
    [DIM_SLEW] = "rate of change", [DIM_PRESSURE_RATE] = "pressure rate",
    [DIM_AREA] = "area",           [DIM_FREQUENCY] = "frequency",
    [DIM_FORCE] = "force",
};

/* How a kind reads: its dimension (and one read as the reciprocal, for a
 * period given as a frequency), canonical units per base unit, and the
 * plain unit a bare number is read in. */
typedef struct kind_info {
    const char *name;
    dimension dim;
    dimension reciprocal;
    double canonical_per_base;
    const char *plain;
    double plain_in_base;
    const char *accepted;
} kind_info;

static const kind_info kinds[TPR_UNIT_KIND_COUNT] = {
    [TPR_UNIT_NUMBER] = {"number", DIM_NONE, DIM_NONE, 1.0, "", 1.0, ""},
    [TPR_UNIT_COUNT] = {"count", DIM_NONE, DIM_NONE, 1.0, "", 1.0, ""},
    [TPR_UNIT_PRESSURE] = {"pressure", DIM_PRESSURE, DIM_NONE, 1.0, "kPa", 1.0,
                           "kPa, N/cm2, kgf/cm2"},
    [TPR_UNIT_SECONDS] = {"time", DIM_TIME, DIM_NONE, 1e3, "s", 1.0, "s, ms"},
    [TPR_UNIT_MILLISECONDS] = {"time", DIM_TIME, DIM_NONE, 1e3, "ms", 1e-3, "ms, s"},
    [TPR_UNIT_PERCENT] = {"percentage", DIM_PERCENT, DIM_NONE, 1.0, "%", 1.0, "%"},
    [TPR_UNIT_SLEW] = {"rate of change", DIM_SLEW, DIM_NONE, 1.0, "%/s", 1.0, "%/s"},
    [TPR_UNIT_PRESSURE_RATE] = {"pressure rate", DIM_PRESSURE_RATE, DIM_NONE, 1.0, "kPa/s", 1.0,
                                "kPa/s, N/cm2/s"},
    [TPR_UNIT_AREA] = {"area", DIM_AREA, DIM_NONE, 1.0, "cm2", 1.0, "cm2, mm2"},
    [TPR_UNIT_FREQUENCY] = {"frequency", DIM_FREQUENCY, DIM_NONE, 1.0, "Hz", 1.0, "Hz, kHz"},
    [TPR_UNIT_FORCE] = {"force", DIM_FORCE, DIM_NONE, 1.0, "N", 1.0, "N, kgf, kg, g"},
    [TPR_UNIT_PERIOD] = {"period", DIM_TIME, DIM_FREQUENCY, 1e9, "ns", 1e-9,
                         "ns, us, ms, s, Hz, kHz"},
};

const char *tpr_unit_list(tpr_unit_kind kind)
{
    return kinds[kind].accepted;
}

static const unit *find_unit(const char *name, dimension dim)
{
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strcasecmp(units[i].name, name) == 0 && (dim == DIM_NONE || units[i].dim == dim))
            return &units[i];
    return NULL;
}

/* End of a decimal number at s ([+-]digits[.digits][e[+-]digits]), or s
 * itself when there is none. Hex, "inf" and "nan" are not numbers here. */
static const char *scan_number(const char *s)
{
    const char *p = s;
    size_t digits = 0;
    if (*p == '+' || *p == '-')
        p++;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (!digits)
        return s;
    if (*p == 'e' || *p == 'E') {
        const char *e = p + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (isdigit((unsigned char)*e)) {
            while (isdigit((unsigned char)*e))
                e++;
            p = e;
        }
    }
    return p;
}

static bool is_non_finite_word(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    return strncasecmp(s, "nan", 3) == 0 || strncasecmp(s, "inf", 3) == 0;
}

/* Read the number part of text into *num; *end points after it. */
static int parse_number(const char *text, double *num, const char **end, char *err, size_t errlen)
{
    const char *stop = scan_number(text);
    if (stop == text) {
        if (is_non_finite_word(text))
            snprintf(err, errlen, "'%s' is not a finite number", text);
        else
            snprintf(err, errlen, "'%s' is not a number", text);
        return -1;
    }
    char buf[64];
    size_t n = (size_t)(stop - text);
    if (n >= sizeof(buf)) {
        snprintf(err, errlen, "'%.*s' is too long for a number", (int)n, text);
        return -1;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE || !isfinite(v)) {
        snprintf(err, errlen, "'%s' is too %s", buf, fabs(v) > 1.0 ? "large" : "small");
        return -1;
    }
    *num = v;
    *end = stop;
    return 0;
}

/* Convert number with unit name u (may be empty) of kind into base units. */
static int to_base(double num, const char *u, tpr_unit_kind kind, double *base, char *err,
                   size_t errlen)
{
    const kind_info *k = &kinds[kind];
    if (!*u) {
        *base = num * k->plain_in_base;
        return 0;
    }
    if (k->dim == DIM_NONE) {
        snprintf(err, errlen, "a %s takes no unit, got '%s'", k->name, u);
        return -1;
    }
    const unit *found = find_unit(u, k->dim);
    if (found) {
        *base = num * found->factor;
        return 0;
    }
    found = k->reciprocal != DIM_NONE ? find_unit(u, k->reciprocal) : NULL;
    if (found) {
        if (num <= 0.0) {
            snprintf(err, errlen, "a %s must be above 0 %s", dimension_names[found->dim], u);
            return -1;
        }
        *base = 1.0 / (num * found->factor);
        return 0;
    }
    found = find_unit(u, DIM_NONE);
    if (found)
        snprintf(err, errlen, "'%s' is a unit of %s, not of %s (use %s)", u,
                 dimension_names[found->dim], k->name, k->accepted);
    else
        snprintf(err, errlen, "unknown unit '%s' for a %s (use %s)", u, k->name, k->accepted);
    return -1;
}

int tpr_unit_parse(const char *text, tpr_unit_kind kind, double *out, char *err, size_t errlen)
{
    while (isspace((unsigned char)*text))
        text++;
    if (!*text) {
        snprintf(err, errlen, "missing value (expected a %s)", kinds[kind].name);
        return -1;
    }
    double num;
    const char *p;
    if (parse_number(text, &num, &p, err, errlen))
        return -1;
    while (isspace((unsigned char)*p))
        p++;
    char u[32];
    size_t n = strcspn(p, " \t\r\n");
    const char *rest = p + n;
    while (isspace((unsigned char)*rest))
        rest++;
    if (*rest) {
        snprintf(err, errlen, "unexpected '%s' after '%.*s'", rest, (int)(rest - text), text);
        return -1;
    }
    if (n >= sizeof(u)) {
        snprintf(err, errlen, "unknown unit '%s'", p);
        return -1;
    }
    memcpy(u, p, n);
    u[n] = '\0';
    double base;
    if (to_base(num, u, kind, &base, err, errlen))
        return -1;
    if (kind == TPR_UNIT_COUNT && (num < 0.0 || num != floor(num))) {
        snprintf(err, errlen, "'%s' is not a whole number >= 0", text);
        return -1;
    }
    double v = base * kinds[kind].canonical_per_base;
    if (!isfinite(v)) {
        snprintf(err, errlen, "'%s' is too large", text);
        return -1;
    }
    *out = v;
    return 0;
}

void tpr_unit_format(double value, tpr_unit_kind kind, char *buf, size_t len)
{
    const kind_info *k = &kinds[kind];
    double v = value / k->canonical_per_base / k->plain_in_base;
    /* Round away the binary noise of float fields (0.15f, 98.0665f). */
    if (fabs(v) < 1e15 && fabs(v - round(v)) < 1e-6 * fmax(1.0, fabs(v)))
        snprintf(buf, len, "%.0f%s%s", round(v), *k->plain ? " " : "", k->plain);
    else
        snprintf(buf, len, "%.6g%s%s", v, *k->plain ? " " : "", k->plain);
}
