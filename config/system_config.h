/* The system (device) configuration: /etc/tprd/tprd.conf by default.
 * Hardware wiring, calibration, loop rate and where data lives. Every field
 * has a default that runs the daemon on the simulated device. */
#ifndef TPR_SYSTEM_CONFIG_H
#define TPR_SYSTEM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend.h"
#include "options.h"
#include "plain_name.h"
#include "tpr_types.h"

#define TPR_SYSTEM_CONFIG_DEFAULT "/etc/tprd/tprd.conf"

/* Most backends a build can have (hal/backends.h). */
#define TPR_MAX_BACKENDS 12

/* One backend's options struct (backend.h: options_size bytes used). */
typedef struct tpr_backend_slot {
    union {
        max_align_t align;
        unsigned char bytes[TPR_BACKEND_OPTIONS_MAX];
    };
} tpr_backend_slot;

typedef struct tpr_system_config {
    char path[256]; /* file it was read from; empty for built-in defaults */

    /* [device] */
    float tip_area_cm2;                  /* area of the tip: kPa = N / area * 10 */
    tpr_core_cfg core;                   /* rate, sensor range, fault timings, slew */
    char default_user[TPR_NAME_MAX + 1]; /* the start button's user; empty: built-in doses */

    /* [pressure] backend and [motor] backend: which of the part's backends
     * (tpr_system_backend() gives it) */
    int pressure;
    int motor;

    /* Every backend's own keys ([pressure], [motor], [buttons],
     * [indicators]), by its index in tpr_backends. */
    tpr_backend_slot backend_options[TPR_MAX_BACKENDS];

    /* [paths] */
    char data_dir[256];     /* session database lives here */
    char profiles_dir[256]; /* user profiles: NAME.ini */
    char socket_path[256];  /* control socket */

    /* [store] */
    uint32_t trace_rate_hz;   /* trace kept at this rate; 0: tpr_recorder_trace_rate() */
    uint32_t keep_trace_days; /* traces of older sessions are pruned; 0: forever */
    uint32_t keep_trace_mb;   /* all traces together at most this (10^6 bytes); 0: no cap */

    /* [ppt] */
    float ppt_rate_kpa_s; /* target rise rate of a threshold measurement */
} tpr_system_config;

/* The system config's own keys, their defaults and ranges (the backends'
 * keys are in their rows, backend.h). */
extern const tpr_option_table tpr_system_options;

/* The backend c chooses for a part with a backend key ([pressure],
 * [motor]); NULL for the other parts, which their wired lines choose. */
const tpr_backend *tpr_system_backend(const tpr_system_config *c, tpr_part part);

/* The options c holds for backend b, an entry of tpr_backends. */
const void *tpr_system_backend_options(const tpr_system_config *c, const tpr_backend *b);

/* Fill c with the built-in defaults (simulated device). */
void tpr_system_config_default(tpr_system_config *c);

/* Read path into c (starting from the defaults). Returns 0, or -1 with a
 * "file:line: message" in err (unknown section or key, bad value or unit,
 * duplicate key, out of range, or settings that do not fit together such
 * as backend = iio without a device); c is unchanged on error. A backend
 * this build lacks is not a choice, and its keys are unknown. */
int tpr_system_config_load(const char *path, tpr_system_config *c, char *err, size_t errlen);

/* Same from a string; origin names it in error messages. */
int tpr_system_config_parse(const char *text, const char *origin, tpr_system_config *c, char *err,
                            size_t errlen);

/* Print the system config reference (part of tprd --help-config). */
void tpr_system_config_help(FILE *f);

#endif
