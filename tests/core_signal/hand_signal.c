#include "hand_signal.h"

#include <math.h>

float hand_uniform(uint32_t *seed)
{
    /* Numerical Recipes LCG; the top 24 bits are the good ones. */
    *seed = *seed * 1664525u + 1013904223u;
    return (float)(*seed >> 8) / 8388608.0f - 1.0f;
}

void hand_random_tremor(hand *h, float total_frac)
{
    float weight[HAND_TREMORS];
    float sum = 0.0f;
    for (int i = 0; i < HAND_TREMORS; i++) {
        weight[i] = 1.5f + hand_uniform(&h->seed);
        sum += weight[i];
    }
    for (int i = 0; i < HAND_TREMORS; i++) {
        h->tremor[i].hz = 1.75f + 1.25f * hand_uniform(&h->seed);
        h->tremor[i].phase = (float)M_PI * hand_uniform(&h->seed);
        h->tremor[i].frac = total_frac * weight[i] / sum;
    }
}

hand hand_steady(float base_kpa, uint32_t seed)
{
    hand h = {.base_kpa = base_kpa,
              .vib = {.hz = 150.0f, .frac = 0.10f},
              .noise_frac = 0.02f,
              .seed = seed};
    hand_random_tremor(&h, 0.03f);
    return h;
}

static float sine(const hand_sine *s, double t_s)
{
    return s->frac * (float)sin(2.0 * M_PI * s->hz * t_s + s->phase);
}

float hand_raw(hand *h, int64_t t_us)
{
    const double t_s = (double)t_us * 1e-6;
    float kpa = h->base_kpa;
    for (int i = 0; i < HAND_RAMPS; i++) {
        const hand_ramp *r = &h->ramp[i];
        if (r->frac == 0.0f || t_us <= r->start_us) {
            continue;
        }
        const float x =
            t_us >= r->start_us + r->len_us ? 1.0f : (float)(t_us - r->start_us) / (float)r->len_us;
        kpa *= 1.0f - r->frac * x;
    }
    float tremor = 0.0f;
    for (int i = 0; i < HAND_TREMORS; i++) {
        tremor += sine(&h->tremor[i], t_s);
    }
    kpa *= 1.0f + tremor;
    kpa *= 1.0f + sine(&h->vib, t_s);
    return kpa + h->noise_frac * kpa * hand_uniform(&h->seed);
}
