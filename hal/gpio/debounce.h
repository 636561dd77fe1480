/* Button debounce from edge timestamps alone (pure: no clock, no I/O).
 * A change is an edge to the other level that follows a quiet spell: no
 * edge for at least the debounce time. Contact bounce after a press or a
 * release is a burst of edges with short gaps, so it never counts, and the
 * change is reported at its first edge: no added delay. A real change that
 * came inside a burst (a tap shorter than the debounce time) is not lost:
 * once the level has been quiet for the debounce time and differs from the
 * one reported, tpr_debounce_settle reports it, so a button is never left
 * "held" after it was let go. */
#ifndef TPR_DEBOUNCE_H
#define TPR_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tpr_debounce {
    int64_t quiet_us;     /* debounce time */
    int64_t last_edge_us; /* timestamp of the previous edge */
    bool seen;            /* an edge has been seen */
    bool level;           /* pressed after the previous edge */
    bool reported;        /* pressed as last reported */
} tpr_debounce;

/* Start released, with no edge seen: the first press edge is a press. */
void tpr_debounce_init(tpr_debounce *d, uint32_t debounce_ms);

/* Feed one edge at t_us; active: the edge goes to the pressed level.
 * Returns true when this edge is a change (then d->reported is active).
 * Call tpr_debounce_settle(d, t_us) first, so that a change hidden in the
 * previous burst comes out before this one. */
bool tpr_debounce_edge(tpr_debounce *d, int64_t t_us, bool active);

/* Returns true when, by now_us, the level has been quiet for the debounce
 * time and differs from the one reported: it is reported now (d->reported),
 * *since_us is its edge's time. */
bool tpr_debounce_settle(tpr_debounce *d, int64_t now_us, int64_t *since_us);

#endif
