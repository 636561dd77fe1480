/* A deterministic pressure trace of a treatment session, written as the CSV
 * that tprd --replay reads: the tip resting, pressed into the muscle, held
 * in the band with sensor noise, hand tremor and motor vibration leaking
 * into the sensor, the tissue letting go (slow creep of the pressure), the
 * hand holding on a little longer and lifting off. The session repeats. */
#ifndef TRACE_GEN_H
#define TRACE_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tpr_types.h"

typedef struct trace_session {
    uint32_t rate_hz;
    float hold_kpa;       /* pressure the hand holds in the band */
    float release_frac;   /* fraction of hold_kpa lost while the tissue lets go */
    uint32_t away_ms;     /* tip resting, no contact */
    uint32_t approach_ms; /* pressing in up to hold_kpa */
    uint32_t hold_ms;     /* steady hold before the release starts */
    uint32_t release_ms;  /* creep from hold_kpa down by release_frac */
    uint32_t settle_ms;   /* holding on at the lower pressure */
    uint32_t lift_ms;     /* easing off to nothing */
    float noise_kpa;      /* white sensor noise, uniform within +/- this */
    float tremor_frac;    /* slow hand wander (1.3 Hz) as a fraction of the pressure */
    float leak_frac;      /* 150 Hz motor vibration as a fraction of the pressure */
    uint32_t seed;        /* noise generator state */
} trace_session;

/* Pseudo-random 32-bit value; same seed (non-zero), same sequence. */
uint32_t trace_random(uint32_t *seed);

/* Pseudo-random value uniform in [-1, 1). */
float trace_uniform(uint32_t *seed);

/* A quadriceps-like dose with short holds so a session takes a minute:
 * band 120..300 kPa, limit 450, hold 30 s (min 22, just past the tissue's
 * relaxation; max 40), rest 3 s, 2 reps, 60 % intensity, release at a 15 %
 * drop. */
void trace_dose(tpr_dose *d);

/* A session for dose d sampled at rate_hz: holds at 80 % of the band and,
 * from the minimum hold on, lets go over 3 s down to 40 % of the band (a
 * drop of about a quarter). */
void trace_session_for(trace_session *s, const tpr_dose *d, uint32_t rate_hz);

/* Length of one session in milliseconds (before it repeats). */
uint32_t trace_session_period_ms(const trace_session *s);

/* Time of sample i: i / rate_hz, in microseconds. */
int64_t trace_sample_time(const trace_session *s, uint64_t i);

/* Raw pressure of the (repeating) session at t_us; advances the noise. */
float trace_session_kpa(trace_session *s, int64_t t_us);

/* How a trace file is laid out. */
typedef struct trace_format {
    const char *eol;     /* "\n" or "\r\n" */
    bool pressure_first; /* pressure_kpa before t_ms */
    bool extra_columns;  /* columns replay must ignore, one quoted with a comma */
} trace_format;

/* The header line. */
void trace_write_header(FILE *f, const trace_format *fmt);

/* One row at t_us with the pressure field's text kpa_text (as is). */
void trace_write_row(FILE *f, const trace_format *fmt, int64_t t_us, const char *kpa_text);

/* The pressure as a trace writes it: three decimals. buf holds >= 32. */
const char *trace_kpa_text(char *buf, float kpa);

#endif
