/* The control socket's server. Every socket is non-blocking and each
 * dispatch reads at most one buffer per ready client, so a flood costs the
 * main thread a bounded amount of work per call and the control loop (its
 * own thread) nothing. Output is queued per client and written when the
 * socket takes it; a client that lets TPR_CTL_OUT_MAX bytes pile up is
 * dropped instead of waited for. A client whose command waits for the loop
 * is not read from until its reply is sent. */
#include "ctl_server.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include "ctl_socket_file.h"

/* The kernel's send buffer per client: small, so that a subscriber that
 * stopped reading fills it (and then ours) within seconds, not minutes. */
#define CLIENT_SNDBUF 16384
/* Rate limit bookkeeping in millionths of a request. */
#define TOKEN 1000000LL
#define LISTENER UINT32_MAX
/* Refused connections are logged at most once a second: a storm of them
 * must not flood the journal. */
#define REFUSAL_LOG_EVERY_US 1000000
/* Supplementary groups of a peer looked at; a peer with more is refused
 * unless its uid or primary group lets it in. */
#define PEER_GROUPS_MAX 1024

typedef struct client {
    int fd; /* -1: slot free */
    tpr_ctl_peer peer;
    char in[TPR_CTL_REQUEST_MAX];
    size_t in_len;
    bool skipping;            /* discarding an oversized line up to its '\n' */
    int64_t partial_since_us; /* when the unfinished line in in[] began */
    char out[TPR_CTL_OUT_MAX];
    size_t out_len;
    uint32_t events; /* what epoll watches for */
    bool subscriber;
    bool pending; /* its command waits for the loop: ticket, until when */
    uint32_t ticket;
    int64_t pending_until_us;
    tpr_ctl_command pending_cmd;
    int64_t tokens; /* rate limit: requests allowed now, in TOKEN units */
    int64_t tokens_us;
} client;

struct tpr_ctl_server {
    int lfd, epfd;
    tpr_ctl_socket_file file;
    tpr_ctl_ops ops;
    int64_t now_us;
    client c[TPR_CTL_MAX_CLIENTS];
    char snapshot[TPR_CTL_LINE_MAX]; /* the latest snapshot line: the status reply */
    size_t snapshot_len;
    tpr_ctl_server_stats st;
    int64_t refusal_logged_us; /* when a refusal was last logged */
    uint64_t refused_unlogged; /* refusals since then */
    bool refusal_logged;
    gid_t peer_groups[PEER_GROUPS_MAX]; /* scratch for SO_PEERGROUPS */
};

