#include "bad_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_client.h"

/* As the daemon publishes (daemon.c). */
#define PUBLISH_US 50000
/* Requests a flood sends at once: three bursts' worth. */
#define FLOOD (3 * TPR_CTL_RATE_BURST)
/* Clients at most: the crowd is one over the server's limit. */
#define CLIENTS_MAX (TPR_CTL_MAX_CLIENTS + 1)

/* What the misbehaving client has read back so far. */
typedef struct answer {
    unsigned errors; /* error replies */
    unsigned others; /* replies ok, snapshots */
    bool closed;     /* the server closed the connection */
} answer;

struct bad_client {
    bad_kind kind;
    char dir[64], path[96];
    tpr_ctl_server *srv;
    tpr_ctl_client c[CLIENTS_MAX];
    int n; /* clients connected */
    int64_t now_us, next_publish_us, armed_us;
    tpr_ctl_server_stats at_arm;
    answer got;
    bool probed; /* a good request sent after the bad lines */
};

static int refuse(void *ctx, const tpr_ctl_request *req, uint32_t *ticket, char *err, size_t len)
{
    (void)ctx, (void)req, (void)ticket;
    snprintf(err, len, "the rig takes no commands");
    return -1;
}

bad_client *bad_client_new(bad_kind kind)
{
    bad_client *b = calloc(1, sizeof(*b));
    char err[256];
    if (!b)
        exit(1);
    b->kind = kind;
    snprintf(b->dir, sizeof(b->dir), "/tmp/tpr_faults_ctl.XXXXXX");
    if (!mkdtemp(b->dir)) {
        perror("bad_client: mkdtemp");
        exit(1);
    }
    snprintf(b->path, sizeof(b->path), "%s/tprd.sock", b->dir);
    tpr_ctl_ops ops = {.request = refuse};
    b->srv = tpr_ctl_server_open(b->path, NULL, &ops, err, sizeof(err));
    if (!b->srv) {
        fprintf(stderr, "bad_client: %s\n", err);
        exit(1);
    }
    for (int i = 0; i < CLIENTS_MAX; i++)
        b->c[i].fd = -1;
    return b;
}

/* Connect one more client (the server accepts it at once). */
static tpr_ctl_client *connect_one(bad_client *b)
{
    tpr_ctl_client *c = &b->c[b->n++];
    int rc = tpr_ctl_client_connect(c, b->path);
    if (rc < 0) {
        fprintf(stderr, "bad_client: connect: %s\n", strerror(-rc));
        exit(1);
    }
    tpr_ctl_server_dispatch(b->srv, b->now_us);
    return c;
}

static void send_text(tpr_ctl_client *c, const char *text, size_t n)
{
    int rc = tpr_ctl_client_send(c, text, n);
    if (rc < 0) {
        fprintf(stderr, "bad_client: send: %s\n", strerror(-rc));
        exit(1);
    }
}

static void send_request(tpr_ctl_client *c, tpr_ctl_command cmd)
{
    tpr_ctl_request req = {.cmd = cmd};
    int rc = tpr_ctl_client_request(c, &req);
    if (rc < 0) {
        fprintf(stderr, "bad_client: request: %s\n", strerror(-rc));
        exit(1);
    }
}

static void arm(void *ctx)
{
    bad_client *b = ctx;
    static char big[TPR_CTL_REQUEST_MAX + 100];
    char flood[FLOOD * 64];
    size_t len = 0;
    bad_client_stats(b, &b->at_arm);
    b->armed_us = b->now_us;
    b->got = (answer){0};
    b->probed = false;
    switch (b->kind) {
    case BAD_JUNK: {
        static const char junk[] = "this is not a request\n{\"v\":1,\"cmd\":\"explode\"}\n";
        send_text(connect_one(b), junk, sizeof(junk) - 1);
        break;
    }
    case BAD_OVERSIZED:
        memset(big, 'x', sizeof(big));
        send_text(connect_one(b), big, sizeof(big));
        break;
    case BAD_PARTIAL:
        send_text(connect_one(b), "{\"v\":1,\"cmd\":\"sta", 16);
        break;
    case BAD_FLOOD:
        for (int i = 0; i < FLOOD; i++)
            len += tpr_ctl_request_encode(&(tpr_ctl_request){.cmd = TPR_CTL_STATUS}, flood + len,
                                          sizeof(flood) - len);
        send_text(connect_one(b), flood, len);
        break;
    case BAD_DEAF:
        send_request(connect_one(b), TPR_CTL_SUBSCRIBE);
        break;
    case BAD_CROWD:
        while (b->n < CLIENTS_MAX)
            connect_one(b);
        break;
    case BAD_KIND_COUNT:
        break;
    }
}

