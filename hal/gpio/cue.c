#include "cue.h"

/* A blink: on for on_ms of every period_ms, count times (0: forever). */
typedef struct blink {
    uint16_t on_ms;
    uint16_t period_ms;
    uint16_t count;
} blink;

typedef struct cue_row {
    blink led;
    blink buzzer;
} cue_row;

/* Engineering choices: rates a person tells apart at a glance (1 Hz and
 * 5 Hz), and sound only where the eyes are elsewhere (done, fault). */
static const cue_row cue_table[TPR_SIG_COUNT] = {
    [TPR_SIG_OFF] = {.led = {50, 2000, 0}},
    [TPR_SIG_TOO_SOFT] = {.led = {500, 1000, 0}},
    [TPR_SIG_IN_BAND] = {.led = {1000, 1000, 0}},
    [TPR_SIG_TOO_HARD] = {.led = {100, 200, 0}},
    [TPR_SIG_DONE] = {.led = {1000, 1000, 0}, .buzzer = {100, 200, 2}},
    [TPR_SIG_FAULT] = {.led = {50, 250, 0}, .buzzer = {1000, 1000, 1}},
    [TPR_SIG_REST] = {{0, 0, 0}, {0, 0, 0}},
};

static bool blink_on(blink b, int64_t t_ms)
{
    if (!b.period_ms || t_ms < 0)
        return false;
    if (b.count && t_ms >= (int64_t)b.count * b.period_ms)
        return false;
    return t_ms % b.period_ms < b.on_ms;
}

tpr_indicator_outputs tpr_cue_at(tpr_signal sig, int64_t since_us)
{
    if ((unsigned)sig >= TPR_SIG_COUNT)
        return (tpr_indicator_outputs){false, false};
    const cue_row *row = &cue_table[sig];
    int64_t t_ms = since_us / 1000;
    return (tpr_indicator_outputs){blink_on(row->led, t_ms), blink_on(row->buzzer, t_ms)};
}
