/* The cue in words: what tprctl watch shows and the daemon publishes. One
 * function, so the device's words and the terminal's never disagree. */
#include <string.h>

#include "ppt_text.h"
#include "protocol.h"

const char *tpr_ctl_daemon_state_name(tpr_ctl_daemon_state s)
{
    static const char *const names[TPR_CTL_DAEMON_STATE_COUNT] = {"idle", "running", "paused"};
    return (unsigned)s < TPR_CTL_DAEMON_STATE_COUNT ? names[s] : "?";
}

/* A measurement's cue: the rate while pressing, else what to do next. */
static const char *measure_cue(const tpr_ctl_snapshot *s)
{
    switch (s->state) {
    case TPR_STATE_IDLE:
        return "press steadily; say painful when it hurts";
    case TPR_STATE_CONTACT:
        for (unsigned c = TPR_PPT_CUE_TOO_SLOW; c <= TPR_PPT_CUE_TOO_FAST; c++)
            if (strcmp(s->ppt_cue, tpr_ppt_cue_name((tpr_ppt_cue)c)) == 0)
                return tpr_ctl_ppt_cue_text((tpr_ppt_cue)c);
        return "pressing: keep rising steadily";
    case TPR_STATE_DONE:
        return s->ppt_finished ? "measurement done: lift off" : "trial taken: lift off";
    case TPR_STATE_REST:
        return "lift off for the next trial";
    default:
        return "?";
    }
}

const char *tpr_ctl_cue(const tpr_ctl_snapshot *s)
{
    /* Safety first: a fault or a pressure over the limit is said before
     * anything else, paused or not. */
    if (s->state == TPR_STATE_FAULT || (s->events & TPR_EV_SENSOR_FAULT))
        return "sensor fault: motor off";
    if (s->daemon == TPR_CTL_IDLE)
        return (s->events & TPR_EV_ROUTINE_DONE) ? "routine done" : "ready: press start";
    if (s->state == TPR_STATE_OVER || (s->events & TPR_EV_OVER_LIMIT))
        return "too hard: ease off";
    if (s->daemon == TPR_CTL_PAUSED)
        return "paused: press start to resume";
    if (strcmp(s->mode, "measure") == 0)
        return measure_cue(s);
    switch (s->state) {
    case TPR_STATE_IDLE:
        return "press the tip into the muscle";
    case TPR_STATE_CONTACT:
        return "press harder";
    case TPR_STATE_HOLD:
        return "in the band";
    case TPR_STATE_DONE:
        return s->reason == TPR_DONE_TARGET ? "hold done: lift off and rest"
                                            : "released: lift off and rest";
    case TPR_STATE_REST:
        return "rest: keep the tip off";
    default:
        return "?";
    }
}
