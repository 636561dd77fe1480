/* Choosing what to treat from the command line, the control socket or the
 * profile itself, over a loaded profile — and screening the choice against
 * the profile's conditions, so that no way of choosing bypasses them. */
#ifndef TPR_PROFILE_SELECT_H
#define TPR_PROFILE_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "profile.h"

/* Replace the profile's routine by the built-in routine name, with this
 * user's doses. Returns 0, or -1 with the reason in err: an unknown
 * routine, or "file:line: ..." naming the profile's conditions when one of
 * them rules out a muscle of it (the profile is unchanged then). */
int tpr_profile_select_routine(tpr_profile *p, const char *name, char *err, size_t errlen);

/* Replace the profile's routine by the single muscle name, with this user's
 * dose. Returns 0, or -1 as tpr_profile_select_routine (unknown muscle). */
int tpr_profile_select_muscle(tpr_profile *p, const char *name, char *err, size_t errlen);

/* Replace the profile's routine by the muscles names[0..n) in that order
 * ("custom"), with this user's doses. Returns 0, or -1 as
 * tpr_profile_select_muscle. */
int tpr_profile_select_muscles(tpr_profile *p, const char *const *names, uint32_t n, char *err,
                               size_t errlen);

/* Whether the profile's conditions allow every muscle of r. Returns 0, or
 * -1 with the first refusal in plain words in err ("[user] conditions:
 * dvt_history rules out popliteus: ..."), without the file and line. */
int tpr_profile_screen(const tpr_profile *p, const tpr_routine *r, char *err, size_t errlen);

#endif
