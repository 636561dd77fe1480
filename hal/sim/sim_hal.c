/* The simulated device as hal backends: every part takes the one world
 * the daemon creates and shares (env->sim), and holds a reference to it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "backend.h"
#include "sim_world.h"

void tpr_sim_config_default(tpr_sim_config *c)
{
    *c = (tpr_sim_config){
        .seed = 1,
        .noise_kpa = 0.8f,
        .leak_fraction = 0.10f, /* the worst case the filter is designed for */
        .tremor_pct = 2.0f,
        /* After the relaxation's ~20 s plateau, inside the 30-90 s holds of
         * the trials (sources in sim_world.c). */
        .release_min_s = 25.0f,
        .release_max_s = 45.0f,
        .release_drop = 0.25f,
    };
}

static int sim_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    tpr_sim *s = ctx;
    if (s->fault == TPR_SIM_FAULT_HANG) {
        /* Deliberately blocking, unlike any backend may: it stands in for
         * a bus that hangs, so that the stall of the loop can be seen. */
        int64_t us = s->fault_end_us - s->t_us;
        s->fault = TPR_SIM_FAULT_NONE;
        if (us > 0)
            nanosleep(&(struct timespec){.tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000},
                      NULL);
    }
    tpr_sim_advance(s, now_us);
    tpr_sim_sample(s, out);
    return out->ok ? 0 : -EIO;
}

/* The simulated sensor reads kPa: that is its raw reading too. */
static int sim_read_raw(void *ctx, int64_t now_us, double *value)
{
    tpr_sample smp;
    int r = sim_read(ctx, now_us, &smp);
    if (r)
        return r;
    *value = smp.kpa;
    return 1;
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

static bool sim_button(void *ctx, int64_t now_us, bool fd_ready, tpr_button_edge *out)
{
    (void)now_us; /* the world moves with the pressure reads */
    (void)fd_ready;
    return tpr_sim_take_button(ctx, out);
}

static tpr_sim *take(tpr_sim *s)
{
    s->refs++;
    return s;
}

void tpr_sim_release(tpr_sim *s)
{
    if (s && --s->refs == 0)
        free(s);
}

static void sim_close(void *ctx)
{
    tpr_sim_release(ctx);
}

static void sim_motor_close(void *ctx)
{
    sim_motor_off(ctx);
    sim_close(ctx);
}

int tpr_sim_create(tpr_sim **out, const tpr_sim_config *c, char *err, size_t errlen)
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
    s->refs = 1;
    *out = s;
    return 0;
}

/* The backends: no options of their own, one part each of env->sim. */
static int open_pressure(tpr_hal *hal, const void *opts, const tpr_backend_env *env, char *err,
                         size_t errlen)
{
    (void)opts, (void)err, (void)errlen;
    hal->pressure = (tpr_pressure){.read = sim_read,
                                   .read_raw = sim_read_raw,
                                   .raw_unit = "kPa",
                                   .close = sim_close,
                                   .ctx = take(env->sim)};
    return 0;
}

static int open_motor(tpr_hal *hal, const void *opts, const tpr_backend_env *env, char *err,
                      size_t errlen)
{
    (void)opts, (void)err, (void)errlen;
    hal->motor = (tpr_motor){.set = sim_motor_set,
                             .off = sim_motor_off,
                             .close = sim_motor_close,
                             .ctx = take(env->sim)};
    return 0;
}

static int open_indicator(tpr_hal *hal, const void *opts, const tpr_backend_env *env, char *err,
                          size_t errlen)
{
    (void)opts, (void)err, (void)errlen;
    hal->indicator = (tpr_indicator){.show = sim_show, .close = sim_close, .ctx = take(env->sim)};
    return 0;
}

static int open_inputs(tpr_hal *hal, const void *opts, const tpr_backend_env *env, char *err,
                       size_t errlen)
{
    (void)opts, (void)err, (void)errlen;
    hal->inputs =
        (tpr_inputs){.fd = -1, .next = sim_button, .close = sim_close, .ctx = take(env->sim)};
    return 0;
}

#define SIM_BACKEND(part_, open_)                                                                  \
    {                                                                                              \
        .name = "sim", .part = part_, .uses_sim = true, .open = open_                              \
    }

const tpr_backend tpr_sim_motor_backend = SIM_BACKEND(TPR_PART_MOTOR, open_motor);
const tpr_backend tpr_sim_pressure_backend = SIM_BACKEND(TPR_PART_PRESSURE, open_pressure);
const tpr_backend tpr_sim_indicator_backend = SIM_BACKEND(TPR_PART_INDICATOR, open_indicator);
const tpr_backend tpr_sim_inputs_backend = SIM_BACKEND(TPR_PART_INPUTS, open_inputs);

int tpr_sim_open(tpr_hal *hal, const tpr_sim_config *c, char *err, size_t errlen)
{
    tpr_backend_env env = {.config_path = ""};
    if (tpr_sim_create(&env.sim, c, err, errlen))
        return -1;
    *hal = (tpr_hal){.inputs.fd = -1};
    const tpr_backend *parts[] = {&tpr_sim_motor_backend, &tpr_sim_pressure_backend,
                                  &tpr_sim_indicator_backend, &tpr_sim_inputs_backend};
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        parts[i]->open(hal, NULL, &env, err, errlen);
    tpr_sim_release(env.sim);
    return 0;
}

/* The device's own indicator, watched by the simulated hand: each cue goes
 * to the hardware and to the person the world simulates. */
typedef struct watched_indicator {
    tpr_indicator inner;
    tpr_sim *sim;
} watched_indicator;

static int watched_show(void *ctx, int64_t now_us, tpr_signal sig)
{
    watched_indicator *w = ctx;
    w->sim->signal = sig;
    return w->inner.show ? w->inner.show(w->inner.ctx, now_us, sig) : 0;
}

static void watched_close(void *ctx)
{
    watched_indicator *w = ctx;
    if (w->inner.close)
        w->inner.close(w->inner.ctx);
    tpr_sim_release(w->sim);
    free(w);
}

int tpr_sim_watch_cues(tpr_hal *hal, char *err, size_t errlen)
{
    tpr_sim *s = tpr_sim_of(hal);
    if (!s || hal->indicator.show == sim_show)
        return 0;
    watched_indicator *w = malloc(sizeof(*w));
    if (!w) {
        snprintf(err, errlen, "simulated device: out of memory");
        return -1;
    }
    *w = (watched_indicator){.inner = hal->indicator, .sim = take(s)};
    hal->indicator = (tpr_indicator){.show = watched_show, .close = watched_close, .ctx = w};
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
