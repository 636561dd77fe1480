/* Types shared by the control core, the hal and the daemon.
 *
 * Units: pressure in kPa (float), time as int64_t microseconds from a
 * monotonic clock (or milliseconds where a name says _ms), intensity 0..100 %.
 */
#ifndef TPR_TYPES_H
#define TPR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest number of muscles in one routine. */
#define TPR_MAX_ROUTINE 16

/* One pressure reading as the hal delivers it. */
typedef struct tpr_sample {
    int64_t t_us; /* monotonic time the reading was taken */
    float kpa;    /* raw pressure; NaN when the reading has no value */
    bool ok;      /* false: the read itself failed (I/O error) */
} tpr_sample;

/* States of the therapy state machine, in the order of a repetition. */
typedef enum tpr_state {
    TPR_STATE_IDLE,    /* no contact: tip below the contact pressure */
    TPR_STATE_CONTACT, /* pressing, but below the band (too soft) */
    TPR_STATE_HOLD,    /* inside the band: hold time accumulates */
    TPR_STATE_OVER,    /* above the band (too hard) or above the limit */
    TPR_STATE_DONE,    /* repetition finished; "done" cue plays */
    TPR_STATE_REST,    /* rest between repetitions or muscles */
    TPR_STATE_FAULT,   /* sensor fault: motor off until the signal is valid again */
    TPR_STATE_COUNT
} tpr_state;

/* Events are bits so that one tick can report several. The bit order is
 * the order in which they are printed ("a|b"). */
typedef enum tpr_event {
    TPR_EV_OVER_LIMIT = 1u << 0,    /* raw pressure above the muscle's hard limit */
    TPR_EV_SENSOR_FAULT = 1u << 1,  /* read error, NaN, out of range, stuck or stale */
    TPR_EV_FAULT_CLEAR = 1u << 2,   /* signal valid again for long enough */
    TPR_EV_LIFT_OFF = 1u << 3,      /* pressure fell below contact while in contact */
    TPR_EV_CONTACT = 1u << 4,       /* pressure rose above contact */
    TPR_EV_TOO_HARD = 1u << 5,      /* filtered pressure went above band_max */
    TPR_EV_HOLD_START = 1u << 6,    /* first entry into the band in a repetition */
    TPR_EV_HOLD_PAUSE = 1u << 7,    /* left the band: hold time stops */
    TPR_EV_HOLD_RESUME = 1u << 8,   /* back in the band: hold time goes on */
    TPR_EV_RELEASE = 1u << 9,       /* trigger point release detected */
    TPR_EV_DONE = 1u << 10,         /* repetition finished */
    TPR_EV_REST = 1u << 11,         /* rest started */
    TPR_EV_NEXT_REP = 1u << 12,     /* rest over, next repetition of the same muscle */
    TPR_EV_NEXT_MUSCLE = 1u << 13,  /* rest over, first repetition of the next muscle */
    TPR_EV_ROUTINE_DONE = 1u << 14, /* last repetition of the last muscle finished */
} tpr_event;

#define TPR_EV_COUNT 15

/* What the person should be told; drives LED/buzzer and the live line. */
typedef enum tpr_signal {
    TPR_SIG_OFF,      /* idle: ready, press when you are */
    TPR_SIG_TOO_SOFT, /* contact, below the band */
    TPR_SIG_IN_BAND,  /* hold */
    TPR_SIG_TOO_HARD, /* over */
    TPR_SIG_DONE,     /* done / routine finished */
    TPR_SIG_FAULT,    /* sensor fault */
    TPR_SIG_REST,     /* rest between repetitions: stay off */
    TPR_SIG_COUNT
} tpr_signal;

/* Why a repetition ended (valid once the state reached done). */
typedef enum tpr_done_reason {
    TPR_DONE_NONE,
    TPR_DONE_TARGET,  /* hold target met without a release */
    TPR_DONE_RELEASE, /* release detected after the minimum hold */
    TPR_DONE_MAX,     /* a release under way was followed up to the maximum hold */
} tpr_done_reason;

