#include "dose_relative.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muscles.h"

bool tpr_dose_relative_text(const char *value)
{
    return strstr(value, "ppt") != NULL;
}

int tpr_dose_relative_parse(const char *key, const char *value, float *pct, char *err,
                            size_t errlen)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value) {
        snprintf(err, errlen, "%s: '%s' is not a number (write e.g. 90 %s)", key, value,
                 TPR_PPT_UNIT);
        return -1;
    }
    while (*end == ' ' || *end == '\t')
        end++;
    size_t n = strlen(TPR_PPT_UNIT);
    if (strncmp(end, TPR_PPT_UNIT, n) != 0 || end[n + strspn(end + n, " \t")] != '\0') {
        snprintf(err, errlen, "%s: unknown unit '%s' (a relative pressure is written N %s)", key,
                 end, TPR_PPT_UNIT);
        return -1;
    }
    if (!isfinite(v) || v < TPR_REL_MIN_PCT || v > TPR_REL_MAX_PCT) {
        snprintf(err, errlen, "%s: %g %s is %s the %s %g %s", key, v, TPR_PPT_UNIT,
                 v < TPR_REL_MIN_PCT ? "below" : "above",
                 v < TPR_REL_MIN_PCT ? "minimum" : "maximum",
                 v < TPR_REL_MIN_PCT ? TPR_REL_MIN_PCT : TPR_REL_MAX_PCT, TPR_PPT_UNIT);
        return -1;
    }
    *pct = (float)v;
    return 0;
}

static bool relative(const tpr_dose *d)
{
    return d->relative.band_max_pct > 0.0f;
}

tpr_dose_source tpr_dose_resolve(tpr_dose *d, float ppt_kpa)
{
    if (!relative(d))
        return TPR_DOSE_ABSOLUTE;
    const tpr_muscle_info *lib = tpr_muscle_find(d->muscle);
    if (!lib)
        return TPR_DOSE_LIBRARY; /* never: a dose's muscle comes from the library */
    /* The library's pressures first: what stays when no threshold serves. */
    d->band_min_kpa = lib->dose.band_min_kpa;
    d->band_max_kpa = lib->dose.band_max_kpa;
    d->limit_kpa = lib->dose.limit_kpa;
    d->relative.from_kpa = 0.0f;
    const tpr_dose_relative *r = &d->relative;
    float ceiling = lib->dose.limit_kpa;
    float top = fminf(r->band_max_pct / 100.0f * ppt_kpa, ceiling);
    float bottom = top * r->band_min_pct / r->band_max_pct;
    if (!(ppt_kpa > 0.0f) || bottom <= d->contact_kpa) /* none measured (or NaN), or too low */
        return TPR_DOSE_LIBRARY;
    d->band_min_kpa = bottom;
    d->band_max_kpa = top;
    d->limit_kpa = fminf(r->limit_pct / 100.0f * ppt_kpa, ceiling);
    d->relative.from_kpa = ppt_kpa;
    return TPR_DOSE_FROM_PPT;
}

tpr_dose_source tpr_dose_source_of(const tpr_dose *d)
{
    if (!relative(d))
        return TPR_DOSE_ABSOLUTE;
    return d->relative.from_kpa > 0.0f ? TPR_DOSE_FROM_PPT : TPR_DOSE_LIBRARY;
}

const char *tpr_dose_source_name(tpr_dose_source s)
{
    return s == TPR_DOSE_FROM_PPT ? "ppt" : s == TPR_DOSE_LIBRARY ? "library" : "";
}
