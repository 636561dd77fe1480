/* Therapy as a mode of the core: the state machine of therapy.c, paused
 * and skipped by the person. */
#include "mode.h"
#include "therapy.h"

typedef struct therapy_mode {
    tpr_therapy therapy;
    bool paused;
    bool skip; /* TPR_CMD_NEXT, applied at the next tick */
} therapy_mode;

static int therapy_init(void *state, const tpr_routine *r)
{
    therapy_mode *m = state;
    *m = (therapy_mode){0};
    tpr_therapy_init(&m->therapy, r);
    return 0;
}

static int therapy_command(void *state, tpr_command cmd)
{
    therapy_mode *m = state;
    switch (cmd) {
    case TPR_CMD_PAUSE:
        m->paused = true;
        return 0;
    case TPR_CMD_RESUME:
        m->paused = false;
        return 0;
    case TPR_CMD_NEXT:
        m->skip = true;
        return 0;
    case TPR_CMD_PAINFUL:
        return -1;
    }
    return -1;
}

static tpr_signal signal_of(tpr_state s)
{
    switch (s) {
    case TPR_STATE_CONTACT:
        return TPR_SIG_TOO_SOFT;
    case TPR_STATE_HOLD:
        return TPR_SIG_IN_BAND;
    case TPR_STATE_OVER:
        return TPR_SIG_TOO_HARD;
    case TPR_STATE_DONE:
        return TPR_SIG_DONE;
    case TPR_STATE_FAULT:
        return TPR_SIG_FAULT;
    case TPR_STATE_REST:
        return TPR_SIG_REST;
    default:
        return TPR_SIG_OFF;
    }
}

static void therapy_step(void *state, const tpr_core_mode_in *in, tpr_core_mode_out *out)
{
    therapy_mode *m = state;
    tpr_therapy *t = &m->therapy;
    uint32_t ev = 0;
    bool skipped = m->skip;
    if (skipped) {
        m->skip = false;
        ev |= tpr_therapy_skip(t, in->now_us);
    }
    if (!m->paused)
        ev |= tpr_therapy_step(t, in);
    else
        tpr_therapy_freeze(t, in->now_us);
    *out = (tpr_core_mode_out){
        .report =
            {
                .state = t->state,
                .signal = t->finished ? TPR_SIG_DONE : signal_of(t->state),
                .events = ev,
                .hold_ms = (uint32_t)(t->hold_us / 1000),
                .muscle = t->muscle,
                .rep = t->rep,
                .reason = t->reason,
                .finished = t->finished,
            },
        /* A person's pause or skip stops the motor as promptly as safety. */
        .motor_off = m->paused || skipped,
    };
}

const tpr_core_mode tpr_core_mode_therapy = {
    .name = "therapy",
    .state_size = sizeof(therapy_mode),
    .init = therapy_init,
    .step = therapy_step,
    .command = therapy_command,
};
