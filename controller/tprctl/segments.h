/* The per-muscle, per-repetition rows of one session. */
#ifndef TPRCTL_SEGMENTS_H
#define TPRCTL_SEGMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprctl.h"

typedef struct tprctl_segment {
    char muscle[64];
    int64_t rep;
    int64_t start_ms, end_ms; /* session time */
    int64_t in_band_ms;       /* hold achieved */
    int64_t over_ms;
    int64_t hold_target_ms;
    double band_min_kpa, band_max_kpa, limit_kpa;
    double peak_kpa, mean_kpa, mean_intensity_pct; /* NaN when not recorded */
    bool released;
    bool has_release_ms;
    int64_t release_ms; /* hold time at the release */
    char done_reason[16];
    bool complete; /* ran to its end (false: cut short) */
} tprctl_segment;

typedef struct tprctl_segments {
    tprctl_segment *seg;
    size_t count;
} tprctl_segments;

/* Load the segments of session id in the order they ran. Returns an exit
 * status; on success free them with tprctl_segments_free(). */
int tprctl_segments_load(tprctl *t, int64_t id, tprctl_segments *out);

void tprctl_segments_free(tprctl_segments *s);

/* "released at 7.5 s", "no release" or "cut short" for the table. */
void tprctl_segment_result(const tprctl_segment *g, char *buf, size_t len);

#endif