static void say(tpr_ctl_server *s, int priority, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(tpr_ctl_server *s, int priority, const char *fmt, ...)
{
    if (!s->ops.log)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    s->ops.log(s->ops.ctx, priority, msg);
}

static void drop(tpr_ctl_server *s, client *c)
{
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    s->st.clients--;
}

/* Input unless a command waits for the loop; output while some is queued. */
static void watch(tpr_ctl_server *s, client *c)
{
    uint32_t want = (c->pending ? 0u : EPOLLIN) | (c->out_len > 0 ? EPOLLOUT : 0u);
    if (c->events == want)
        return;
    struct epoll_event ev = {.events = want, .data.u32 = (uint32_t)(c - s->c)};
    epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->events = want;
}

/* Write what the socket takes. Returns -1 when the client is gone. */
static int flush(tpr_ctl_server *s, client *c)
{
    size_t done = 0;
    while (done < c->out_len) {
        ssize_t w = send(c->fd, c->out + done, c->out_len - done, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (w <= 0) {
            drop(s, c);
            return -1;
        }
        done += (size_t)w;
    }
    c->out_len -= done;
    memmove(c->out, c->out + done, c->out_len);
    watch(s, c);
    return 0;
}

/* Queue a line for c and send what can be sent. Returns -1 when the client
 * was dropped: it had no room (it stopped reading) or it is gone. */
static int queue(tpr_ctl_server *s, client *c, const char *line, size_t n)
{
    if (n > sizeof(c->out) - c->out_len) {
        say(s, LOG_WARNING,
            "control socket: dropped client pid %d uid %u: it stopped reading (%zu bytes unread)",
            (int)c->peer.pid, (unsigned)c->peer.uid, c->out_len);
        s->st.dropped++;
        drop(s, c);
        return -1;
    }
    memcpy(c->out + c->out_len, line, n);
    c->out_len += n;
    return flush(s, c);
}

static int reply_error(tpr_ctl_server *s, client *c, const char *cmd, const char *msg)
{
    char line[TPR_CTL_LINE_MAX];
    size_t n = tpr_ctl_reply_encode(false, cmd, msg, line, sizeof(line));
    s->st.errors++;
    return queue(s, c, line, n);
}

static int reply_ok(tpr_ctl_server *s, client *c, tpr_ctl_command cmd)
{
    char line[128];
    size_t n = tpr_ctl_reply_encode(true, tpr_ctl_command_name(cmd), NULL, line, sizeof(line));
    return queue(s, c, line, n);
}

/* Send the last line and close: the peer broke the protocol for good. */
static void finish(tpr_ctl_server *s, client *c, const char *msg)
{
    if (reply_error(s, c, NULL, msg) == 0)
        drop(s, c);
}

/* One request token, refilled at TPR_CTL_RATE_PER_S up to the burst. */
static bool take_token(tpr_ctl_server *s, client *c)
{
    int64_t dt = s->now_us - c->tokens_us;
    c->tokens_us = s->now_us;
    if (dt > 0)
        c->tokens += dt * TPR_CTL_RATE_PER_S;
    if (c->tokens > TPR_CTL_RATE_BURST * TOKEN)
        c->tokens = TPR_CTL_RATE_BURST * TOKEN;
    if (c->tokens < TOKEN)
        return false;
    c->tokens -= TOKEN;
    return true;
}

static void describe(const tpr_ctl_request *r, char *buf, size_t len)
{
    int n = snprintf(buf, len, "%s", tpr_ctl_command_name(r->cmd));
    if (r->cmd != TPR_CTL_START || n < 0)
        return;
    snprintf(buf + n, len - (size_t)n, " user=%s %s%s%s", r->user[0] ? r->user : "(default)",
             r->muscles ? "muscles=" : "routine=",
             r->muscles ? r->muscle[0] : (r->routine[0] ? r->routine : "(the user's)"),
             r->muscles > 1 ? ",..." : "");
}

/* Carry out a command that changes something, log it with the peer. */
static int run_command(tpr_ctl_server *s, client *c, tpr_ctl_request *req)
{
    char err[TPR_CTL_ERROR_MAX] = "";
    char what[160];
    req->peer = c->peer;
    uint32_t ticket = 0;
    int rc = s->ops.request ? s->ops.request(s->ops.ctx, req, &ticket, err, sizeof(err)) : -1;
    if (rc == TPR_CTL_QUEUED) {
        c->pending = true;
        c->ticket = ticket;
        c->pending_until_us = 0; /* set at the next dispatch: the request may have taken a while */
        c->pending_cmd = req->cmd;
        watch(s, c);
        rc = 0;
    }
    if (rc != 0 && !err[0])
        snprintf(err, sizeof(err), "the daemon cannot %s now", tpr_ctl_command_name(req->cmd));
    describe(req, what, sizeof(what));
    say(s, rc == 0 ? LOG_INFO : LOG_WARNING, "control socket: %s by pid %d uid %u gid %u: %s%s",
        what, (int)c->peer.pid, (unsigned)c->peer.uid, (unsigned)c->peer.gid,
        rc == 0 ? "ok" : "refused: ", rc == 0 ? "" : err);
    const char *name = tpr_ctl_command_name(req->cmd);
    if (c->pending)
        return 0;
    return rc == 0 ? reply_ok(s, c, req->cmd) : reply_error(s, c, name, err);
}

/* One complete line from c. Returns -1 when the client was dropped. */
static int handle_line(tpr_ctl_server *s, client *c, const char *line, size_t n)
{
    if (!take_token(s, c)) {
        char msg[96];
        snprintf(msg, sizeof(msg), "too many requests: at most %d a second (bursts of %d)",
                 TPR_CTL_RATE_PER_S, TPR_CTL_RATE_BURST);
        return reply_error(s, c, NULL, msg);
    }
    tpr_ctl_request req;
    char err[TPR_CTL_ERROR_MAX];
    if (tpr_ctl_request_decode(line, n, &req, err, sizeof(err)) < 0)
        return reply_error(s, c, NULL, err);
    s->st.requests++;
    switch (req.cmd) {
    case TPR_CTL_STATUS:
        return queue(s, c, s->snapshot, s->snapshot_len);
    case TPR_CTL_SUBSCRIBE:
        c->subscriber = true;
        if (reply_ok(s, c, req.cmd) < 0)
            return -1;
        return queue(s, c, s->snapshot, s->snapshot_len);
    default:
        return run_command(s, c, &req);
    }
}

/* Split c->in into lines and handle them; keep the unfinished rest. */
static int handle_input(tpr_ctl_server *s, client *c)
{
    size_t start = 0;
    char *nl;
    while ((nl = memchr(c->in + start, '\n', c->in_len - start)) != NULL) {
        size_t end = (size_t)(nl - c->in);
        bool skipped = c->skipping;
        c->skipping = false;
        if (!skipped && handle_line(s, c, c->in + start, end - start) < 0)
            return -1;
        start = end + 1;
        if (c->pending) /* the next lines wait for its reply */
            break;
    }
    c->in_len -= start;
    memmove(c->in, c->in + start, c->in_len);
    if (c->in_len == sizeof(c->in) && !c->pending) { /* a whole buffer and no end of line */
        c->in_len = 0;
        if (!c->skipping) {
            c->skipping = true;
            char msg[64];
            snprintf(msg, sizeof(msg), "request longer than %d bytes", TPR_CTL_REQUEST_MAX);
            return reply_error(s, c, NULL, msg);
        }
    }
    if (start > 0) /* what is left began after a line that ended now */
        c->partial_since_us = s->now_us;
    return 0;
}

static void readable(tpr_ctl_server *s, client *c)
{
    ssize_t got = recv(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len, MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (got < 0) {
        drop(s, c);
        return;
    }
    if (got == 0) { /* the peer is done sending */
        if (c->in_len > 0 && !c->skipping)
            finish(s, c, "incomplete request: the connection ended before the end of the line");
        else
            drop(s, c);
        return;
    }
    if (c->in_len == 0)
        c->partial_since_us = s->now_us;
    c->in_len += (size_t)got;
    handle_input(s, c);
}

static void log_refusal(tpr_ctl_server *s, const tpr_ctl_peer *peer, const char *why)
{
    if (s->refusal_logged && s->now_us - s->refusal_logged_us < REFUSAL_LOG_EVERY_US) {
        s->refused_unlogged++;
        return;
    }
    say(s, LOG_WARNING,
        "control socket: refused pid %d uid %u gid %u: %s (%llu more refused since the last such "
        "line)",
        (int)peer->pid, (unsigned)peer->uid, (unsigned)peer->gid, why,
        (unsigned long long)s->refused_unlogged);
    s->refusal_logged = true;
    s->refusal_logged_us = s->now_us;
    s->refused_unlogged = 0;
}

/* Who may use the socket: root, the daemon's own user and the members of
 * the socket's group (primary or supplementary, as the kernel recorded
 * them at connect). The file's mode 0660 keeps others off the path; this
 * holds when the mode was changed or a connected fd was handed on. */
static bool peer_allowed(tpr_ctl_server *s, int fd, const tpr_ctl_peer *p, char *why, size_t len)
{
    if (p->uid == 0 || p->uid == geteuid() || p->gid == s->file.gid)
        return true;
    socklen_t size = sizeof(s->peer_groups);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, s->peer_groups, &size) == 0) {
        for (size_t i = 0; i < size / sizeof(gid_t); i++)
            if (s->peer_groups[i] == s->file.gid)
                return true;
    }
    snprintf(why, len, "not root, not uid %u and not in the socket's group (gid %u)",
             (unsigned)geteuid(), (unsigned)s->file.gid);
    return false;
}

/* Answer fd with an error line and close it. */
static void refuse(tpr_ctl_server *s, int fd, const tpr_ctl_peer *peer, const char *why)
{
    char line[TPR_CTL_ERROR_MAX + 64];
    size_t n = tpr_ctl_reply_encode(false, NULL, why, line, sizeof(line));
    (void)!send(fd, line, n, MSG_DONTWAIT | MSG_NOSIGNAL); /* best effort: closing anyway */
    close(fd);
    s->st.refused++;
    log_refusal(s, peer, why);
}

static void accept_one(tpr_ctl_server *s, int fd)
{
    tpr_ctl_peer peer = {.pid = 0, .uid = (uid_t)-1, .gid = (gid_t)-1};
    struct ucred cred;
    socklen_t len = sizeof(cred);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0)
        peer = (tpr_ctl_peer){.pid = cred.pid, .uid = cred.uid, .gid = cred.gid};
    char why[TPR_CTL_ERROR_MAX];
    if (!peer_allowed(s, fd, &peer, why, sizeof(why))) {
        refuse(s, fd, &peer, why);
        return;
    }
    client *c = NULL;
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS && !c; i++)
        if (s->c[i].fd < 0)
            c = &s->c[i];
    if (!c) {
        refuse(s, fd, &peer, "too many clients (at most 16)");
        return;
    }
    int sndbuf = CLIENT_SNDBUF;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    *c = (client){.fd = fd,
                  .peer = peer,
                  .events = EPOLLIN,
                  .tokens = TPR_CTL_RATE_BURST * TOKEN,
                  .tokens_us = s->now_us};
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)(c - s->c)};
    if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
        close(fd);
        c->fd = -1;
        return;
    }
    s->st.clients++;
    s->st.accepted++;
}

