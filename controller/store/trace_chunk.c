#include "trace_chunk.h"

#include <string.h>

static void put_u32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put_f32(uint8_t *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, sizeof(v));
    put_u32(b, v);
}

static float get_f32(const uint8_t *b)
{
    uint32_t v = get_u32(b);
    float f;
    memcpy(&f, &v, sizeof(f));
    return f;
}

size_t tpr_trace_encode(const tpr_trace_point *p, size_t n, int64_t t0_us, uint8_t *buf)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t *b = buf + i * TPR_TRACE_POINT_BYTES;
        float pct = p[i].intensity_pct;
        pct = pct < 0.0f ? 0.0f : pct > 100.0f ? 100.0f : pct;
        uint16_t centi = (uint16_t)(pct * 100.0f + 0.5f);
        put_u32(b, (uint32_t)(p[i].t_us - t0_us));
        put_f32(b + 4, p[i].kpa);
        put_f32(b + 8, p[i].filtered_kpa);
        b[12] = (uint8_t)centi;
        b[13] = (uint8_t)(centi >> 8);
        b[14] = p[i].state;
        b[15] = p[i].ok ? 1 : 0;
    }
    return n * TPR_TRACE_POINT_BYTES;
}

tpr_trace_point tpr_trace_decode(const uint8_t *buf, size_t i, int64_t t0_us)
{
    const uint8_t *b = buf + i * TPR_TRACE_POINT_BYTES;
    uint16_t centi = (uint16_t)(b[12] | b[13] << 8);
    return (tpr_trace_point){
        .t_us = t0_us + get_u32(b),
        .kpa = get_f32(b + 4),
        .filtered_kpa = get_f32(b + 8),
        .intensity_pct = (float)centi / 100.0f,
        .state = b[14],
        .ok = (b[15] & 1) != 0,
    };
}
