/* The simulated device: a hand pressing the tip into tissue with a trigger
 * point that releases under sustained pressure, a noisy sensor with the
 * motor's vibration leaking into it, and injectable faults. It is a hal
 * backend like any other, the default when no hardware is configured, and
 * the software-in-the-loop for tests. Deterministic for a given seed. */
#ifndef TPR_SIM_H
#define TPR_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

typedef enum tpr_sim_fault {
    TPR_SIM_FAULT_NONE,
    TPR_SIM_FAULT_READ_ERROR, /* the read fails (ok = false) */
    TPR_SIM_FAULT_NAN,        /* the read has no value */
    TPR_SIM_FAULT_STUCK,      /* the value freezes (time still advances) */
    TPR_SIM_FAULT_STALE,      /* no new sample: time stops advancing */
    TPR_SIM_FAULT_RANGE,      /* a value no working sensor gives */
    TPR_SIM_FAULT_HANG,       /* one read hangs for the whole duration (a stuck bus):
                                 the control loop stalls, as the watchdog must notice */
    TPR_SIM_FAULT_COUNT
} tpr_sim_fault;

typedef struct tpr_sim_config {
    uint64_t seed;
    const char *script_path; /* hand script file; NULL: script_text */
    const char *script_text; /* hand script; NULL: "follow" (the whole routine) */
    float noise_kpa;         /* sensor noise, standard deviation */
    float leak_fraction;     /* vibration leakage at 100 % intensity, of the reading */
    float tremor_pct;        /* hand tremor, of the pressure */
    float release_min_s;     /* loaded time before a trigger point releases: */
    float release_max_s;     /* drawn per spot between these */
    float release_drop;      /* how much the tissue softens when it releases */
} tpr_sim_config;

typedef struct tpr_sim tpr_sim;

/* Defaults: 0.8 kPa noise, 10 % leakage, 2 % tremor, every press relaxing
 * by 10-20 % over ~20 s, release after 25-45 s of load, 25 % softening, the
 * built-in following hand. */
void tpr_sim_config_default(tpr_sim_config *c);

/* Create the simulated world from c with one reference, the caller's.
 * The sim backends (sim_hal.c) each take a reference for their part, so
 * the world lives as long as its last part. Returns 0, or -1 with
 * "file:line: message" (script errors) or a message in err. */
int tpr_sim_create(tpr_sim **out, const tpr_sim_config *c, char *err, size_t errlen);

/* Drop one reference; the last frees the world. */
void tpr_sim_release(tpr_sim *s);

/* Create a world and fill every part of hal with it through the sim
 * backends (for tests). Same returns as tpr_sim_create. */
int tpr_sim_open(tpr_hal *hal, const tpr_sim_config *c, char *err, size_t errlen);

/* With simulated pressure and a hardware indicator (or none), let the
 * simulated hand see the cues too: it follows them as a person follows the
 * LED. Nothing to do otherwise. Returns 0, or -1 with err. */
int tpr_sim_watch_cues(tpr_hal *hal, char *err, size_t errlen);

/* The simulation behind a hal whose pressure is simulated (for tests). */
tpr_sim *tpr_sim_of(const tpr_hal *hal);

/* Inject fault f from now_us for duration_us. */
void tpr_sim_inject(tpr_sim *s, tpr_sim_fault f, int64_t now_us, int64_t duration_us);

/* The true pressure of the tip on the tissue (no noise, no leakage). */
float tpr_sim_true_kpa(const tpr_sim *s);

/* The motor intensity last commanded (0..100). */
float tpr_sim_motor_pct(const tpr_sim *s);

/* True once the hand's script has run to its end. */
bool tpr_sim_script_done(const tpr_sim *s);

/* How many times the current spot has released (0 or 1). */
unsigned tpr_sim_releases(const tpr_sim *s);

#endif
