/* A latency histogram with fixed buckets, written by one thread (the
 * control loop) and read by others without locks. Every count is a relaxed
 * atomic word: a reader's copy may be a tick behind in one bucket and
 * ahead in another, never torn — consistent enough for percentiles.
 *
 * Buckets: 1 µs wide below 1 ms (where a healthy loop lives), 100 µs wide
 * from 1 ms to 10 ms, and one bucket above; min and max are kept exactly. */
#ifndef TPR_LAT_HIST_H
#define TPR_LAT_HIST_H

#include <stdatomic.h>
#include <stdint.h>

#define TPR_LAT_FINE_US 1000    /* 1 µs buckets below this */
#define TPR_LAT_COARSE_US 10000 /* 100 µs buckets below this, then one more */
#define TPR_LAT_COARSE_WIDTH 100
#define TPR_LAT_BUCKETS                                                                            \
    (TPR_LAT_FINE_US + (TPR_LAT_COARSE_US - TPR_LAT_FINE_US) / TPR_LAT_COARSE_WIDTH + 1)

typedef struct tpr_lat_hist {
    _Atomic uint64_t count[TPR_LAT_BUCKETS];
    _Atomic int64_t min_us, max_us; /* INT64_MAX and 0 while empty */
} tpr_lat_hist;

/* A reader's plain copy, and what is computed from it. */
typedef struct tpr_lat_counts {
    uint64_t count[TPR_LAT_BUCKETS];
    int64_t min_us, max_us;
} tpr_lat_counts;

/* min, p50, p99, p99.9 and max in µs; all 0 when empty. A percentile is the
 * highest value its bucket holds (the µs itself below 1 ms), capped by max. */
typedef struct tpr_lat_summary {
    uint64_t n;
    int64_t min_us, p50_us, p99_us, p999_us, max_us;
} tpr_lat_summary;

void tpr_lat_hist_init(tpr_lat_hist *h);

/* Writer side (one thread): count one value in µs; negative counts as 0. */
void tpr_lat_hist_add(tpr_lat_hist *h, int64_t us);

/* Reader side: copy h (lock-free). */
void tpr_lat_hist_read(const tpr_lat_hist *h, tpr_lat_counts *c);

/* c minus an earlier copy of the same histogram: the values counted in
 * between. min and max are c's own (the exact ones of the stretch are not
 * kept), narrowed to the buckets the stretch used. */
void tpr_lat_counts_since(tpr_lat_counts *c, const tpr_lat_counts *earlier);

/* The value at quantile q (0 < q <= 1): the smallest value that at least
 * q of the counts do not exceed. 0 when c is empty. */
int64_t tpr_lat_quantile(const tpr_lat_counts *c, double q);

void tpr_lat_summarize(const tpr_lat_counts *c, tpr_lat_summary *s);

/* Summarize h as it is now, with c as the scratch counts (large: callers
 * keep it off a small stack). */
void tpr_lat_hist_summary(const tpr_lat_hist *h, tpr_lat_counts *c, tpr_lat_summary *s);

#endif
