#include "hal.h"

int tpr_hal_motor_off(tpr_hal *h)
{
    if (!h->motor.off)
        return 0;
    return h->motor.off(h->motor.ctx);
}

void tpr_hal_close(tpr_hal *h)
{
    /* Motor first: whatever happens to the rest, it is off. */
    if (h->motor.close)
        h->motor.close(h->motor.ctx);
    else
        tpr_hal_motor_off(h);
    if (h->inputs.close)
        h->inputs.close(h->inputs.ctx);
    if (h->indicator.close)
        h->indicator.close(h->indicator.ctx);
    if (h->pressure.close)
        h->pressure.close(h->pressure.ctx);
    *h = (tpr_hal){.inputs.fd = -1};
}
