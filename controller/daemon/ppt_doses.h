/* Doses set from the measured threshold: before a routine goes to the
 * control loop, the main thread reads the newest reliable threshold of each
 * muscle whose dose is written in %ppt (its side from the profile) and
 * turns the dose into kPa (config/dose_relative.h). */
#ifndef TPR_PPT_DOSES_H
#define TPR_PPT_DOSES_H

#include "system_config.h"
#include "tpr_types.h"

/* Resolve the %ppt doses of r for user from the session database in
 * sys->data_dir, and log, in one line, the muscles that keep the library
 * dose because no reliable threshold is stored for them (what names the
 * occasion: "session", "reload"). Reads the database: main thread only. */
void tpr_ppt_doses_resolve(const tpr_system_config *sys, const char *user, tpr_routine *r,
                           const char *what);

#endif
