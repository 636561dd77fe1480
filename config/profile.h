/* User profiles: one INI file per person with the routine and any per-muscle
 * overrides of the built-in doses. */
#ifndef TPR_PROFILE_H
#define TPR_PROFILE_H

#include <stddef.h>
#include <stdio.h>

#include "muscles.h"
#include "options.h"
#include "tpr_types.h"

typedef struct tpr_profile {
    char path[256];                  /* file it was read from; empty for defaults */
    char user[64];                   /* [user] name */
    char routine_name[32];           /* built-in routine, or "custom" for a muscles list */
    tpr_dose dose[TPR_MUSCLE_COUNT]; /* every library muscle with this user's overrides */
    tpr_routine routine;             /* the routine to run, doses with overrides */
} tpr_profile;

/* Every key of a profile: [user] name, routine, muscles; [muscle.NAME]
 * contact, band_min, band_max, limit, hold, hold_min, hold_max, rest, reps,
 * intensity, release_drop. */
extern const tpr_option_table tpr_profile_options;

/* The default profile: user "default", routine knee_front, library doses. */
void tpr_profile_default(tpr_profile *p);

/* Read a profile from path. Returns 0, or -1 with "file:line: message" in
 * err (unknown section, key, muscle or routine, bad number or unit,
 * duplicate key, value out of range, impossible dose such as band_min >=
 * band_max); p is unchanged on error. */
int tpr_profile_load(const char *path, tpr_profile *p, char *err, size_t errlen);

/* Same from a string; origin names it in error messages. */
int tpr_profile_parse(const char *text, const char *origin, tpr_profile *p, char *err,
                      size_t errlen);

/* This user's dose for a muscle (library default plus overrides), or NULL
 * for a name that is not in the library. */
const tpr_dose *tpr_profile_dose(const tpr_profile *p, const char *muscle);

/* Print the profile reference: every key, then the muscle library with its
 * default doses and the built-in routines (part of tprd --help-config). */
void tpr_profile_help(FILE *f);

#endif
