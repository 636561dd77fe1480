/* Doses relative to the person's pressure-pain threshold (PPT): profile
 * pressures written "90 %ppt", and the rule that turns them into kPa once
 * the threshold of the muscle's side is known. No database here: the
 * daemon reads the threshold and hands it in. */
#ifndef TPR_DOSE_RELATIVE_H
#define TPR_DOSE_RELATIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "tpr_types.h"

/* The unit of a relative pressure: percent of the measured threshold. */
#define TPR_PPT_UNIT "%ppt"

/* A relative dose's keys that a profile leaves out (our choices, grounded
 * in the figures of config/muscles.c): the band starts just under the
 * threshold, 90 %, where pressing turns into pain, and reaches 120 %, a
 * strong but tolerable press as the trials ask ("the highest tolerable
 * level", De Meulemeester 2016); the limit, 140 %, stays far below the
 * tolerance of a 60 s press at 7/10 pain, which is 1.7-2.4 times the
 * threshold (women 687, men 971 kPa against knee-OA thresholds of
 * 385-403 kPa, Hinarejos 2019). */
#define TPR_REL_BAND_MIN_PCT 90.0f
#define TPR_REL_BAND_MAX_PCT 120.0f
#define TPR_REL_LIMIT_PCT 140.0f

/* Bounds of a relative value (our choice: they catch typos such as a
 * missing digit; no dose lies outside a tenth to three times the
 * threshold). */
#define TPR_REL_MIN_PCT 10.0
#define TPR_REL_MAX_PCT 300.0

/* Whether a profile value is written relative to the threshold (it names
 * "ppt" at all, so that "90 %pptx" is an error of a relative value). */
bool tpr_dose_relative_text(const char *value);

/* Parse "N %ppt" into *pct. Returns 0, or -1 with "key: problem" in err
 * (not a number, another unit, outside the bounds above). */
int tpr_dose_relative_parse(const char *key, const char *value, float *pct, char *err,
                            size_t errlen);

/* How a dose's pressures were set. */
typedef enum tpr_dose_source {
    TPR_DOSE_ABSOLUTE, /* written in kPa (or the library's): nothing to resolve */
    TPR_DOSE_FROM_PPT, /* relative, resolved from the measured threshold */
    TPR_DOSE_LIBRARY,  /* relative, but no usable threshold: the library dose */
} tpr_dose_source;

/* Resolve a relative dose from the threshold ppt_kpa of its muscle and
 * side (NaN or <= 0: none measured). The band's top is
 * min(band_max % x PPT, ceiling) and its bottom keeps the band's
 * proportion (band_min % / band_max % of the top); the limit is
 * min(limit % x PPT, ceiling). The ceiling is the library limit of the
 * muscle (config/muscles.c), so no threshold lifts a dose above it. With no
 * threshold, or one so low that the band would not lie above the contact
 * pressure, the library dose stays. Sets d->relative.from_kpa to the
 * threshold used (0 otherwise). Returns how the dose was set. */
tpr_dose_source tpr_dose_resolve(tpr_dose *d, float ppt_kpa);

/* How a dose's pressures were set, from a resolved dose. */
tpr_dose_source tpr_dose_source_of(const tpr_dose *d);

/* "", "ppt", "library": the status's word for a source. */
const char *tpr_dose_source_name(tpr_dose_source s);

#endif
