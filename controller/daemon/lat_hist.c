#include "lat_hist.h"

#include <math.h>
#include <string.h>

#define LAST (TPR_LAT_BUCKETS - 1)

static int bucket(int64_t us)
{
    if (us < TPR_LAT_FINE_US)
        return (int)us;
    if (us < TPR_LAT_COARSE_US)
        return TPR_LAT_FINE_US + (int)((us - TPR_LAT_FINE_US) / TPR_LAT_COARSE_WIDTH);
    return LAST;
}

static int64_t lowest(int b)
{
    if (b < TPR_LAT_FINE_US)
        return b;
    return TPR_LAT_FINE_US + (int64_t)(b - TPR_LAT_FINE_US) * TPR_LAT_COARSE_WIDTH;
}

static int64_t highest(int b)
{
    if (b < TPR_LAT_FINE_US)
        return b;
    return b == LAST ? INT64_MAX : lowest(b) + TPR_LAT_COARSE_WIDTH - 1;
}

void tpr_lat_hist_init(tpr_lat_hist *h)
{
    for (int b = 0; b < TPR_LAT_BUCKETS; b++)
        atomic_init(&h->count[b], 0);
    atomic_init(&h->min_us, INT64_MAX);
    atomic_init(&h->max_us, 0);
}

void tpr_lat_hist_add(tpr_lat_hist *h, int64_t us)
{
    if (us < 0)
        us = 0;
    /* One writer: a relaxed load and store, no read-modify-write needed. */
    _Atomic uint64_t *c = &h->count[bucket(us)];
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    if (us < atomic_load_explicit(&h->min_us, memory_order_relaxed))
        atomic_store_explicit(&h->min_us, us, memory_order_relaxed);
    if (us > atomic_load_explicit(&h->max_us, memory_order_relaxed))
        atomic_store_explicit(&h->max_us, us, memory_order_relaxed);
}

void tpr_lat_hist_read(const tpr_lat_hist *h, tpr_lat_counts *c)
{
    for (int b = 0; b < TPR_LAT_BUCKETS; b++)
        c->count[b] = atomic_load_explicit(&h->count[b], memory_order_relaxed);
    c->min_us = atomic_load_explicit(&h->min_us, memory_order_relaxed);
    c->max_us = atomic_load_explicit(&h->max_us, memory_order_relaxed);
}

void tpr_lat_counts_since(tpr_lat_counts *c, const tpr_lat_counts *earlier)
{
    int first = -1, last = -1;
    for (int b = 0; b < TPR_LAT_BUCKETS; b++) {
        c->count[b] -= earlier->count[b];
        if (c->count[b]) {
            first = first < 0 ? b : first;
            last = b;
        }
    }
    if (first < 0) {
        c->min_us = INT64_MAX;
        c->max_us = 0;
        return;
    }
    if (c->min_us < lowest(first))
        c->min_us = lowest(first);
    if (c->max_us > highest(last))
        c->max_us = highest(last);
}

static uint64_t total(const tpr_lat_counts *c)
{
    uint64_t n = 0;
    for (int b = 0; b < TPR_LAT_BUCKETS; b++)
        n += c->count[b];
    return n;
}

int64_t tpr_lat_quantile(const tpr_lat_counts *c, double q)
{
    uint64_t n = total(c);
    if (!n)
        return 0;
    uint64_t need = (uint64_t)ceil(q * (double)n - 1e-9); /* 0.999 * 1000 is not 999 in binary */
    if (need < 1)
        need = 1;
    uint64_t seen = 0;
    int b = 0;
    for (; b < LAST; b++) {
        seen += c->count[b];
        if (seen >= need)
            break;
    }
    /* Within [min, max]; max wins for a copy that caught min not yet set. */
    int64_t v = highest(b);
    if (v < c->min_us)
        v = c->min_us;
    return v > c->max_us ? c->max_us : v;
}

void tpr_lat_summarize(const tpr_lat_counts *c, tpr_lat_summary *s)
{
    memset(s, 0, sizeof(*s));
    s->n = total(c);
    if (!s->n)
        return;
    s->min_us = c->min_us;
    s->p50_us = tpr_lat_quantile(c, 0.50);
    s->p99_us = tpr_lat_quantile(c, 0.99);
    s->p999_us = tpr_lat_quantile(c, 0.999);
    s->max_us = c->max_us;
}

void tpr_lat_hist_summary(const tpr_lat_hist *h, tpr_lat_counts *c, tpr_lat_summary *s)
{
    tpr_lat_hist_read(h, c);
    tpr_lat_summarize(c, s);
}