static void accept_all(tpr_ctl_server *s)
{
    for (;;) {
        int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN: none left; anything else: try at the next wake-up */
        accept_one(s, fd);
    }
}

/* Unfinished lines older than TPR_CTL_PARTIAL_MS end their connection. */
static void expire_partial(tpr_ctl_server *s)
{
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++) {
        client *c = &s->c[i];
        if (c->fd < 0 || c->in_len == 0 || c->skipping || c->pending)
            continue;
        if (s->now_us - c->partial_since_us > TPR_CTL_PARTIAL_MS * 1000LL) {
            char msg[80];
            snprintf(msg, sizeof(msg), "incomplete request: no end of line within %d ms",
                     TPR_CTL_PARTIAL_MS);
            finish(s, c, msg);
        }
    }
}

/* The reply to c's command the loop took up (ok) or not (msg), then the
 * lines that waited behind it. */
static void settle(tpr_ctl_server *s, client *c, const char *msg)
{
    c->pending = false;
    const char *name = tpr_ctl_command_name(c->pending_cmd);
    int rc = msg ? reply_error(s, c, name, msg) : reply_ok(s, c, c->pending_cmd);
    if (rc == 0 && handle_input(s, c) == 0 && c->fd >= 0)
        watch(s, c);
}

void tpr_ctl_server_applied(tpr_ctl_server *s, uint32_t ticket)
{
    if (!s)
        return;
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++) {
        client *c = &s->c[i];
        if (c->fd >= 0 && c->pending && (int32_t)(ticket - c->ticket) >= 0)
            settle(s, c, NULL);
    }
}

