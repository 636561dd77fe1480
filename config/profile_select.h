/* Choosing what to treat from the command line, over a loaded profile. */
#ifndef TPR_PROFILE_SELECT_H
#define TPR_PROFILE_SELECT_H

#include <stddef.h>

#include "profile.h"

/* Replace the profile's routine by the built-in routine name, with this
 * user's doses. Returns 0, or -1 naming the unknown routine in err. */
int tpr_profile_select_routine(tpr_profile *p, const char *name, char *err, size_t errlen);

/* Replace the profile's routine by the single muscle name, with this user's
 * dose. Returns 0, or -1 naming the unknown muscle in err. */
int tpr_profile_select_muscle(tpr_profile *p, const char *name, char *err, size_t errlen);

#endif
