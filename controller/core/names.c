/* Names used in logs, replay output and the database, and the device-wide
 * defaults. */
#include <stdio.h>
#include <string.h>

#include "tpr_types.h"

const char *tpr_state_name(tpr_state s)
{
    static const char *const names[TPR_STATE_COUNT] = {
        "idle", "contact", "hold", "over", "done", "rest", "fault",
    };
    return (unsigned)s < TPR_STATE_COUNT ? names[s] : "?";
}

const char *tpr_event_name(tpr_event e)
{
    static const char *const names[TPR_EV_COUNT] = {
        "over_limit", "sensor_fault", "fault_clear", "lift_off",    "contact",
        "too_hard",   "hold_start",   "hold_pause",  "hold_resume", "release",
        "done",       "rest",         "next_rep",    "next_muscle", "routine_done",
    };
    for (unsigned i = 0; i < TPR_EV_COUNT; i++)
        if ((unsigned)e == 1u << i)
            return names[i];
    return "?";
}

const char *tpr_signal_name(tpr_signal s)
{
    static const char *const names[TPR_SIG_COUNT] = {
        "off", "too_soft", "in_band", "too_hard", "done", "fault", "rest",
    };
    return (unsigned)s < TPR_SIG_COUNT ? names[s] : "?";
}

const char *const tpr_side_names[] = {"none", "left", "right", NULL};

const char *tpr_side_name(tpr_side side)
{
    return (unsigned)side <= TPR_SIDE_RIGHT ? tpr_side_names[side] : "?";
}

int tpr_side_parse(const char *name, tpr_side *side)
{
    for (unsigned i = 0; name && tpr_side_names[i]; i++)
        if (strcmp(name, tpr_side_names[i]) == 0) {
            *side = (tpr_side)i;
            return 0;
        }
    return -1;
}

const char *tpr_done_reason_name(tpr_done_reason r)
{
    static const char *const names[] = {"", "target", "release", "max"};
    return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

size_t tpr_events_format(uint32_t mask, char *buf, size_t len)
{
    size_t n = 0;
    if (len == 0)
        return 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < TPR_EV_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        const char *name = tpr_event_name((tpr_event)(1u << i));
        int w = snprintf(buf + n, len - n, "%s%s", n ? "|" : "", name);
        if (w < 0 || (size_t)w >= len - n) {
            buf[n] = '\0'; /* too small: keep whole names only */
            break;
        }
        n += (size_t)w;
    }
    return n;
}

void tpr_core_cfg_default(tpr_core_cfg *cfg)
{
    *cfg = (tpr_core_cfg){
        .rate_hz = 1000,
        /* Wider than any dose (limits are at most a few hundred kPa) but a
         * reading beyond it means a broken sensor or wiring. */
        .range_min_kpa = -20.0f,
        .range_max_kpa = 1500.0f,
        /* A real sensor under a pressing hand never repeats the same value
         * for a second: noise and tremor move it by several LSB. */
        .stuck_ms = 1000,
        /* 100 periods at 1 kHz: a stalled ADC is caught well before the
         * person could press far past the limit unnoticed. */
        .stale_ms = 100,
        /* Half a second of good signal before the motor may run again. */
        .fault_clear_ms = 500,
        /* 0 to 50 % in a quarter second: smooth, but not sluggish. */
        .slew_pct_per_s = 200.0f,
    };
}
