/* The core's modes: what a session does with the pressure between the
 * stages every session shares. The core runs one mode at a time, chosen
 * when the core is set up, the way linuxptp runs one clock servo behind one
 * interface: a struct of function pointers, the state inside the core.
 * Therapy (mode_therapy.c) is the first mode.
 *
 * Conventions: before every step the core has checked safety on the raw
 * sample and run the filter; after it the motor law turns the mode's state
 * into the motor command and cuts the motor on an over-limit sample, a
 * sensor fault or a lift-off in that same tick, whatever the mode asked.
 * A mode is pure like the core (no I/O, no allocation, no clock reads). Its
 * state lives in the core object (at most TPR_CORE_MODE_STATE_SIZE bytes; the
 * core refuses a mode whose state does not fit). A mode reports through
 * tpr_output's states, signals and events (a measured trial reads as
 * contact, done, rest, next_rep); results of its own it keeps in its state,
 * read through functions in its file.
 *
 * Adding a mode: one new file, mode_NAME.c, that defines
 * `const tpr_core_mode tpr_core_mode_NAME`; in modes.c, its declaration and
 * its line in the table. Nothing else changes: the core, safety, the filter
 * and the motor law do not know which mode they run.
 */
#ifndef TPR_CORE_MODE_H
#define TPR_CORE_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "safety.h"
#include "tpr_types.h"

/* Room for the running mode's state inside the core object. */
#define TPR_CORE_MODE_STATE_SIZE 512

/* Commands from the person (buttons, control socket). */
typedef enum tpr_command {
    TPR_CMD_PAUSE,   /* motor off, the mode frozen until resumed */
    TPR_CMD_RESUME,  /* go on where the pause stopped */
    TPR_CMD_NEXT,    /* skip to the next repetition, after the last the next muscle (rest first) */
    TPR_CMD_PAINFUL, /* a measurement: the pressure has just turned painful */
} tpr_command;

/* What a mode sees of one tick; the shared stages have run. */
typedef struct tpr_core_mode_in {
    int64_t now_us;
    const tpr_routine *routine; /* the core's doses as of this tick */
    float raw_kpa;              /* the sample as read (NaN: no value) */
    float filtered_kpa;         /* NaN while there is no valid signal */
    tpr_safety_verdict v;       /* what safety found (and already acted on) */
} tpr_core_mode_in;

/* What a mode answers for one tick. */
typedef struct tpr_core_mode_out {
    /* State, signal, events raised by the mode and progress; muscle is an
     * index into the routine. The core fills filtered_kpa and
     * intensity_pct and adds the safety events. */
    tpr_output report;
    bool motor_off; /* the motor stops in this tick (a pause, a skip) */
} tpr_core_mode_out;

typedef struct tpr_core_mode {
    const char *name;  /* as a session asks for it: "therapy" */
    size_t state_size; /* bytes of state the core keeps for it */
    /* Start on routine r (the core's copy). Returns 0, or -1 when this
     * mode cannot run r. */
    int (*init)(void *state, const tpr_routine *r);
    /* One tick: fill out from in. */
    void (*step)(void *state, const tpr_core_mode_in *in, tpr_core_mode_out *out);
    /* A person's command, in effect from the next step. Returns 0, or -1
     * when this mode takes no such command. */
    int (*command)(void *state, tpr_command cmd);
} tpr_core_mode;

/* The mode called name, or NULL when there is none. */
const tpr_core_mode *tpr_core_mode_find(const char *name);

/* The i-th mode of the table, or NULL past its end. */
const tpr_core_mode *tpr_core_mode_at(size_t i);

#endif
