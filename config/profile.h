/* User profiles: one INI file per person with the routine and any per-muscle
 * overrides of the built-in doses. */
#ifndef TPR_PROFILE_H
#define TPR_PROFILE_H

#include <stddef.h>

#include "muscles.h"
#include "tpr_types.h"

typedef struct tpr_profile {
    char path[256];           /* file it was read from; empty for defaults */
    char user[64];            /* [user] name */
    char routine_name[32];    /* built-in routine, or "custom" for a muscles list */
    tpr_dose dose[TPR_MUSCLE_COUNT]; /* every library muscle with this user's overrides */
    tpr_routine routine;      /* the routine to run, doses with overrides */
} tpr_profile;

/* The default profile: user "default", routine knee_front, library doses. */
void tpr_profile_default(tpr_profile *p);

/* Read a profile from path. Returns 0, or -1 with "file:line: message" in
 * err (unknown key or muscle, bad number or unit, impossible dose). */
int tpr_profile_load(const char *path, tpr_profile *p, char *err, size_t errlen);

/* Same from a string; origin names it in error messages. */
int tpr_profile_parse(const char *text, const char *origin, tpr_profile *p, char *err,
                      size_t errlen);

/* This user's dose for a muscle (library default plus overrides), or NULL
 * for a name that is not in the library. */
const tpr_dose *tpr_profile_dose(const tpr_profile *p, const char *muscle);

#endif
