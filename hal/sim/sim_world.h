/* The simulation's state (private to hal/sim). */
#ifndef TPR_SIM_WORLD_H
#define TPR_SIM_WORLD_H

#include "sim.h"
#include "sim_script.h"

typedef enum tpr_hand_mode {
    TPR_HAND_STILL, /* keep the position */
    TPR_HAND_PUSH,  /* press deeper */
    TPR_HAND_EASE,  /* back off a little */
    TPR_HAND_LIFT,  /* take the tip off */
} tpr_hand_mode;

struct tpr_sim {
    unsigned refs; /* holders: the creator until it lets go, and each hal part */
    tpr_sim_config cfg;
    tpr_sim_script script;
    uint64_t rng;
    bool started;
    int64_t t_us; /* simulated time, advanced in fixed steps */

    /* script */
    uint32_t step;
    int64_t step_start_us;
    bool step_begun;
    bool script_done;
    float step_from_mm, step_to_mm;
    float step_from_kpa; /* a ramp's pressure at its start */

    /* hand */
    float x_mm; /* indentation, before tremor */
    tpr_hand_mode mode;
    float aim_kpa; /* follow: pressure to settle at after entering the band */
    bool aimed;    /* follow: the aim for this press is set */
    float tremor_pct, tremor_hz, tremor_phase;
    tpr_signal signal; /* what the device shows, as the person feels it */

    /* tissue */
    float soft;                   /* stiffness factor: 1, falling when the spot releases */
    float relax_size;             /* this spot's relaxation, of the pressure */
    float relax_fast, relax_slow; /* relaxation so far, by exponential */
    float loaded_s, release_after_s;
    bool releasing;
    unsigned releases;
    int64_t unloaded_since_us;
    float true_kpa;

    /* motor and sensor */
    float motor_pct;
    float vib_phase;
    tpr_sim_fault fault;
    int64_t fault_end_us;
    tpr_sample last; /* last reading given out */

    /* buttons: edges the script made, not yet taken by the daemon */
    tpr_button_edge edges[8];
    uint32_t edges_head, edges_count;
};

/* Advance the world to now_us. */
void tpr_sim_advance(tpr_sim *s, int64_t now_us);

/* The sensor's reading at the world's current time. */
void tpr_sim_sample(tpr_sim *s, tpr_sample *out);

/* Take the oldest button edge into *out; false when there is none. */
bool tpr_sim_take_button(tpr_sim *s, tpr_button_edge *out);

/* Set up a fresh world from c and script. */
void tpr_sim_world_init(tpr_sim *s, const tpr_sim_config *c, const tpr_sim_script *script);

#endif
