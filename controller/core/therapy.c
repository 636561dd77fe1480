/* The therapy state machine.
 *
 * Hold time accumulates only in the hold state (pressure inside the band),
 * from the real time between ticks. A repetition is done when a release
 * was detected and the hold reached hold_min, or when the hold reached its
 * target — unless a release is under way then, which may extend the hold up
 * to hold_max. Leaving the band (too soft, too hard, lift-off) pauses the
 * hold; coming back resumes it. A sensor fault parks the machine in fault;
 * when the signal is good again it goes on from the pressure.
 */
#include "therapy.h"

/* Length of the "done" cue before the rest starts. */
#define DONE_CUE_US 1000000
/* Longest gap between two ticks that may count as hold time: a stalled
 * loop must not credit time nobody spent in the band. */
#define MAX_TICK_GAP_US 100000
/* A sudden drop below half the contact pressure is a lift-off in the same
 * tick, before the filter has caught up. */
#define LIFT_OFF_RAW_FRACTION 0.5f

/* Each repetition's hold has a detector of its own. */
static void start_repetition(tpr_therapy *t, const tpr_dose *d)
{
    t->hold_us = 0;
    t->hold_started = false;
    t->reason = TPR_DONE_NONE;
    tpr_release_init(&t->release, d->release_drop);
}

void tpr_therapy_init(tpr_therapy *t, const tpr_routine *r)
{
    *t = (tpr_therapy){.state = TPR_STATE_IDLE, .rep = 1};
    start_repetition(t, &r->dose[0]);
}

/* Where the pressure puts a person who is pressing: too soft, in band, too
 * hard. The band edges are exact (no hysteresis), so hold time never counts
 * a tick outside [band_min, band_max]; the filter already keeps noise and
 * vibration from flickering across an edge. */
static tpr_state classify(const tpr_dose *d, float p)
{
    if (p < d->band_min_kpa)
        return TPR_STATE_CONTACT;
    if (p > d->band_max_kpa)
        return TPR_STATE_OVER;
    return TPR_STATE_HOLD;
}

static uint32_t enter_done(tpr_therapy *t, tpr_done_reason why, int64_t now)
{
    t->state = TPR_STATE_DONE;
    t->reason = why;
    t->since_us = now;
    return TPR_EV_DONE;
}

/* Events of moving between idle/contact/hold/over. */
static uint32_t move(tpr_therapy *t, tpr_state to)
{
    uint32_t ev = 0;
    tpr_state from = t->state;
    if (from == to)
        return 0;
    if (from == TPR_STATE_IDLE)
        ev |= TPR_EV_CONTACT;
    if (from == TPR_STATE_HOLD)
        ev |= TPR_EV_HOLD_PAUSE;
    if (to == TPR_STATE_IDLE)
        ev |= TPR_EV_LIFT_OFF;
    if (to == TPR_STATE_OVER)
        ev |= TPR_EV_TOO_HARD;
    if (to == TPR_STATE_HOLD) {
        ev |= t->hold_started ? TPR_EV_HOLD_RESUME : TPR_EV_HOLD_START;
        t->hold_started = true;
    }
    t->state = to;
    return ev;
}

/* The pressing states: follow the pressure, count hold time, decide done. */
static uint32_t pressing(tpr_therapy *t, const tpr_dose *d, const tpr_core_mode_in *in, int64_t dt)
{
    tpr_release *rel = &t->release;
    float p = in->filtered_kpa;
    /* The raw value too: right after a lift-off the filter still shows the
     * old pressure for a few ms, which must not count as contact again. */
    bool contact = p >= d->contact_kpa && in->raw_kpa >= LIFT_OFF_RAW_FRACTION * d->contact_kpa;
    tpr_state to = in->v.over_limit ? TPR_STATE_OVER : !contact ? TPR_STATE_IDLE : classify(d, p);
    uint32_t ev = move(t, to);
    if (t->state != TPR_STATE_HOLD)
        return ev;

    t->hold_us += dt;
    if (tpr_release_step(rel, in->now_us, p))
        ev |= TPR_EV_RELEASE;
    int64_t hold = t->hold_us;
    if (tpr_release_fired(rel) && hold >= (int64_t)d->hold_min_ms * 1000)
        return ev | enter_done(t, TPR_DONE_RELEASE, in->now_us);
    if (hold < (int64_t)d->hold_ms * 1000)
        return ev;
    /* Target met: follow a release under way up to the maximum. */
    bool extending = tpr_release_in_progress(rel);
    if (extending && hold < (int64_t)d->hold_max_ms * 1000)
        return ev;
    return ev | enter_done(t, extending ? TPR_DONE_MAX : TPR_DONE_TARGET, in->now_us);
}

