/* Turning the command line into the system config and the user's profile,
 * shared by the daemon run and replay. */
#ifndef TPR_SETUP_H
#define TPR_SETUP_H

#include <stddef.h>

#include "args.h"
#include "profile.h"
#include "profile_select.h"
#include "system_config.h"

/* Load the system config (the default file when it exists, else built-in
 * defaults), the profile (file, user name or default) and apply the command
 * line's overrides (rate, data directory, socket, routine or single muscle).
 * Returns 0, or -1 with "file:line: message" or an option error in err. */
int tpr_setup_load(const tpr_args *a, tpr_system_config *sys, tpr_profile *prof, char *err,
                   size_t errlen);

/* Load the profile of user name from sys's profiles directory. name must
 * be a plain name (letters, digits, '_', '-'): nothing it says can make tprd
 * read a file elsewhere. Returns 0, or -1 with the reason in err. */
int tpr_setup_user_profile(const tpr_system_config *sys, const char *name, tpr_profile *prof,
                           char *err, size_t errlen);

#endif