/* Commands the loop did not apply in time (it is stalled or gone). */
static void expire_pending(tpr_ctl_server *s)
{
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++) {
        client *c = &s->c[i];
        if (c->fd < 0 || !c->pending)
            continue;
        if (c->pending_until_us == 0)
            c->pending_until_us = s->now_us + TPR_CTL_APPLY_MS * 1000LL;
        if (s->now_us < c->pending_until_us)
            continue;
        char msg[96];
        snprintf(msg, sizeof(msg), "the control loop did not apply %s within %d ms",
                 tpr_ctl_command_name(c->pending_cmd), TPR_CTL_APPLY_MS);
        say(s, LOG_WARNING, "control socket: %s (pid %d)", msg, (int)c->peer.pid);
        settle(s, c, msg);
    }
}

void tpr_ctl_server_dispatch(tpr_ctl_server *s, int64_t now_us)
{
    s->now_us = now_us;
    struct epoll_event evs[TPR_CTL_MAX_CLIENTS + 1];
    int n = epoll_wait(s->epfd, evs, TPR_CTL_MAX_CLIENTS + 1, 0);
    for (int i = 0; i < n; i++) {
        uint32_t id = evs[i].data.u32;
        if (id == LISTENER) {
            accept_all(s);
            continue;
        }
        client *c = &s->c[id];
        if (c->fd < 0)
            continue;
        if ((evs[i].events & EPOLLOUT) && flush(s, c) < 0)
            continue;
        if (c->pending && (evs[i].events & (EPOLLHUP | EPOLLERR)))
            drop(s, c); /* gone before its reply: nothing left to send to */
        else if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            readable(s, c);
    }
    expire_partial(s);
    expire_pending(s);
}

