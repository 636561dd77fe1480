/* A stand-in daemon for tprctl's tests: the real control server on a
 * socket, with ops that keep a session state (idle, running, paused) and
 * refuse what the real daemon would refuse, publishing a snapshot every
 * 50 ms. Like the real daemon, a command's reply comes after a snapshot
 * that shows its effect. Every request it receives goes to stdout as one line:
 * "COMMAND user=U routine=R muscles=A,B uid=N".
 * Usage: fake_tprd SOCKET (SIGTERM or SIGINT ends it). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ctl_server.h"

#define PUBLISH_MS 50

static tpr_ctl_snapshot snap;
static uint32_t tickets, applied; /* the last command queued, applied */

static int refuse(char *err, size_t errlen, const char *why)
{
    snprintf(err, errlen, "%s", why);
    return -1;
}

static int request(void *ctx, const tpr_ctl_request *r, uint32_t *ticket, char *err, size_t errlen)
{
    (void)ctx;
    printf("%s user=%s routine=%s muscles=", tpr_ctl_command_name(r->cmd), r->user, r->routine);
    for (uint32_t i = 0; i < r->muscles; i++)
        printf("%s%s", i ? "," : "", r->muscle[i]);
    printf(" uid=%u\n", (unsigned)r->peer.uid);
    fflush(stdout);
    bool idle = snap.daemon == TPR_CTL_IDLE;
    switch (r->cmd) {
    case TPR_CTL_START:
        if (!idle)
            return refuse(err, errlen, "a session is already under way (tprctl stop ends it)");
        if (strcmp(r->user, "nobody") == 0)
            return refuse(err, errlen, "/etc/tprd/users/nobody.ini: no such profile");
        snap = (tpr_ctl_snapshot){.daemon = TPR_CTL_RUNNING, .session = snap.session + 1};
        snprintf(snap.user, sizeof(snap.user), "%s", r->user[0] ? r->user : "demo");
        snprintf(snap.routine, sizeof(snap.routine), "%s", r->routine[0] ? r->routine : "custom");
        *ticket = ++tickets;
        return TPR_CTL_QUEUED;
    case TPR_CTL_PAUSE:
    case TPR_CTL_RESUME:
    case TPR_CTL_NEXT:
    case TPR_CTL_STOP:
        if (idle)
            return refuse(err, errlen, "no session under way (tprctl start begins one)");
        if (r->cmd == TPR_CTL_PAUSE)
            snap.daemon = TPR_CTL_PAUSED;
        else if (r->cmd == TPR_CTL_RESUME)
            snap.daemon = TPR_CTL_RUNNING;
        else if (r->cmd == TPR_CTL_NEXT)
            snap.rep++;
        else
            snap.daemon = TPR_CTL_IDLE;
        *ticket = ++tickets;
        return TPR_CTL_QUEUED;
    default:
        return 0;
    }
}

static void log_line(void *ctx, int priority, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "<%d>%s\n", priority, msg);
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The session's pressure moves so that a watcher sees changing snapshots. */
static void advance(uint64_t tick)
{
    snap.ticks = tick * PUBLISH_MS;
    snap.muscles = 2;
    snap.muscle_index = 1;
    snprintf(snap.muscle, sizeof(snap.muscle), "%s",
             snap.daemon == TPR_CTL_IDLE ? "" : "popliteus");
    snap.reps = 3;
    if (snap.rep == 0)
        snap.rep = 1;
    snap.band_min_kpa = 100;
    snap.band_max_kpa = 140;
    snap.limit_kpa = 200;
    snap.hold_target_ms = 30000;
    snap.hold_max_ms = 45000;
    snap.filtered_kpa = snap.daemon == TPR_CTL_RUNNING ? (float)(tick % 200) : 0.0f;
    snap.raw_kpa = snap.filtered_kpa;
    snap.contact = snap.filtered_kpa >= 20;
    snap.state = !snap.contact              ? TPR_STATE_IDLE
                 : snap.filtered_kpa < 100  ? TPR_STATE_CONTACT
                 : snap.filtered_kpa <= 140 ? TPR_STATE_HOLD
                                            : TPR_STATE_OVER;
    snprintf(snap.cue, sizeof(snap.cue), "%s", tpr_ctl_cue(&snap));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fake_tprd SOCKET\n");
        return 2;
    }
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    tpr_ctl_ops ops = {.request = request, .log = log_line};
    char err[256];
    tpr_ctl_server *s = tpr_ctl_server_open(argv[1], "tprd", &ops, err, sizeof(err));
    if (!s) {
        fprintf(stderr, "fake_tprd: %s\n", err);
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    int64_t next = now_us();
    for (uint64_t tick = 0;;) {
        int64_t wait_ms = (next - now_us()) / 1000;
        struct pollfd p[2] = {{.fd = tpr_ctl_server_fd(s), .events = POLLIN},
                              {.fd = sfd, .events = POLLIN}};
        if (poll(p, 2, wait_ms > 0 ? (int)wait_ms : 0) < 0 && errno != EINTR)
            break;
        if (p[1].revents)
            break;
        tpr_ctl_server_dispatch(s, now_us());
        if (applied != tickets) { /* the commands' effect first, then their replies */
            advance(tick);
            tpr_ctl_server_publish(s, &snap);
            tpr_ctl_server_applied(s, applied = tickets);
        }
        if (now_us() >= next) {
            advance(++tick);
            tpr_ctl_server_publish(s, &snap);
            snap.events = 0;
            next += PUBLISH_MS * 1000;
        }
    }
    tpr_ctl_server_close(s);
    return 0;
}
