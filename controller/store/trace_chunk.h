/* Trace points packed into the BLOB of one trace_chunks row: 16 bytes per
 * point, little-endian, so that a 1 kHz trace costs about 58 MB of data an
 * hour (74 MB of database with page slack, bench_store) instead of several
 * times that as one row per sample.
 *
 * Point layout: u32 time since the chunk's t0_us in µs; f32 raw pressure kPa
 * (NaN when the reading had no value); f32 filtered kPa (NaN without a
 * signal); u16 intensity in 0.01 %; u8 tpr_state; u8 flags (bit 0: the
 * read succeeded). */
#ifndef TPR_TRACE_CHUNK_H
#define TPR_TRACE_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPR_TRACE_POINT_BYTES 16

typedef struct tpr_trace_point {
    int64_t t_us; /* session time */
    float kpa;
    float filtered_kpa;
    float intensity_pct;
    uint8_t state;
    bool ok;
} tpr_trace_point;

/* Encode n points into buf (n * TPR_TRACE_POINT_BYTES bytes) relative to
 * t0_us. Every point must lie in [t0_us, t0_us + 2^32 µs). Returns the bytes
 * written. */
size_t tpr_trace_encode(const tpr_trace_point *p, size_t n, int64_t t0_us, uint8_t *buf);

/* Decode point i of a chunk that starts at t0_us; the caller checks
 * i < len / TPR_TRACE_POINT_BYTES. */
tpr_trace_point tpr_trace_decode(const uint8_t *buf, size_t i, int64_t t0_us);

#endif