/* Take every line the server has sent c so far. */
static void read_back(tpr_ctl_client *c, answer *a)
{
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    int n;
    while (!a->closed && (n = tpr_ctl_client_read_line(c, line, sizeof(line), 0)) != -ETIMEDOUT) {
        tpr_ctl_line_type type;
        tpr_ctl_reply reply;
        tpr_ctl_snapshot snap;
        if (n < 0)
            a->closed = true;
        else if (tpr_ctl_line_decode(line, (size_t)n, &type, &reply, &snap, err, sizeof(err)))
            fprintf(stderr, "bad_client: the server sent a line that does not decode: %s\n", err);
        else if (type == TPR_CTL_LINE_REPLY && !reply.ok)
            a->errors++;
        else
            a->others++;
    }
}

/* An error line, then the connection closed. */
static bool refused(const answer *a)
{
    return a->errors == 1 && a->others == 0 && a->closed;
}

/* errors error replies to the bad lines, then (the connection kept) a good
 * request after tail (the rest of an oversized line) answered. */
static bool kept(bad_client *b, unsigned errors, uint64_t counted, const char *tail)
{
    read_back(&b->c[0], &b->got);
    if (b->got.errors == errors && !b->got.closed && !b->probed) {
        send_text(&b->c[0], tail, strlen(tail));
        send_request(&b->c[0], TPR_CTL_STATUS);
        b->probed = true;
    }
    return b->probed && b->got.others == 1 && b->got.errors == errors && counted == errors &&
           !b->got.closed;
}

/* Whether the server answered as ctl_server.h promises, and counted it. */
static bool hit(void *ctx)
{
    bad_client *b = ctx;
    tpr_ctl_server_stats st;
    bad_client_stats(b, &st);
    uint64_t errors = st.errors - b->at_arm.errors;
    switch (b->kind) {
    case BAD_JUNK:
        return kept(b, 2, errors, "");
    case BAD_OVERSIZED:
        return kept(b, 1, errors, "yyy\n");
    case BAD_PARTIAL: /* not before its time */
        read_back(&b->c[0], &b->got);
        return refused(&b->got) && errors == 1 &&
               b->now_us - b->armed_us >= TPR_CTL_PARTIAL_MS * 1000LL;
    case BAD_FLOOD:
        read_back(&b->c[0], &b->got);
        return b->got.errors + b->got.others == FLOOD && b->got.errors >= 1 &&
               b->got.errors == errors && !b->got.closed;
    case BAD_DEAF:
        return st.dropped - b->at_arm.dropped == 1;
    case BAD_CROWD:
        read_back(&b->c[CLIENTS_MAX - 1], &b->got);
        return refused(&b->got) && st.refused - b->at_arm.refused == 1;
    case BAD_KIND_COUNT:
        break;
    }
    return false;
}

static void clear(void *ctx)
{
    bad_client *b = ctx;
    for (int i = 0; i < b->n; i++)
        tpr_ctl_client_close(&b->c[i]);
    b->n = 0;
    tpr_ctl_server_dispatch(b->srv, b->now_us);
}

/* The daemon's main thread: the socket served, the status published. */
static void serve(void *ctx, const tpr_status_view *v, int64_t now_us)
{
    bad_client *b = ctx;
    b->now_us = now_us;
    tpr_ctl_server_dispatch(b->srv, now_us);
    if (now_us < b->next_publish_us)
        return;
    b->next_publish_us = now_us + PUBLISH_US;
    /* What a subscriber watches most (the daemon's has the dose too). */
    tpr_ctl_snapshot snap = {.daemon = (tpr_ctl_daemon_state)v->daemon,
                             .state = v->out.state,
                             .raw_kpa = v->raw_kpa,
                             .intensity_pct = v->out.intensity_pct,
                             .ticks = v->ticks};
    tpr_ctl_server_publish(b->srv, &snap);
}

rig_hazard bad_client_hazard(bad_client *b)
{
    return (rig_hazard){.arm = arm, .hit = hit, .clear = clear, .between = serve, .ctx = b};
}

void bad_client_stats(const bad_client *b, tpr_ctl_server_stats *st)
{
    tpr_ctl_server_stats_get(b->srv, st);
}

void bad_client_free(bad_client *b)
{
    clear(b);
    tpr_ctl_server_close(b->srv);
    rmdir(b->dir);
    free(b);
}