/* Which side of the body; none for a muscle measured or treated without one. */
typedef enum tpr_side {
    TPR_SIDE_NONE,
    TPR_SIDE_LEFT,
    TPR_SIDE_RIGHT,
} tpr_side;

/* A dose's pressures relative to the person's pressure-pain threshold
 * (profile values written "90 %ppt"). Percentages are 0 for an absolute
 * dose; a relative dose sets all three. */
typedef struct tpr_dose_relative {
    float band_min_pct; /* of the threshold */
    float band_max_pct;
    float limit_pct;
    tpr_side side;  /* the site whose threshold sets the dose */
    float from_kpa; /* the threshold the pressures were resolved from; 0: library dose */
} tpr_dose_relative;

/* The dose for one muscle: every field a user profile can override. */
typedef struct tpr_dose {
    const char *muscle; /* config name, points into the built-in library */
    float contact_kpa;  /* at or above: the tip is in contact */
    float band_min_kpa; /* therapeutic band, inclusive */
    float band_max_kpa;
    float limit_kpa;      /* hard limit: raw pressure above it cuts the motor */
    uint32_t hold_ms;     /* hold target (time inside the band) */
    uint32_t hold_min_ms; /* a release ends the hold only after this */
    uint32_t hold_max_ms; /* a release under way may extend the hold up to this */
    uint32_t rest_ms;     /* rest after each repetition */
    uint32_t reps;        /* repetitions */
    float intensity_pct;  /* base vibration intensity */
    /* Highest intensity for this muscle whatever a profile asks (the
     * muscle library's rule; 100 where the muscle has none). */
    float intensity_max_pct;
    float release_drop; /* fraction (0..1) of decay from the hold peak that is a release */
    tpr_dose_relative relative;
} tpr_dose;

/* A routine: muscles treated one after the other. */
typedef struct tpr_routine {
    const char *name; /* built-in routine name, or "custom" */
    uint32_t count;
    tpr_dose dose[TPR_MAX_ROUTINE];
} tpr_routine;

/* Device-wide settings of the core (not per muscle). */
typedef struct tpr_core_cfg {
    uint32_t rate_hz;    /* nominal sample rate; the filter is designed for it */
    float range_min_kpa; /* sensor range: readings outside are a fault */
    float range_max_kpa;
    uint32_t stuck_ms;       /* identical raw readings while in contact for longer: fault */
    uint32_t stale_ms;       /* no new sample for longer: fault */
    uint32_t fault_clear_ms; /* valid signal needed for this long to leave fault */
    float slew_pct_per_s;    /* largest intensity change per second (not for cuts) */
} tpr_core_cfg;

/* Result of one tick of the core. */
typedef struct tpr_output {
    float filtered_kpa;  /* filter output (NaN while there is no valid signal) */
    float intensity_pct; /* motor command, 0..100 */
    tpr_state state;
    tpr_signal signal;
    uint32_t events;        /* tpr_event bits raised in this tick */
    uint32_t hold_ms;       /* hold time accumulated in this repetition */
    uint32_t muscle;        /* index into the routine */
    uint32_t rep;           /* repetition, from 1 */
    tpr_done_reason reason; /* why the repetition ended, from the done tick on */
    bool finished;          /* the routine is complete */
} tpr_output;

/* Lower-case names used in logs, replay output and the database. */
const char *tpr_state_name(tpr_state s);
const char *tpr_event_name(tpr_event e);
const char *tpr_signal_name(tpr_signal s);
const char *tpr_done_reason_name(tpr_done_reason r);

/* Side names, NULL-terminated in tpr_side order: "none", "left", "right". */
extern const char *const tpr_side_names[];

/* "none", "left", "right"; "?" for a value that is no side. */
const char *tpr_side_name(tpr_side side);

/* The side called name; -1 when there is none of that name. */
int tpr_side_parse(const char *name, tpr_side *side);

/* Write the names of the events in mask joined by '|' into buf (always
 * NUL-terminated). Returns the length written, without the NUL. */
size_t tpr_events_format(uint32_t mask, char *buf, size_t len);

/* Default device-wide core settings. */
void tpr_core_cfg_default(tpr_core_cfg *cfg);

#endif
