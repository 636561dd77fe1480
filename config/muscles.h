/* The built-in muscle library and knee routines. */
#ifndef TPR_MUSCLES_H
#define TPR_MUSCLES_H

#include <stddef.h>

#include "tpr_types.h"

/* Number of muscles in the built-in library. */
#define TPR_MUSCLE_COUNT 14

typedef struct tpr_muscle_info {
    tpr_dose dose;      /* default dose; dose.muscle is the config name,
                           dose.intensity_max_pct the most a profile may set,
                           dose.limit_kpa the ceiling of a dose in %ppt */
    const char *group;  /* "quadriceps", "hamstrings", ... */
    const char *refers; /* knee area it refers pain to */
    const char *notice; /* said before the first press on it in a session, or NULL */
} tpr_muscle_info;

typedef struct tpr_routine_info {
    const char *name;                     /* "knee_front" */
    const char *description;              /* where the knee hurts */
    const char *muscles[TPR_MAX_ROUTINE]; /* NULL-terminated */
} tpr_routine_info;

/* The i-th library muscle (0 <= i < TPR_MUSCLE_COUNT). */
const tpr_muscle_info *tpr_muscle_at(size_t i);

/* Library entry by config name, or NULL. */
const tpr_muscle_info *tpr_muscle_find(const char *name);

/* Index of a muscle by config name, or -1. */
int tpr_muscle_index(const char *name);

/* Number of built-in routines and the i-th one. */
size_t tpr_routine_count(void);
const tpr_routine_info *tpr_routine_at(size_t i);

/* Built-in routine by name, or NULL. */
const tpr_routine_info *tpr_routine_find(const char *name);

#endif
