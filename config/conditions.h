/* Screening: the health conditions a profile may list under [user]
 * conditions, and the muscles each one rules out. A fixed, documented set:
 * an unknown name is a mistake in the profile, never ignored. */
#ifndef TPR_CONDITIONS_H
#define TPR_CONDITIONS_H

#include <stddef.h>
#include <stdint.h>

/* Number of known conditions; a profile's set is a bit mask of them. */
#define TPR_CONDITION_COUNT 7

typedef struct tpr_condition {
    const char *name;           /* config name: "dvt_history" */
    const char *what;           /* the condition in plain words */
    const char *area;           /* the muscles ruled out, in plain words */
    const char *why;            /* why deep pressure or vibration there is risky */
    const char *const *muscles; /* NULL-terminated; NULL: every muscle */
} tpr_condition;

/* The i-th known condition (0 <= i < TPR_CONDITION_COUNT), or NULL. */
const tpr_condition *tpr_condition_at(size_t i);

/* Index of a condition by config name, or -1. */
int tpr_condition_index(const char *name);

/* The first condition in mask (bit i: tpr_condition_at(i)) that rules out
 * muscle, or NULL when none does. */
const tpr_condition *tpr_condition_refusing(uint32_t mask, const char *muscle);

/* "anticoagulants, bleeding_disorder, ..." into buf (always terminated). */
void tpr_condition_names(char *buf, size_t len);

#endif
