/* ctl_flood: abuse a control socket the way a broken or hostile client
 * would, while one well-behaved client asks for the status ten times a
 * second and measures its replies. Run it against the real daemon during
 * a session and compare the loop's overruns and latency with a run
 * without it.
 *
 * Usage: ctl_flood [--storm] SOCKET [SECONDS [CLIENTS]]  (defaults 5 s, 12)
 *
 * The flood clients take turns at four kinds of abuse, each reconnecting
 * when the daemon closes on it: malformed lines, lines longer than the
 * limit, a line never finished, valid requests far faster than the rate
 * limit. One more subscribes and never reads. With --storm, twice a
 * second a burst of connections beyond the client limit tries to get in
 * (while it lasts, about 50 ms, any new client is refused). Without it,
 * CLIENTS + 2 stays below TPR_CTL_MAX_CLIENTS, so tprctl can still connect.
 *
 * Prints one line of key=value figures; exit 0 when the well-behaved
 * client got every reply, 1 when not, 2 on bad usage. */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ctl_client.h"
#include "ctl_server.h"

#define MAX_FLOOD (TPR_CTL_MAX_CLIENTS * 2)
#define JUNK_EVERY_MS 5
#define BIG_EVERY_MS 50
#define FAST_EVERY_MS 100
#define FAST_BURST 40
#define GOOD_EVERY_MS 100
#define GOOD_TIMEOUT_MS 1000
#define STORM_EVERY_MS 500
#define STORM_CONNECTIONS (TPR_CTL_MAX_CLIENTS + 4)

typedef enum abuse { JUNK, BIG, PARTIAL, FAST, STALLED, ABUSES } abuse;

typedef struct flooder {
    abuse kind;
    int fd;
    int64_t next_ms;
} flooder;

static struct {
    const char *path;
    uint64_t sent[ABUSES];
    uint64_t errors; /* error replies read by the flood clients */
    uint64_t reconnects;
    uint64_t refused;       /* storm connections the daemon refused or could not take */
    uint64_t stalled_drops; /* times the daemon dropped the subscriber that never reads */
    uint64_t good_sent, good_replies;
    double lat_min, lat_max, lat_sum;
} f = {.lat_min = 1e9};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_fd(void)
{
    tpr_ctl_client c;
    return tpr_ctl_client_connect(&c, f.path) == 0 ? c.fd : -1;
}

static void send_all(int fd, const char *s, size_t n)
{
    (void)!send(fd, s, n, MSG_DONTWAIT | MSG_NOSIGNAL); /* a full socket just loses the junk */
}

static void send_str(int fd, const char *s)
{
    send_all(fd, s, strlen(s));
}

/* Read what came and count the error replies; -1 when the daemon closed. */
static int drain(int fd)
{
    char buf[8192];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return -1;
        if (n < 0)
            return 0;
        buf[n] = '\0';
        for (char *p = buf; (p = strstr(p, "\"ok\":false")) != NULL; p++)
            f.errors++;
    }
}

static void act(flooder *fl, int64_t now)
{
    static char big[TPR_CTL_REQUEST_MAX + 1000];
    static const char *const junk[] = {
        "{\"v\":1,\"cmd\":\n",
        "not json at all\n",
        "{\"v\":1,\"cmd\":\"start\",\"user\":\"../../x\"}\n",
        "{\"v\":9,\"cmd\":\"stop\"}\n",
        "{\"v\":1,\"cmd\":\"stop\",\"extra\":{}}\n",
        "\x01\x02\xff\n",
    };
    if (fl->fd < 0) {
        fl->fd = connect_fd();
        f.reconnects++;
        if (fl->fd >= 0 && fl->kind == STALLED)
            send_str(fl->fd, "{\"v\":1,\"cmd\":\"subscribe\"}\n");
        if (fl->fd >= 0 && fl->kind == PARTIAL) {
            send_str(fl->fd, "{\"v\":1,\"cmd\":\"sta");
            f.sent[PARTIAL]++;
        }
        return;
    }
    if (fl->kind != STALLED && drain(fl->fd) < 0) {
        close(fl->fd);
        fl->fd = -1;
        return;
    }
    if (now < fl->next_ms)
        return;
    switch (fl->kind) {
    case JUNK:
        send_str(fl->fd, junk[f.sent[JUNK] % (sizeof(junk) / sizeof(junk[0]))]);
        fl->next_ms = now + JUNK_EVERY_MS;
        break;
    case BIG:
        memset(big, 'x', sizeof(big) - 1);
        big[sizeof(big) - 1] = '\n';
        send_all(fl->fd, big, sizeof(big));
        fl->next_ms = now + BIG_EVERY_MS;
        break;
    case FAST:
        for (int i = 0; i < FAST_BURST; i++)
            send_str(fl->fd, "{\"v\":1,\"cmd\":\"status\"}\n");
        fl->next_ms = now + FAST_EVERY_MS;
        break;
    case STALLED: { /* never reads; when dropped, comes back for more */
        struct pollfd p = {.fd = fl->fd, .events = POLLRDHUP};
        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLRDHUP))) {
            close(fl->fd);
            fl->fd = -1;
            f.stalled_drops++;
        }
        fl->next_ms = now + FAST_EVERY_MS;
        return;
    }
    default:
        return;
    }
    f.sent[fl->kind]++;
}

