/* A user's progress per muscle: for each session, totals over the
 * repetitions that ran to their end (cut-short ones would skew the figures),
 * and the first week of sessions set against the last. */
#ifndef TPRCTL_PROGRESS_DATA_H
#define TPRCTL_PROGRESS_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprctl.h"

/* Totals over some repetitions of one muscle. */
typedef struct tprctl_progress_sum {
    int64_t reps;
    int64_t releases;
    int64_t timed_releases; /* releases with a release time */
    int64_t release_ms;     /* sum of the release times */
    double peak_kpa;        /* highest; NaN when none recorded */
    double mean_kpa_sum;    /* sum of the repetitions' mean pressures */
    int64_t mean_count;
    int64_t hold_ms, target_ms;
    size_t sessions;
} tprctl_progress_sum;

/* One muscle in one session. */
typedef struct tprctl_progress_row {
    char muscle[64];
    int64_t session_id;
    int64_t started_at; /* Unix ms */
    tprctl_progress_sum sum;
} tprctl_progress_row;

typedef struct tprctl_progress {
    tprctl_progress_row *row; /* by muscle (alphabetical), then by time */
    size_t count;
} tprctl_progress;

/* First week (7 days from the first session) against the last week (7 days
 * up to the last session) of one muscle. */
typedef struct tprctl_trend {
    tprctl_progress_sum first, last;
    int64_t first_from, first_to; /* started_at of the first and last session in each */
    int64_t last_from, last_to;
    bool one_week; /* all sessions fall in the first week: nothing to compare */
} tprctl_trend;

/* For progress and plot-progress: check the operands USER [MUSCLE], open
 * the database and load the user's rows (every muscle without MUSCLE).
 * Returns an exit status; on success free out with tprctl_progress_free(). */
int tprctl_progress_open(tprctl *t, const tprctl_args *a, tprctl_progress *out);

void tprctl_progress_free(tprctl_progress *p);

/* Number of rows from row[begin] on that belong to the same muscle. */
size_t tprctl_progress_muscle_rows(const tprctl_progress *p, size_t begin);

/* The trend over n rows of one muscle (n > 0). */
void tprctl_progress_trend(const tprctl_progress_row *rows, size_t n, tprctl_trend *tr);

/* Derived figures; NaN where there is nothing to average. */
double tprctl_progress_release_s(const tprctl_progress_sum *s); /* mean time to release */
double tprctl_progress_mean_kpa(const tprctl_progress_sum *s);  /* mean of the reps' means */
double tprctl_progress_hold_pct(const tprctl_progress_sum *s);  /* hold achieved / target */

#endif
