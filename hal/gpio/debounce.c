#include "debounce.h"

void tpr_debounce_init(tpr_debounce *d, uint32_t debounce_ms)
{
    *d = (tpr_debounce){.quiet_us = (int64_t)debounce_ms * 1000};
}

bool tpr_debounce_edge(tpr_debounce *d, int64_t t_us, bool active)
{
    /* A timestamp before the previous one (clock step) is not quiet. */
    bool quiet = !d->seen || t_us - d->last_edge_us >= d->quiet_us;
    d->last_edge_us = t_us;
    d->seen = true;
    return active && quiet;
}
