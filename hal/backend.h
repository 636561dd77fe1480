/* A backend: one folder under hal/ that fills one part of the device from
 * options of its own. It declares itself once, as a tpr_backend (its name
 * in the config, its part, its option rows and how it opens), and the
 * folder's CMakeLists enters it into the table (backends.h). The config
 * layer reads each backend's rows through the table; the daemon opens the
 * parts by walking the table. A hardware backend's open lives in a module
 * (tpr-iio.so, tpr-gpiod.so) loaded only when the config chooses it
 * (backend_open.h), so the table links no hardware library. Nothing here
 * knows the config file.
 */
#ifndef TPR_BACKEND_H
#define TPR_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "options.h"

/* The parts of the device, in the order they are opened: the motor first,
 * so that a motor an earlier process left running stops before any other
 * part can fail. */
typedef enum tpr_part {
    TPR_PART_MOTOR,
    TPR_PART_PRESSURE,
    TPR_PART_INDICATOR,
    TPR_PART_INPUTS,
    TPR_PART_COUNT
} tpr_part;

/* Room for one backend's options struct in the system config. */
#define TPR_BACKEND_OPTIONS_MAX 400

typedef struct tpr_sim tpr_sim;

/* What every open gets besides its options. */
typedef struct tpr_backend_env {
    const char *config_path; /* the options' file, named in messages; "" built-in */
    float tip_area_cm2;      /* [device] tip_area: pressure = force / area */
    tpr_sim *sim;            /* the shared simulated world; NULL when no part uses it */
    uint32_t rate_hz;        /* the control loop's rate: a reader thread reads at it */
    int reader_prio;         /* SCHED_FIFO priority for a reader thread; 0: none */
    bool lockstep;           /* test only: sampler.h's lockstep (TPRD_TEST_LOCKSTEP) */
} tpr_backend_env;

/* Fills the member of hal for the part. Returns 0, or -1 with err naming
 * the config key or device; nothing stays open on failure. */
typedef int tpr_backend_open_fn(tpr_hal *hal, const void *opts, const tpr_backend_env *env,
                                char *err, size_t errlen);

/* Reports a check that failed: keys a and b (of the backend's section)
 * locate it in the file, msg says what is wrong. */
typedef void tpr_backend_fail(void *ctx, const char *key_a, const char *key_b, const char *msg);

typedef struct tpr_backend {
    const char *name; /* "[section] backend = name"; parts without the key: "gpio", "sim" */
    tpr_part part;
    const tpr_option *options; /* rows, offsets into the options struct */
    size_t option_count;
    size_t options_size; /* at most TPR_BACKEND_OPTIONS_MAX */
    /* After defaults and the file: settings that reach several fields
     * (a group's active_low onto each line). NULL: none. */
    void (*finish)(void *opts);
    /* Settings that only make sense together; selected says whether the
     * config chose this backend. Reports through fail. NULL: none. */
    void (*check)(const void *opts, bool selected, tpr_backend_fail *fail, void *ctx);
    /* Parts without a backend key: true when the options wire this
     * backend (a line is set). NULL: the backend is chosen by name, or it
     * is the simulated world's stand-in. */
    bool (*wired)(const void *opts);
    /* A warning for every start with these options, or NULL. */
    const char *(*warning)(const void *opts);
    bool uses_sim; /* takes env->sim */
    /* Built in (the simulated world): the open. NULL for a hardware
     * backend, whose open is the function open_symbol of module. */
    tpr_backend_open_fn *open;
    const char *module;      /* file name without ".so": "tpr-iio" */
    const char *open_symbol; /* "tpr_iio_backend_open" */
} tpr_backend;

#endif
