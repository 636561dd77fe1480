/* Hardware changes on reload: a reloaded config that opens another device
 * waits until the daemon is idle; then the main thread opens the new
 * device and hands it to the loop, which switches the old motor off, runs
 * on the new device from its next tick and hands the old one back to be
 * closed here. A new device that does not open leaves the old one running. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon_internal.h"
#include "device.h"
#include "log.h"
#include "rt.h"

/* Open d->hw_next's device and send it to the loop. */
static int apply(tpr_daemon *d, char *err, size_t errlen)
{
    d->hw_pending = false; /* tried once: the next reload tries again */
    tpr_hal *h = malloc(sizeof(*h));
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    tpr_device_opts o = {
        .hand_script = d->args->hand, .seed = d->args->seed, .reader_prio = LOOP_RT_PRIO - 1};
    if (tpr_device_open(h, &d->hw_next, &o, err, errlen)) {
        free(h);
        return -1;
    }
    tpr_rt_lock_loop_code();
    /* Queued before any START that follows, so the next session runs on
     * the new device. */
    if (!tpr_msg_push(&d->to_loop, (tpr_msg){.kind = TPR_MSG_DEVICE, .ptr = h})) {
        tpr_hal_close(h);
        free(h);
        snprintf(err, errlen, "the control loop is busy: reload again");
        return -1;
    }
    d->sys.tip_area_cm2 = d->hw_next.tip_area_cm2;
    d->sys.pressure = d->hw_next.pressure;
    d->sys.motor = d->hw_next.motor;
    memcpy(d->sys.backend_options, d->hw_next.backend_options, sizeof(d->sys.backend_options));
    char device[64];
    tpr_device_describe(&d->sys, device, sizeof(device));
    tpr_log(TPR_LOG_INFO, "hardware reloaded: %s", device);
    return 0;
}

static void log_failure(const char *err)
{
    tpr_log(TPR_LOG_ERROR, "the new hardware did not open, the old device stays: %s", err);
}

int tpr_daemon_hardware_reload(tpr_daemon *d, const tpr_system_config *sys, char *err,
                               size_t errlen)
{
    d->hw_pending = !tpr_device_same(&d->sys, sys);
    if (!d->hw_pending)
        return 0;
    d->hw_next = *sys;
    if (d->live || d->args->once) {
        tpr_log(TPR_LOG_INFO, "the hardware change applies %s",
                d->args->once ? "at the next start" : "when the session ends");
        return 0;
    }
    if (!apply(d, err, errlen))
        return 0;
    log_failure(err);
    return -1;
}

void tpr_daemon_hardware_idle(tpr_daemon *d)
{
    char err[512];
    if (d->hw_pending && !d->args->once && apply(d, err, sizeof(err)))
        log_failure(err);
}

void tpr_daemon_hardware_retired(tpr_daemon *d, tpr_hal *h)
{
    tpr_hal_close(h);
    if (h != &d->hal)
        free(h);
}
