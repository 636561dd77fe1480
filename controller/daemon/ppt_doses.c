#include "ppt_doses.h"

#include <math.h>
#include <stdio.h>

#include "dose_relative.h"
#include "log.h"
#include "measurement_read.h"
#include "recording.h"

/* The stored threshold of the dose's site; NaN when there is none or it
 * cannot be read (said in the log). */
static float threshold(const char *db, const char *user, const tpr_dose *d)
{
    float kpa = NAN;
    int64_t taken_at = 0;
    char err[512];
    int rc = tpr_measurement_newest(db, user, d->muscle, d->relative.side, &kpa, &taken_at, err,
                                    sizeof(err));
    if (rc < 0)
        tpr_log(TPR_LOG_WARN, "threshold of %s (%s): %s", d->muscle,
                tpr_side_name(d->relative.side), err);
    return rc == 1 ? kpa : NAN;
}

void tpr_ppt_doses_resolve(const tpr_system_config *sys, const char *user, tpr_routine *r,
                           const char *what)
{
    char db[512], library[512] = "";
    size_t n = 0;
    tpr_recording_db_path(sys->data_dir, db, sizeof(db));
    for (uint32_t i = 0; i < r->count; i++) {
        tpr_dose *d = &r->dose[i];
        if (tpr_dose_source_of(d) == TPR_DOSE_ABSOLUTE)
            continue;
        if (tpr_dose_resolve(d, threshold(db, user, d)) == TPR_DOSE_FROM_PPT) {
            tpr_log(TPR_LOG_INFO,
                    "%s: %s (%s) dosed from its threshold %.0f kPa: band %.0f-%.0f kPa, limit "
                    "%.0f kPa",
                    what, d->muscle, tpr_side_name(d->relative.side), (double)d->relative.from_kpa,
                    (double)d->band_min_kpa, (double)d->band_max_kpa, (double)d->limit_kpa);
        } else if (n < sizeof(library)) {
            n += (size_t)snprintf(library + n, sizeof(library) - n, "%s%s (%s)", n ? ", " : "",
                                  d->muscle, tpr_side_name(d->relative.side));
        }
    }
    if (n)
        tpr_log(TPR_LOG_WARN,
                "%s: no reliable threshold measured for %s: the library dose applies "
                "(tprctl measure --user %s --muscle NAME [--side SIDE])",
                what, library, user);
}