void tpr_ctl_server_publish(tpr_ctl_server *s, const tpr_ctl_snapshot *snap)
{
    size_t n = tpr_ctl_snapshot_encode(snap, s->snapshot, sizeof(s->snapshot));
    if (n == 0) { /* cannot happen with the fixed members; never send half a line */
        say(s, LOG_ERR, "control socket: snapshot longer than %d bytes", TPR_CTL_LINE_MAX);
        return;
    }
    s->snapshot_len = n;
    s->st.published++;
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++)
        if (s->c[i].fd >= 0 && s->c[i].subscriber)
            queue(s, &s->c[i], s->snapshot, n);
}

tpr_ctl_server *tpr_ctl_server_open(const char *path, const char *group, const tpr_ctl_ops *ops,
                                    char *err, size_t errlen)
{
    tpr_ctl_server *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    s->ops = *ops;
    s->epfd = -1;
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++)
        s->c[i].fd = -1;
    char note[TPR_CTL_ERROR_MAX] = "";
    s->lfd = tpr_ctl_socket_file_create(&s->file, path, group, note, sizeof(note), err, errlen);
    if (s->lfd < 0) {
        free(s);
        return NULL;
    }
    if (note[0])
        say(s, LOG_NOTICE, "control socket: %s", note);
    s->epfd = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = LISTENER};
    if (s->epfd < 0 || epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->lfd, &ev) < 0) {
        snprintf(err, errlen, "%s: epoll: %s", path, strerror(errno));
        tpr_ctl_server_close(s);
        return NULL;
    }
    tpr_ctl_snapshot idle = {.daemon = TPR_CTL_IDLE};
    snprintf(idle.cue, sizeof(idle.cue), "%s", tpr_ctl_cue(&idle));
    s->snapshot_len = tpr_ctl_snapshot_encode(&idle, s->snapshot, sizeof(s->snapshot));
    return s;
}

int tpr_ctl_server_fd(const tpr_ctl_server *s)
{
    return s->epfd;
}

void tpr_ctl_server_stats_get(const tpr_ctl_server *s, tpr_ctl_server_stats *st)
{
    *st = s->st;
}

void tpr_ctl_server_close(tpr_ctl_server *s)
{
    if (!s)
        return;
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++)
        if (s->c[i].fd >= 0)
            drop(s, &s->c[i]);
    if (s->epfd >= 0)
        close(s->epfd);
    close(s->lfd);
    tpr_ctl_socket_file_remove(&s->file);
    free(s);
}
