/* Storing a pressure-pain-threshold measurement in the session database:
 * the site (user, muscle, side), when, the target rate, every trial and the
 * site's threshold. */
#ifndef TPR_STORE_MEASUREMENT_H
#define TPR_STORE_MEASUREMENT_H

#include <stddef.h>
#include <stdint.h>

#include "mode_ppt.h"

typedef struct tpr_measurement {
    const char *user;
    const char *muscle;
    tpr_side side;
    int64_t taken_at_ms; /* Unix ms */
    const tpr_ppt_result *result;
} tpr_measurement;

/* Add m to the database at path (created or upgraded as for a session), in
 * one transaction. Returns the measurement's id, or -1 with
 * "path: ..." in err and nothing stored. */
int64_t tpr_measurement_save(const char *path, const tpr_measurement *m, char *err, size_t errlen);

#endif
