/* The simulated device as hal backends: every part shares one world. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim_world.h"

void tpr_sim_config_default(tpr_sim_config *c)
{
    *c = (tpr_sim_config){
        .seed = 1,
        .noise_kpa = 0.8f,
        .leak_fraction = 0.10f, /* the worst case the filter is designed for */
        .tremor_pct = 2.0f,
        .release_min_s = 3.0f,
        .release_max_s = 10.0f,
        .release_drop = 0.25f,
    };
}

static int sim_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    tpr_sim *s = ctx;
    tpr_sim_advance(s, now_us);
    tpr_sim_sample(s, out);
    return out->ok ? 0 : -EIO;
}

static int sim_motor_set(void *ctx, float pct)
{
    tpr_sim *s = ctx;
    s->motor_pct = pct < 0.0f ? 0.0f : pct > 100.0f ? 100.0f : pct;
    return 0;
}

static int sim_motor_off(void *ctx)
{
    return sim_motor_set(ctx, 0.0f);
}

static int sim_show(void *ctx, int64_t now_us, tpr_signal sig)
{
    (void)now_us;
    ((tpr_sim *)ctx)->signal = sig;
    return 0;
}

static tpr_button sim_no_button(void *ctx, int64_t now_us)
{
    (void)ctx;
    (void)now_us;
    return TPR_BUTTON_NONE;
}

/* The pressure and motor parts share the world; whichever is closed last
 * frees it (the daemon may replace either part with real hardware). */
static void sim_close(void *ctx)
{
    tpr_sim *s = ctx;
    if (--s->refs == 0)
        free(s);
}

static void sim_motor_close(void *ctx)
{
    sim_motor_off(ctx);
    sim_close(ctx);
}

int tpr_sim_open(tpr_hal *hal, const tpr_sim_config *c, char *err, size_t errlen)
{
    tpr_sim_script script;
    int rc;
    if (c->script_path)
        rc = tpr_sim_script_load(c->script_path, &script, err, errlen);
    else
        rc = tpr_sim_script_parse(c->script_text ? c->script_text : "follow\n", "hand script",
                                  &script, err, errlen);
    if (rc)
        return -1;
    if (!(c->release_min_s >= 0.0f && c->release_max_s >= c->release_min_s &&
          c->release_drop >= 0.0f && c->release_drop < 1.0f)) {
        snprintf(err, errlen, "simulated device: release times or drop out of range");
        return -1;
    }
    tpr_sim *s = malloc(sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "simulated device: out of memory");
        return -1;
    }
    tpr_sim_world_init(s, c, &script);
    s->refs = 2;
    *hal = (tpr_hal){
        .pressure = {.read = sim_read, .close = sim_close, .ctx = s},
        .motor = {.set = sim_motor_set, .off = sim_motor_off, .close = sim_motor_close, .ctx = s},
        .indicator = {.show = sim_show, .ctx = s},
        .inputs = {.fd = -1, .next = sim_no_button, .ctx = s},
    };
    return 0;
}

tpr_sim *tpr_sim_of(const tpr_hal *hal)
{
    return hal->pressure.read == sim_read ? hal->pressure.ctx : NULL;
}

float tpr_sim_true_kpa(const tpr_sim *s)
{
    return s->true_kpa;
}

float tpr_sim_motor_pct(const tpr_sim *s)
{
    return s->motor_pct;
}

bool tpr_sim_script_done(const tpr_sim *s)
{
    return s->script_done;
}

unsigned tpr_sim_releases(const tpr_sim *s)
{
    return s->releases;
}
