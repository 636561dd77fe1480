/* Button debounce from edge timestamps alone (pure: no clock, no I/O).
 * A press is an edge to the active level that follows a quiet spell: no
 * edge for at least the debounce time. Contact bounce after a press or a
 * release is a burst of edges with short gaps, so it never counts. The
 * press is reported at its first edge: no added delay. */
#ifndef TPR_DEBOUNCE_H
#define TPR_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tpr_debounce {
    int64_t quiet_us;     /* debounce time */
    int64_t last_edge_us; /* timestamp of the previous edge */
    bool seen;            /* an edge has been seen */
} tpr_debounce;

/* Start with no edge seen: the first active edge is a press. */
void tpr_debounce_init(tpr_debounce *d, uint32_t debounce_ms);

/* Feed one edge at t_us; active: the edge goes to the pressed level.
 * Returns true when this edge is a press. */
bool tpr_debounce_edge(tpr_debounce *d, int64_t t_us, bool active);

#endif