/* The last repetition of this muscle. */
static bool muscle_ends(const tpr_therapy *t, const tpr_dose *d)
{
    return t->rep >= d->reps;
}

/* done → rest (or the end), rest → next repetition or muscle. */
static uint32_t timed(tpr_therapy *t, const tpr_routine *r, int64_t now)
{
    const tpr_dose *d = &r->dose[t->muscle];
    if (t->state == TPR_STATE_DONE) {
        if (t->finished || now - t->since_us < DONE_CUE_US)
            return 0;
        if (t->muscle + 1 >= r->count && muscle_ends(t, d)) {
            t->finished = true;
            return TPR_EV_ROUTINE_DONE;
        }
        t->state = TPR_STATE_REST;
        t->since_us = now;
        return TPR_EV_REST;
    }
    if (now - t->since_us < (int64_t)d->rest_ms * 1000)
        return 0;
    uint32_t ev;
    if (!muscle_ends(t, d)) {
        t->rep++;
        ev = TPR_EV_NEXT_REP;
    } else {
        t->muscle++;
        t->rep = 1;
        ev = TPR_EV_NEXT_MUSCLE;
    }
    start_repetition(t, &r->dose[t->muscle]);
    t->state = TPR_STATE_IDLE;
    return ev;
}

uint32_t tpr_therapy_step(tpr_therapy *t, const tpr_core_mode_in *in)
{
    const tpr_routine *r = in->routine;
    int64_t dt = t->started ? in->now_us - t->last_us : 0;
    dt = dt < 0 ? 0 : dt > MAX_TICK_GAP_US ? MAX_TICK_GAP_US : dt;
    t->started = true;
    t->last_us = in->now_us;
    uint32_t ev = 0;

    if (in->v.fault) {
        if (t->state != TPR_STATE_FAULT) {
            if (t->state == TPR_STATE_HOLD)
                ev |= TPR_EV_HOLD_PAUSE;
            t->before_fault = t->state;
            t->state = TPR_STATE_FAULT;
        }
        return ev;
    }
    if (t->state == TPR_STATE_FAULT) {
        /* done and rest keep their clocks; a pressing state starts from idle
         * and follows the pressure in this same tick. */
        bool timed_state = t->before_fault == TPR_STATE_DONE || t->before_fault == TPR_STATE_REST;
        t->state = timed_state ? t->before_fault : TPR_STATE_IDLE;
    }
    if (t->state == TPR_STATE_DONE || t->state == TPR_STATE_REST) {
        ev |= timed(t, r, in->now_us);
        if (t->state != TPR_STATE_IDLE)
            return ev;
        /* The rest just ended: someone already pressing goes on in this
         * tick, but the rest itself is no hold time. */
        dt = 0;
    }
    return ev | pressing(t, &r->dose[t->muscle], in, dt);
}

uint32_t tpr_therapy_skip(tpr_therapy *t, int64_t now_us)
{
    if (t->finished)
        return 0;
    /* A repetition already over keeps its reason, its cue and its rest. */
    tpr_state where = t->state == TPR_STATE_FAULT ? t->before_fault : t->state;
    if (where == TPR_STATE_DONE || where == TPR_STATE_REST)
        return 0;
    uint32_t ev = TPR_EV_DONE | (t->state == TPR_STATE_HOLD ? TPR_EV_HOLD_PAUSE : 0);
    t->state = TPR_STATE_DONE;
    t->reason = TPR_DONE_NONE;
    t->since_us = now_us - DONE_CUE_US; /* no done cue: straight to rest */
    return ev;
}

void tpr_therapy_freeze(tpr_therapy *t, int64_t now_us)
{
    if (t->started && now_us > t->last_us)
        t->since_us += now_us - t->last_us;
    t->last_us = now_us;
}
