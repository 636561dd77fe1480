/* Device set-up is a walk over the parts: each part's backend comes from
 * the config (a backend key, or a wired line), and the parts that are
 * simulated share one world, created when the first of them opens. */
#include "device.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_open.h"
#include "backends.h"
#include "log.h"
#include "sim.h"

/* The backend for a part without a backend key: the one its options wire,
 * else the simulated world's stand-in while there is a world, else none. */
static const tpr_backend *unkeyed(const tpr_system_config *c, tpr_part part, bool world)
{
    for (size_t i = 0; i < tpr_backend_count; i++) {
        const tpr_backend *b = tpr_backends[i];
        if (b->part == part && b->wired && b->wired(tpr_system_backend_options(c, b)))
            return b;
    }
    for (size_t i = 0; i < tpr_backend_count; i++) {
        const tpr_backend *b = tpr_backends[i];
        if (b->part == part && b->uses_sim && !b->wired && world)
            return b;
    }
    return NULL;
}

static const tpr_backend *choose(const tpr_system_config *c, tpr_part part, bool world)
{
    const tpr_backend *b = tpr_system_backend(c, part);
    return b ? b : unkeyed(c, part, world);
}

static int create_world(tpr_sim **sim, const tpr_device_opts *o, char *err, size_t errlen)
{
    tpr_sim_config sc;
    tpr_sim_config_default(&sc);
    sc.seed = o->seed ? o->seed : sc.seed;
    sc.script_path = o->hand_script;
    return tpr_sim_create(sim, &sc, err, errlen);
}

int tpr_device_open(tpr_hal *hal, const tpr_system_config *c, const tpr_device_opts *o, char *err,
                    size_t errlen)
{
    tpr_backend_env env = {
        .config_path = c->path,
        .tip_area_cm2 = c->tip_area_cm2,
        .rate_hz = c->core.rate_hz,
        .reader_prio = o->reader_prio,
        /* Test only: tests that feed the sensor one value a read
         * (tests/e2e/tprd_iio.sh) know which tick took which. */
        .lockstep = getenv("TPRD_TEST_LOCKSTEP") != NULL,
    };
    *hal = (tpr_hal){.inputs.fd = -1};
    int rc = 0;
    /* Motor first (tpr_part's order): a PWM motor stops what an earlier
     * process left running when it opens, before any other part can fail. */
    for (tpr_part part = 0; part < TPR_PART_COUNT && !rc; part++) {
        const tpr_backend *b = choose(c, part, env.sim != NULL);
        if (!b || (o->pressure_only && part != TPR_PART_PRESSURE))
            continue;
        if (b->uses_sim && !env.sim && create_world(&env.sim, o, err, errlen)) {
            rc = -1;
            break;
        }
        const void *opts = tpr_system_backend_options(c, b);
        const char *warning = b->warning ? b->warning(opts) : NULL;
        if (warning)
            tpr_log(TPR_LOG_WARN, "%s: %s", c->path, warning);
        rc = tpr_backend_open(b, hal, opts, &env, err, errlen);
    }
    if (!rc)
        rc = tpr_sim_watch_cues(hal, err, errlen);
    /* The parts hold the world now; it goes with the last of them. */
    tpr_sim_release(env.sim);
    if (rc)
        tpr_hal_close(hal);
    return rc;
}

bool tpr_device_same(const tpr_system_config *a, const tpr_system_config *b)
{
    /* Both start from the zeroed defaults (system_config.c), so the slots'
     * unused bytes and padding compare equal. */
    return a->tip_area_cm2 == b->tip_area_cm2 && a->pressure == b->pressure &&
           a->motor == b->motor &&
           !memcmp(a->backend_options, b->backend_options, sizeof(a->backend_options));
}

/* "simulated" or the backend's name in capitals ("IIO"). */
static void part_name(const tpr_backend *b, char *buf, size_t len)
{
    if (b->uses_sim) {
        snprintf(buf, len, "simulated");
        return;
    }
    size_t i = 0;
    for (; b->name[i] && i + 1 < len; i++)
        buf[i] = (char)toupper((unsigned char)b->name[i]);
    buf[i] = '\0';
}

void tpr_device_describe(const tpr_system_config *c, char *buf, size_t len)
{
    const tpr_backend *p = tpr_system_backend(c, TPR_PART_PRESSURE);
    const tpr_backend *m = tpr_system_backend(c, TPR_PART_MOTOR);
    char pn[16], mn[16];
    part_name(p, pn, sizeof(pn));
    part_name(m, mn, sizeof(mn));
    if (p->uses_sim && m->uses_sim)
        snprintf(buf, len, "simulated device");
    else
        snprintf(buf, len, "%s pressure, %s motor", pn, mn);
}
