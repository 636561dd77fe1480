/* Telling systemd how the daemon is (the sd_notify protocol; nothing happens when tprd
 * does not run under systemd): READY once the device is open and the loop
 * has ticked on time, WATCHDOG only while it still does, STATUS with what
 * the device is doing. Main thread only. */
#ifndef TPR_SERVICE_NOTIFY_H
#define TPR_SERVICE_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "tpr_types.h"

typedef struct tpr_service_notify {
    int64_t watchdog_us;   /* WatchdogSec= of the unit; 0: no watchdog */
    int64_t next_watchdog; /* main thread's clock, µs */
    uint64_t last_ticks;   /* the loop's tick count at the previous check */
    bool ready;
    char status[128]; /* the STATUS= last sent */
} tpr_service_notify;

/* Read the watchdog interval systemd gave. */
void tpr_service_notify_init(tpr_service_notify *n);

/* At least every 50 ms with the loop's latest view v, the main thread's
 * monotonic time now_us, the loop's rate and the muscle under treatment
 * (NULL when idle). The loop is on time when it has ticked since the
 * previous check and its newest tick is less than a watchdog period old. */
void tpr_service_notify_check(tpr_service_notify *n, const tpr_status_view *v, int64_t now_us,
                              uint32_t rate_hz, const tpr_routine *r);

/* STOPPING=1 on the way out. */
void tpr_service_notify_stopping(void);

#endif
