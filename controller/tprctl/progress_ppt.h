/* A user's pressure-pain thresholds over time, per muscle and side, with
 * the rule that tells a real change from measurement noise, and how often
 * a muscle was treated against what the trials did. */
#ifndef TPRCTL_PROGRESS_PPT_H
#define TPRCTL_PROGRESS_PPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "progress_data.h"
#include "tprctl.h"

/* Minimal detectable change: a threshold change smaller than this may be
 * measurement noise. MDC95 33 kPa over trigger points (Somphithak 2025,
 * PeerJ 13:e19580; SEM 12 kPa); in end-stage knee OA it is 32-71 kPa
 * between sessions (Physiother Theory Pract 2026). Our choice: 33 kPa,
 * as the device measures over trigger points; the knee-OA range says it
 * is the least a change must be, not a generous bound. */
#define TPRCTL_PPT_MDC_KPA 33.0

/* Sessions a week in the trials of pressure release: 2-3 for 4 weeks
 * (Tanhan 2021; Ransone 2019; Moraska 2017). */
#define TPRCTL_TRIAL_SESSIONS_MIN 2
#define TPRCTL_TRIAL_SESSIONS_MAX 3

/* One reliable threshold (all its trials reliable). */
typedef struct tprctl_ppt_point {
    char muscle[64];
    char side[8];     /* "left", "none", "right" */
    int64_t taken_at; /* Unix ms */
    double kpa;
} tprctl_ppt_point;

typedef struct tprctl_ppt {
    tprctl_ppt_point *point; /* by muscle, side (alphabetical), then by time */
    size_t count;
} tprctl_ppt;

/* Load the user's reliable thresholds (of muscle only, when not NULL) from
 * the open database. Returns an exit status; free out with tprctl_ppt_free(). */
int tprctl_ppt_load(tprctl *t, const char *user, const char *muscle, tprctl_ppt *out);

void tprctl_ppt_free(tprctl_ppt *p);

/* Number of points from point[begin] on of the same muscle and side. */
size_t tprctl_ppt_site_points(const tprctl_ppt *p, size_t begin);

/* Whether a change (a difference of two thresholds) exceeds the MDC. */
bool tprctl_ppt_beyond_mdc(double change_kpa);

/* The newest threshold of muscle on side, or NULL. */
const tprctl_ppt_point *tprctl_ppt_latest(const tprctl_ppt *p, const char *muscle,
                                          const char *side);

/* Whether the site at point[begin] is the left side of a muscle measured
 * on both sides; then *left and *right are the newest of each. */
bool tprctl_ppt_asymmetry(const tprctl_ppt *p, size_t begin, const tprctl_ppt_point **left,
                          const tprctl_ppt_point **right);

/* Sessions a week over n rows of one muscle: the sessions divided by the
 * 7-day windows from the first session's start up to the last one's (at
 * least one; our choice, so that a partly used last week counts whole).
 * *weeks gets the windows. */
double tprctl_sessions_per_week(const tprctl_progress_row *rows, size_t n, int64_t *weeks);

/* tprctl progress's part (cmd_progress_ppt.c): the table of thresholds per
 * muscle and side, first against newest, and the left/right asymmetry of
 * the newest; in text and in JSON (members thresholds and asymmetry). */
void tprctl_ppt_print(FILE *f, const tprctl_ppt *p, const char *user);
void tprctl_ppt_json(tprctl_json *j, const tprctl_ppt *p);

/* A muscle's sessions a week set against the trials', in text and JSON. */
void tprctl_sessions_per_week_print(FILE *f, const tprctl_progress_row *rows, size_t n);
void tprctl_sessions_per_week_json(tprctl_json *j, const tprctl_progress_row *rows, size_t n);

#endif
