/* A deterministic model of the raw pressure under a hand-held tip: a base
 * pressure, slow ramps (tissue creep or the hand easing off), hand tremor,
 * motor vibration leaking into the sensor and white sensor noise. */
#ifndef HAND_SIGNAL_H
#define HAND_SIGNAL_H

#include <stdint.h>

#define HAND_RAMPS 2
#define HAND_TREMORS 3

typedef struct hand_ramp {
    int64_t start_us;
    int64_t len_us;
    float frac; /* fraction of the base pressure lost by the end of the ramp */
} hand_ramp;

typedef struct hand_sine {
    float hz;
    float frac; /* amplitude as a fraction of the pressure */
    float phase;
} hand_sine;

typedef struct hand {
    float base_kpa;
    hand_ramp ramp[HAND_RAMPS];
    hand_sine tremor[HAND_TREMORS];
    hand_sine vib;    /* motor vibration coupled into the sensor */
    float noise_frac; /* white noise, uniform within +/- this fraction */
    uint32_t seed;    /* state of the noise generator */
} hand;

/* Uniform pseudo-random value in [-1, 1); same seed, same sequence. */
float hand_uniform(uint32_t *seed);

/* Tremor of random frequencies in 0.5..3 Hz and random phases whose
 * amplitudes add up to total_frac. */
void hand_random_tremor(hand *h, float total_frac);

/* A hand that holds base_kpa with the realistic disturbances: tremor of
 * 0.5-3 Hz adding up to +/-3 %, +/-2 % white noise, +/-10 % vibration at
 * 150 Hz. */
hand hand_steady(float base_kpa, uint32_t seed);

/* Raw pressure (kPa) at time t_us; advances the noise generator. */
float hand_raw(hand *h, int64_t t_us);

#endif
