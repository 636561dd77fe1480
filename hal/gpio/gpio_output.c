#include "gpio_output.h"

int tpr_gpio_out_open(tpr_gpio_out *o, const tpr_line_cfg *cfg, const char *who, char *err,
                      size_t errlen)
{
    *o = (tpr_gpio_out){.active_low = cfg->active_low, .state = 0};
    if (!cfg->used)
        return 0;
    return tpr_line_request_output(&o->line, cfg, cfg->active_low ? 1 : 0, who, err, errlen);
}

int tpr_gpio_out_force(tpr_gpio_out *o, bool active)
{
    if (!o->line)
        return 0;
    int r = tpr_line_set(o->line, active != o->active_low);
    /* After a failed write the level is unknown: the next set writes again. */
    o->state = r ? -1 : active;
    return r;
}

int tpr_gpio_out_set(tpr_gpio_out *o, bool active)
{
    if (o->state == (int)active)
        return 0;
    return tpr_gpio_out_force(o, active);
}

void tpr_gpio_out_close(tpr_gpio_out *o)
{
    tpr_line_release(o->line);
    o->line = NULL;
}
