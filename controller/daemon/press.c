#include "press.h"

#include <string.h>

void tpr_presses_init(tpr_presses *p)
{
    memset(p, 0, sizeof(*p));
}

bool tpr_presses_edge(tpr_presses *p, const tpr_button_edge *e, tpr_press *out)
{
    if ((unsigned)e->button >= TPR_BUTTON_COUNT)
        return false;
    tpr_press_hold *b = &p->b[e->button];
    if (e->pressed) { /* a second press edge without a release restarts the hold */
        b->down = true;
        b->reported = false;
        b->down_us = e->t_us;
        return false;
    }
    bool ends = b->down && !b->reported;
    b->down = false;
    if (ends)
        *out = (tpr_press){.button = e->button,
                           .kind = e->t_us - b->down_us >= TPR_PRESS_LONG_US ? TPR_PRESS_LONG
                                                                             : TPR_PRESS_SHORT};
    return ends;
}

bool tpr_presses_poll(tpr_presses *p, int64_t now_us, tpr_press *out)
{
    for (unsigned i = 0; i < TPR_BUTTON_COUNT; i++) {
        if (p->b[i].down && !p->b[i].reported && now_us - p->b[i].down_us >= TPR_PRESS_LONG_US) {
            p->b[i].reported = true;
            *out = (tpr_press){.button = (tpr_button)i, .kind = TPR_PRESS_LONG};
            return true;
        }
    }
    return false;
}
