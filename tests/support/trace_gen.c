#include "trace_gen.h"

#include <math.h>

#define PI_F 3.14159265f
#define LEAK_HZ 150.0f
#define TREMOR_HZ 1.3f

void trace_dose(tpr_dose *d)
{
    *d = (tpr_dose){
        .muscle = "vastus_lateralis",
        .contact_kpa = 30.0f,
        .band_min_kpa = 120.0f,
        .band_max_kpa = 300.0f,
        .limit_kpa = 450.0f,
        /* The minimum lies past the ~20 s of relaxation in which the core
         * never reports a release: the trace lets go at the minimum. */
        .hold_ms = 30000,
        .hold_min_ms = 22000,
        .hold_max_ms = 40000,
        .rest_ms = 3000,
        .reps = 2,
        .intensity_pct = 60.0f,
        .intensity_max_pct = 100.0f,
        .release_drop = 0.15f,
    };
}

void trace_session_for(trace_session *s, const tpr_dose *d, uint32_t rate_hz)
{
    float band = d->band_max_kpa - d->band_min_kpa;
    *s = (trace_session){
        .rate_hz = rate_hz,
        .hold_kpa = d->band_min_kpa + 0.8f * band,
        .release_frac = 0.4f * band / (d->band_min_kpa + 0.8f * band),
        .away_ms = 2000,
        .approach_ms = 800,
        .hold_ms = d->hold_min_ms,
        .release_ms = 3000,
        .settle_ms = 1500,
        .lift_ms = 400,
        .noise_kpa = 0.01f * d->band_max_kpa,
        .tremor_frac = 0.01f,
        .leak_frac = 0.05f,
        .seed = 12345,
    };
}

uint32_t trace_session_period_ms(const trace_session *s)
{
    return s->away_ms + s->approach_ms + s->hold_ms + s->release_ms + s->settle_ms + s->lift_ms;
}

int64_t trace_sample_time(const trace_session *s, uint64_t i)
{
    return (int64_t)(i * 1000000u / s->rate_hz);
}

/* xorshift32: tiny, deterministic, good enough for noise. */
uint32_t trace_random(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    return *seed;
}

float trace_uniform(uint32_t *seed)
{
    return (float)(trace_random(seed) >> 8) / (float)(1u << 23) - 1.0f;
}

/* Smooth 0..1 ramp over [0, len]. */
static float ramp(float t, float len)
{
    float x = t / len;
    return x * x * (3.0f - 2.0f * x);
}

/* The hand's pressure without noise at ms into the session. */
static float hand_kpa(const trace_session *s, float ms)
{
    float low = s->hold_kpa * (1.0f - s->release_frac);
    float phase[] = {(float)s->away_ms,    (float)s->approach_ms, (float)s->hold_ms,
                     (float)s->release_ms, (float)s->settle_ms,   (float)s->lift_ms};
    if (ms < phase[0])
        return 0.0f;
    ms -= phase[0];
    if (ms < phase[1])
        return s->hold_kpa * ramp(ms, phase[1]);
    ms -= phase[1];
    if (ms < phase[2])
        return s->hold_kpa;
    ms -= phase[2];
    if (ms < phase[3])
        return s->hold_kpa - (s->hold_kpa - low) * ramp(ms, phase[3]);
    ms -= phase[3];
    if (ms < phase[4])
        return low;
    ms -= phase[4];
    return low * (1.0f - ramp(ms, phase[5]));
}

float trace_session_kpa(trace_session *s, int64_t t_us)
{
    int64_t period_us = (int64_t)trace_session_period_ms(s) * 1000;
    float ms = (float)(t_us % period_us) / 1000.0f;
    float t = (float)t_us / 1e6f;
    float p = hand_kpa(s, ms);
    p *= 1.0f + s->tremor_frac * sinf(2.0f * PI_F * TREMOR_HZ * t);
    p *= 1.0f + s->leak_frac * sinf(2.0f * PI_F * LEAK_HZ * t);
    p += s->noise_kpa * trace_uniform(&s->seed);
    return p > 0.0f ? p : 0.0f; /* a force sensor does not read below zero */
}

void trace_write_header(FILE *f, const trace_format *fmt)
{
    const char *first = fmt->pressure_first ? "pressure_kpa" : "t_ms";
    const char *second = fmt->pressure_first ? "t_ms" : "pressure_kpa";
    if (fmt->extra_columns)
        fprintf(f, "seq,%s,note,%s,motor_pct%s", first, second, fmt->eol);
    else
        fprintf(f, "%s,%s%s", first, second, fmt->eol);
}

void trace_write_row(FILE *f, const trace_format *fmt, int64_t t_us, const char *kpa_text)
{
    char t[32];
    if (t_us % 1000 == 0)
        snprintf(t, sizeof(t), "%lld", (long long)(t_us / 1000));
    else
        snprintf(t, sizeof(t), "%lld.%03lld", (long long)(t_us / 1000), (long long)(t_us % 1000));
    const char *first = fmt->pressure_first ? kpa_text : t;
    const char *second = fmt->pressure_first ? t : kpa_text;
    if (fmt->extra_columns)
        fprintf(f, "%lld,%s,\"steady, \"\"hand\"\"\",%s,42.5%s", (long long)(t_us / 1000), first,
                second, fmt->eol);
    else
        fprintf(f, "%s,%s%s", first, second, fmt->eol);
}

const char *trace_kpa_text(char *buf, float kpa)
{
    snprintf(buf, 32, "%.3f", (double)kpa);
    return buf;
}