/* Connections beyond the limit: each should be refused, none may hang. */
static void storm(void)
{
    int fds[STORM_CONNECTIONS];
    for (int i = 0; i < STORM_CONNECTIONS; i++)
        fds[i] = connect_fd();
    usleep(50000);
    for (int i = 0; i < STORM_CONNECTIONS; i++) {
        if (fds[i] < 0) {
            f.refused++;
            continue;
        }
        char buf[512];
        ssize_t n = recv(fds[i], buf, sizeof(buf) - 1, MSG_DONTWAIT);
        if (n > 0) {
            buf[n] = '\0';
            if (strstr(buf, "too many clients"))
                f.refused++;
        }
        close(fds[i]);
    }
}

/* The well-behaved client: a status round trip. */
static void ask_status(tpr_ctl_client *good)
{
    char line[TPR_CTL_LINE_MAX];
    int64_t t0 = now_ms();
    f.good_sent++;
    if (tpr_ctl_client_send(good, "{\"v\":1,\"cmd\":\"status\"}\n", 23) < 0)
        return;
    int n = tpr_ctl_client_read_line(good, line, sizeof(line), GOOD_TIMEOUT_MS);
    if (n <= 0 || !strstr(line, "\"type\":\"snapshot\""))
        return;
    double ms = (double)(now_ms() - t0);
    f.good_replies++;
    f.lat_sum += ms;
    f.lat_min = ms < f.lat_min ? ms : f.lat_min;
    f.lat_max = ms > f.lat_max ? ms : f.lat_max;
}

int main(int argc, char **argv)
{
    bool with_storm = argc > 1 && strcmp(argv[1], "--storm") == 0;
    argc -= with_storm;
    argv += with_storm;
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: ctl_flood [--storm] SOCKET [SECONDS [CLIENTS]]\n");
        return 2;
    }
    f.path = argv[1];
    int seconds = argc > 2 ? atoi(argv[2]) : 5;
    int clients = argc > 3 ? atoi(argv[3]) : 12;
    if (seconds <= 0 || clients <= 0 || clients > MAX_FLOOD) {
        fprintf(stderr, "ctl_flood: SECONDS > 0, 1 <= CLIENTS <= %d\n", MAX_FLOOD);
        return 2;
    }
    tpr_ctl_client good;
    int rc = tpr_ctl_client_connect(&good, f.path);
    if (rc < 0) {
        fprintf(stderr, "ctl_flood: %s: %s\n", f.path, strerror(-rc));
        return 1;
    }
    flooder fl[MAX_FLOOD + 1];
    for (int i = 0; i <= clients; i++) /* the last one is the stalled subscriber */
        fl[i] = (flooder){.kind = i == clients ? STALLED : (abuse)(i % STALLED), .fd = -1};
    int64_t start = now_ms(), next_good = start, next_storm = start + STORM_EVERY_MS;
    while (now_ms() - start < seconds * 1000LL) {
        int64_t now = now_ms();
        for (int i = 0; i <= clients; i++)
            act(&fl[i], now);
        if (now >= next_good) {
            ask_status(&good);
            next_good += GOOD_EVERY_MS;
        }
        if (with_storm && now >= next_storm) {
            storm();
            next_storm += STORM_EVERY_MS;
        }
        usleep(1000);
    }
    for (int i = 0; i <= clients; i++)
        if (fl[i].fd >= 0)
            close(fl[i].fd);
    tpr_ctl_client_close(&good);
    printf("seconds=%d clients=%d junk=%llu oversized=%llu partial=%llu fast=%llu "
           "error_replies=%llu reconnects=%llu refused=%llu stalled_drops=%llu good_sent=%llu "
           "good_replies=%llu "
           "good_ms_min=%.0f good_ms_avg=%.1f good_ms_max=%.0f\n",
           seconds, clients, (unsigned long long)f.sent[JUNK], (unsigned long long)f.sent[BIG],
           (unsigned long long)f.sent[PARTIAL], (unsigned long long)f.sent[FAST] * FAST_BURST,
           (unsigned long long)f.errors, (unsigned long long)f.reconnects,
           (unsigned long long)f.refused, (unsigned long long)f.stalled_drops,
           (unsigned long long)f.good_sent, (unsigned long long)f.good_replies,
           f.good_replies ? f.lat_min : 0.0,
           f.good_replies ? f.lat_sum / (double)f.good_replies : 0.0, f.lat_max);
    return f.good_replies == f.good_sent ? 0 : 1;
}
