/* User profiles: one INI file per person with the routine and any per-muscle
 * overrides of the built-in doses. */
#ifndef TPR_PROFILE_H
#define TPR_PROFILE_H

#include <stddef.h>
#include <stdio.h>

#include "conditions.h"
#include "muscles.h"
#include "options.h"
#include "plain_name.h"
#include "tpr_types.h"

typedef struct tpr_profile {
    char path[256];                  /* file it was read from; empty for defaults */
    char user[TPR_NAME_MAX + 1];     /* [user] name, or the file's name */
    char routine_name[32];           /* built-in routine, or "custom" for a muscles list */
    tpr_dose dose[TPR_MUSCLE_COUNT]; /* every library muscle with this user's overrides */
    tpr_routine routine;             /* the routine to run, doses with overrides */
    uint32_t conditions;             /* [user] conditions: bit i is tpr_condition_at(i) */
    int conditions_line;             /* the line that lists them; 0 when none */
} tpr_profile;

/* Every key of a profile: [user] name, routine, muscles, conditions; [muscle.NAME]
 * contact, band_min, band_max, limit (each of these three in kPa or, all
 * together, in %ppt: dose_relative.h), side, hold, hold_min, hold_max,
 * rest, reps, intensity, release_drop. */
extern const tpr_option_table tpr_profile_options;

/* The default profile: user "default", routine knee_front, library doses. */
void tpr_profile_default(tpr_profile *p);

/* Read a profile from path. Returns 0, or -1 with "file:line: message" in
 * err (unknown section, key, muscle or routine, bad number or unit,
 * duplicate key, value out of range, impossible dose such as band_min >=
 * band_max (in kPa or in %ppt), a dose partly in kPa and partly in %ppt, a user name that is not a
 * plain name (plain_name.h), taken from the file's name when name is not set, an unknown condition,
 * a routine with a muscle that one of the listed conditions rules out); p is unchanged on error. */
int tpr_profile_load(const char *path, tpr_profile *p, char *err, size_t errlen);

/* Same from a string; origin names it in error messages. */
int tpr_profile_parse(const char *text, const char *origin, tpr_profile *p, char *err,
                      size_t errlen);

/* This user's dose for a muscle (library default plus overrides), or NULL
 * for a name that is not in the library. Here rather than in profile.c so
 * that the selector (profile_select.c), which profile.c calls, does not
 * call back into it. */
static inline const tpr_dose *tpr_profile_dose(const tpr_profile *p, const char *muscle)
{
    int i = tpr_muscle_index(muscle);
    return i < 0 ? NULL : &p->dose[i];
}

/* Print the profile reference: every key, then the muscle library with its
 * default doses and the built-in routines (part of tprd --help-config). */
void tpr_profile_help(FILE *f);

#endif
