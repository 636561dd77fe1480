#include "service_notify.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* systemd's notification protocol (sd_notify(3)) spoken directly: one
 * datagram to the socket NOTIFY_SOCKET names, a path or (leading '@') an
 * abstract name. Without libsystemd, which would bring six libraries and
 * about 1 MB of locked memory for this alone. Nothing when unset. */
static void notify(const char *msg)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t len = path ? strlen(path) : 0;
    if (len < 2 || len >= sizeof(sa.sun_path) || (path[0] != '/' && path[0] != '@'))
        return;
    memcpy(sa.sun_path, path, len);
    if (path[0] == '@')
        sa.sun_path[0] = '\0';
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    /* Best effort, as sd_notify: systemd acts on what arrives. */
    (void)!sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (const struct sockaddr *)&sa,
                  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
    close(fd);
}

/* WATCHDOG_USEC, when WATCHDOG_PID is unset or this process. */
static int64_t watchdog_usec(void)
{
    const char *pid = getenv("WATCHDOG_PID");
    const char *usec = getenv("WATCHDOG_USEC");
    if (!usec || (pid && strtol(pid, NULL, 10) != (long)getpid()))
        return 0;
    char *end;
    long long us = strtoll(usec, &end, 10);
    return end != usec && !*end && us > 0 ? (int64_t)us : 0;
}

void tpr_service_notify_init(tpr_service_notify *n)
{
    *n = (tpr_service_notify){0};
    n->watchdog_us = watchdog_usec();
}

static void describe(char *buf, size_t len, const tpr_status_view *v, const tpr_routine *r)
{
    const tpr_output *o = &v->out;
    if (v->daemon == TPR_DAEMON_IDLE || !r || o->muscle >= r->count) {
        snprintf(buf, len, "%s", o->state == TPR_STATE_FAULT ? "idle, sensor fault" : "idle");
        return;
    }
    const tpr_dose *d = &r->dose[o->muscle];
    if (v->measuring) {
        /* A measurement cannot be paused (start/pause is "painful now"). */
        snprintf(buf, len, "measuring the threshold of %s, trial %u, %u of %d reliable", d->muscle,
                 o->rep, v->ppt.reliable, TPR_PPT_TRIALS);
        return;
    }
    snprintf(buf, len, "%s %s (%u of %u), repetition %u of %u",
             v->daemon == TPR_DAEMON_PAUSED ? "paused on" : "treating", d->muscle, o->muscle + 1,
             r->count, o->rep, d->reps);
}

void tpr_service_notify_check(tpr_service_notify *n, const tpr_status_view *v, int64_t now_us,
                              uint32_t rate_hz, const tpr_routine *r)
{
    bool ticked = v->ticks > n->last_ticks;
    n->last_ticks = v->ticks;
    int64_t period = n->watchdog_us ? n->watchdog_us : 1000000;
    bool on_time = ticked && now_us - v->now_us < period;
    /* Ready after a tenth of a second of ticks: the device answered and
     * the loop keeps its period. */
    if (!n->ready && on_time && v->ticks >= rate_hz / 10) {
        n->ready = true;
        notify("READY=1");
    }
    if (n->ready && n->watchdog_us && on_time && now_us >= n->next_watchdog) {
        notify("WATCHDOG=1");
        n->next_watchdog = now_us + n->watchdog_us / 2;
    }
    char status[sizeof(n->status)];
    describe(status, sizeof(status), v, r);
    if (n->ready && strcmp(status, n->status)) {
        memcpy(n->status, status, sizeof(status));
        char msg[sizeof(status) + 8];
        snprintf(msg, sizeof(msg), "STATUS=%s", status);
        notify(msg);
    }
}

void tpr_service_notify_stopping(void)
{
    notify("STOPPING=1");
}
