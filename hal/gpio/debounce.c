#include "debounce.h"

void tpr_debounce_init(tpr_debounce *d, uint32_t debounce_ms)
{
    *d = (tpr_debounce){.quiet_us = (int64_t)debounce_ms * 1000};
}

/* Quiet since the previous edge at t_us. A timestamp before the previous
 * one (clock step) is not quiet. */
static bool quiet(const tpr_debounce *d, int64_t t_us)
{
    return !d->seen || t_us - d->last_edge_us >= d->quiet_us;
}

bool tpr_debounce_edge(tpr_debounce *d, int64_t t_us, bool active)
{
    bool change = quiet(d, t_us) && active != d->reported;
    d->last_edge_us = t_us;
    d->seen = true;
    d->level = active;
    if (change)
        d->reported = active;
    return change;
}

bool tpr_debounce_settle(tpr_debounce *d, int64_t now_us, int64_t *since_us)
{
    if (!d->seen || d->level == d->reported || !quiet(d, now_us))
        return false;
    d->reported = d->level;
    *since_us = d->last_edge_us;
    return true;
}
