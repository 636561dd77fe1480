/* Reading a stored pressure-pain threshold back: the newest reliable one of
 * a site, which sets the doses written relative to it (%ppt). */
#ifndef TPR_STORE_MEASUREMENT_READ_H
#define TPR_STORE_MEASUREMENT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "tpr_types.h"

/* The newest reliable threshold of (user, muscle, side) in the database at
 * path: a measurement whose TPR_PPT_TRIALS trials were all reliable.
 * Opens the database read-only and never changes it. Returns 1 with
 * *ppt_kpa and *taken_at_ms (Unix ms), 0 when there is none (no database
 * yet, one from before measurements were stored, or no such measurement),
 * or -1 with "path: ..." in err. Not for the control loop's thread. */
int tpr_measurement_newest(const char *path, const char *user, const char *muscle, tpr_side side,
                           float *ppt_kpa, int64_t *taken_at_ms, char *err, size_t errlen);

#endif
