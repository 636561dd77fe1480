/* LED and buzzer: the cue table (cue.c) played on two output lines. */
#include <stdio.h>
#include <stdlib.h>

#include "cue.h"
#include "gpio_lines.h"
#include "gpio_output.h"

typedef struct indicator {
    tpr_gpio_out led;
    tpr_gpio_out buzzer;
    tpr_signal sig; /* shown since since_us */
    int64_t since_us;
    bool started;
} indicator;

static int indicator_show(void *ctx, int64_t now_us, tpr_signal sig)
{
    indicator *s = ctx;
    if (!s->started || sig != s->sig) {
        s->sig = sig;
        s->since_us = now_us;
        s->started = true;
    }
    tpr_indicator_outputs cue = tpr_cue_at(sig, now_us - s->since_us);
    int r_led = tpr_gpio_out_set(&s->led, cue.led);
    int r_buzzer = tpr_gpio_out_set(&s->buzzer, cue.buzzer);
    return r_led ? r_led : r_buzzer;
}

static void indicator_close(void *ctx)
{
    indicator *s = ctx;
    tpr_gpio_out_force(&s->led, false);
    tpr_gpio_out_force(&s->buzzer, false);
    tpr_gpio_out_close(&s->led);
    tpr_gpio_out_close(&s->buzzer);
    free(s);
}

int tpr_gpio_indicator_open(tpr_indicator *ind, const tpr_gpio_indicator_options *o,
                            const char *config_path, char *err, size_t errlen)
{
    indicator *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "indicators: out of memory");
        return -1;
    }
    char who[320];
    tpr_line_who(who, sizeof(who), config_path, "indicators", "led");
    if (tpr_gpio_out_open(&s->led, &o->led, who, err, errlen)) {
        free(s);
        return -1;
    }
    tpr_line_who(who, sizeof(who), config_path, "indicators", "buzzer");
    if (tpr_gpio_out_open(&s->buzzer, &o->buzzer, who, err, errlen)) {
        indicator_close(s);
        return -1;
    }
    *ind = (tpr_indicator){.show = indicator_show, .close = indicator_close, .ctx = s};
    return 0;
}
