/* The control socket's server on a real UNIX socket, driven from this
 * process with fake daemon ops and a fake clock (the rate limit and the
 * unfinished-line timeout run on it): what a client sees for good, bad,
 * oversized, partial and too-fast requests, the 17th client, a subscriber
 * that stops reading, the peer's credentials reaching the daemon, and a
 * command's reply held until the daemon's loop applied it. */
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl_client.h"
#include "ctl_server.h"

/* What the fake daemon saw. */
static struct {
    int requests;
    tpr_ctl_request last;
    const char *refuse; /* when set, requests fail with this */
    bool queue;         /* when set, requests are queued with the next ticket */
    uint32_t ticket;
    char log[8192];
} daemon_seen;

static int fake_request(void *ctx, const tpr_ctl_request *req, uint32_t *ticket, char *err,
                        size_t errlen)
{
    (void)ctx;
    daemon_seen.requests++;
    daemon_seen.last = *req;
    if (daemon_seen.refuse) {
        snprintf(err, errlen, "%s", daemon_seen.refuse);
        return -1;
    }
    if (!daemon_seen.queue)
        return 0;
    *ticket = ++daemon_seen.ticket;
    return TPR_CTL_QUEUED;
}

static void fake_log(void *ctx, int priority, const char *msg)
{
    (void)ctx;
    size_t n = strlen(daemon_seen.log);
    snprintf(daemon_seen.log + n, sizeof(daemon_seen.log) - n, "<%d>%s\n", priority, msg);
}

typedef struct fixture {
    char dir[64];
    char path[128];
    tpr_ctl_server *s;
    int64_t now_us; /* the fake clock */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_ctl_server.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    /* A directory that does not exist yet: the server makes it. */
    snprintf(f->path, sizeof(f->path), "%s/run/tprd.sock", f->dir);
    memset(&daemon_seen, 0, sizeof(daemon_seen));
    tpr_ctl_ops ops = {.request = fake_request, .log = fake_log};
    char err[256];
    f->s = tpr_ctl_server_open(f->path, "no-such-group-tprd-test", &ops, err, sizeof(err));
    if (!f->s) {
        print_error("%s\n", err);
        return -1;
    }
    f->now_us = 1000000;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tpr_ctl_server_close(f->s);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static void connect_client(fixture *f, tpr_ctl_client *c)
{
    assert_int_equal(tpr_ctl_client_connect(c, f->path), 0);
    tpr_ctl_server_dispatch(f->s, f->now_us);
}

static void send_text(tpr_ctl_client *c, const char *text)
{
    assert_int_equal(tpr_ctl_client_send(c, text, strlen(text)), 0);
}

/* Dispatch until c has a line (or the connection ended); at most 5 s. */
static int next_line(fixture *f, tpr_ctl_client *c, char *line, size_t len)
{
    for (int i = 0; i < 1000; i++) {
        tpr_ctl_server_dispatch(f->s, f->now_us);
        int n = tpr_ctl_client_read_line(c, line, len, 5);
        if (n != -ETIMEDOUT)
            return n;
    }
    return -ETIMEDOUT;
}

static void expect_reply(fixture *f, tpr_ctl_client *c, bool ok, const char *text)
{
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    int n = next_line(f, c, line, sizeof(line));
    if (n < 0)
        fail_msg("no reply (%s), wanted %s", strerror(-n), text);
    tpr_ctl_line_type type;
    tpr_ctl_reply r;
    tpr_ctl_snapshot snap;
    assert_int_equal(tpr_ctl_line_decode(line, (size_t)n, &type, &r, &snap, err, sizeof(err)), 0);
    assert_int_equal(type, TPR_CTL_LINE_REPLY);
    if (r.ok != ok || !strstr(ok ? r.cmd : r.error, text))
        fail_msg("got %s, wanted %s \"%s\"", line, ok ? "ok" : "error", text);
}

static void expect_snapshot(fixture *f, tpr_ctl_client *c, tpr_ctl_snapshot *snap)
{
    char line[TPR_CTL_LINE_MAX], err[TPR_CTL_ERROR_MAX];
    int n = next_line(f, c, line, sizeof(line));
    assert_true(n > 0);
    tpr_ctl_line_type type;
    tpr_ctl_reply r;
    assert_int_equal(tpr_ctl_line_decode(line, (size_t)n, &type, &r, snap, err, sizeof(err)), 0);
    assert_int_equal(type, TPR_CTL_LINE_SNAPSHOT);
}

/* Nothing for c after the server handled all it could. */
static void expect_nothing(fixture *f, tpr_ctl_client *c)
{
    char line[TPR_CTL_LINE_MAX];
    for (int i = 0; i < 5; i++)
        tpr_ctl_server_dispatch(f->s, f->now_us);
    int n = tpr_ctl_client_read_line(c, line, sizeof(line), 20);
    if (n != -ETIMEDOUT)
        fail_msg("expected nothing yet, got %s", n > 0 ? line : strerror(-n));
}

static void expect_closed(fixture *f, tpr_ctl_client *c)
{
    char line[TPR_CTL_LINE_MAX];
    assert_int_equal(next_line(f, c, line, sizeof(line)), -EPIPE);
}

static void socket_file(void **state)
{
    fixture *f = *state;
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0660);
    assert_non_null(strstr(daemon_seen.log, "no group 'no-such-group-tprd-test'"));

    /* A second server while the first listens: refused, socket untouched. */
    tpr_ctl_ops ops = {.request = fake_request};
    char err[256];
    assert_null(tpr_ctl_server_open(f->path, NULL, &ops, err, sizeof(err)));
    assert_non_null(strstr(err, "another process listens on it"));
    assert_int_equal(stat(f->path, &st), 0);

    /* A regular file in the way is never removed. */
    char other[160];
    snprintf(other, sizeof(other), "%s/not-a-socket", f->dir);
    FILE *fp = fopen(other, "w");
    assert_non_null(fp);
    fclose(fp);
    assert_null(tpr_ctl_server_open(other, NULL, &ops, err, sizeof(err)));
    assert_non_null(strstr(err, "exists and is not a socket"));
    assert_int_equal(stat(other, &st), 0);

    /* A stale socket (bound by a process that is gone) is replaced. */
    char stale[100];
    snprintf(stale, sizeof(stale), "%s/stale.sock", f->dir);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", stale);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    close(fd); /* the file stays, nobody listens */
    tpr_ctl_server *s2 = tpr_ctl_server_open(stale, NULL, &ops, err, sizeof(err));
    assert_non_null(s2);
    tpr_ctl_server_close(s2);
    assert_int_equal(stat(stale, &st), -1); /* close removes it */
}

static void status_and_commands(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c;
    connect_client(f, &c);
    tpr_ctl_snapshot snap;

    /* Before anything was published: idle. */
    send_text(&c, "{\"v\":1,\"cmd\":\"status\"}\n");
    expect_snapshot(f, &c, &snap);
    assert_int_equal(snap.daemon, TPR_CTL_IDLE);
    assert_string_equal(snap.cue, "ready: press start");

    tpr_ctl_snapshot pub = {.daemon = TPR_CTL_RUNNING, .muscle = "popliteus", .rep = 2};
    tpr_ctl_server_publish(f->s, &pub);
    send_text(&c, "{\"v\":1,\"cmd\":\"status\"}\n");
    expect_snapshot(f, &c, &snap);
    assert_int_equal(snap.daemon, TPR_CTL_RUNNING);
    assert_string_equal(snap.muscle, "popliteus");
    assert_int_equal(daemon_seen.requests, 0); /* status never reaches the daemon */

    send_text(&c, "{\"v\":1,\"cmd\":\"start\",\"user\":\"alice\",\"routine\":\"knee_front\"}\n");
    expect_reply(f, &c, true, "start");
    assert_int_equal(daemon_seen.requests, 1);
    assert_int_equal(daemon_seen.last.cmd, TPR_CTL_START);
    assert_string_equal(daemon_seen.last.user, "alice");
    assert_string_equal(daemon_seen.last.routine, "knee_front");
    assert_int_equal(daemon_seen.last.peer.pid, getpid());
    assert_int_equal(daemon_seen.last.peer.uid, getuid());
    assert_int_equal(daemon_seen.last.peer.gid, getgid());
    char want[128];
    snprintf(want, sizeof(want), "start user=alice routine=knee_front by pid %d uid %u gid %u: ok",
             (int)getpid(), (unsigned)getuid(), (unsigned)getgid());
    assert_non_null(strstr(daemon_seen.log, want));

    /* The daemon's refusal reaches the client and the log. */
    daemon_seen.refuse = "no session to pause";
    send_text(&c, "{\"v\":1,\"cmd\":\"pause\"}\n");
    expect_reply(f, &c, false, "no session to pause");
    assert_non_null(strstr(daemon_seen.log, "pause by pid"));
    assert_non_null(strstr(daemon_seen.log, ": refused: no session to pause"));
    tpr_ctl_client_close(&c);
}

static void credentials_of_another_process(void **state)
{
    fixture *f = *state;
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        tpr_ctl_client c;
        char line[TPR_CTL_LINE_MAX];
        tpr_ctl_request req = {.cmd = TPR_CTL_STOP};
        int ok = tpr_ctl_client_connect(&c, f->path) == 0 &&
                 tpr_ctl_client_request(&c, &req) == 0 &&
                 tpr_ctl_client_read_line(&c, line, sizeof(line), 5000) > 0;
        _exit(ok ? 0 : 1);
    }
    for (int i = 0; i < 1000 && daemon_seen.requests == 0; i++) {
        tpr_ctl_server_dispatch(f->s, f->now_us);
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    for (int i = 0; i < 100; i++)
        tpr_ctl_server_dispatch(f->s, f->now_us); /* flush the reply */
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(daemon_seen.last.cmd, TPR_CTL_STOP);
    assert_int_equal(daemon_seen.last.peer.pid, child);
}

/* A peer running as uid 4242 with the given primary group and
 * supplementary groups asks for status: 0 when it got a snapshot, 2 when
 * it was refused for its group, 1 otherwise. */
static int status_as(fixture *f, gid_t gid, const gid_t *groups, size_t ngroups)
{
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        signal(SIGPIPE, SIG_IGN);
        if (setgroups(ngroups, groups) < 0 || setgid(gid) < 0 || setuid(4242) < 0)
            _exit(1);
        tpr_ctl_client c;
        char line[TPR_CTL_LINE_MAX] = "";
        tpr_ctl_request req = {.cmd = TPR_CTL_STATUS};
        if (tpr_ctl_client_connect(&c, f->path) < 0)
            _exit(1);
        (void)tpr_ctl_client_request(&c, &req); /* a refused peer may find it closed */
        if (tpr_ctl_client_read_line(&c, line, sizeof(line), 10000) <= 0)
            _exit(1);
        _exit(strstr(line, "\"type\":\"snapshot\"")             ? 0
              : strstr(line, "not in the socket's group (gid ") ? 2
                                                                : 1);
    }
    int status;
    while (waitpid(child, &status, WNOHANG) == 0) {
        tpr_ctl_server_dispatch(f->s, f->now_us);
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* Only root, the daemon's user and the socket's group get in, even when
 * the socket's mode would let anyone connect. */
static void peers_outside_the_group_refused(void **state)
{
    fixture *f = *state;
    if (geteuid() != 0)
        skip(); /* switching to another uid needs root */
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(chmod(f->dir, 0755), 0);
    assert_int_equal(chmod(f->path, 0666), 0); /* a loosened mode: the check must still hold */
    gid_t other = 4242, group = st.st_gid;
    assert_int_equal(status_as(f, other, NULL, 0), 2);
    assert_non_null(strstr(daemon_seen.log, "refused pid "));
    assert_non_null(strstr(daemon_seen.log, " uid 4242 gid 4242: not root, not uid 0 and not in "
                                            "the socket's group"));
    gid_t others[] = {4243, 4244};
    f->now_us += 1000000; /* past the refusal log's once a second */
    assert_int_equal(status_as(f, other, others, 2), 2);
    gid_t member[] = {4243, group};
    assert_int_equal(status_as(f, other, member, 2), 0);
    assert_int_equal(status_as(f, group, NULL, 0), 0);
    tpr_ctl_server_stats st2;
    tpr_ctl_server_stats_get(f->s, &st2);
    assert_int_equal(st2.refused, 2);
}

static void malformed_gets_error_and_connection_stays(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c;
    connect_client(f, &c);
    send_text(&c, "{\"v\":1,\"cmd\":\"pause\"\n");
    expect_reply(f, &c, false, "column 21: expected ',' or '}'");
    send_text(&c, "hello\n");
    expect_reply(f, &c, false, "expected '{'");
    send_text(&c, "{\"v\":1,\"cmd\":\"start\",\"user\":\"../../etc/shadow\"}\n");
    expect_reply(f, &c, false, "\"user\" must be a plain name");
    assert_int_equal(daemon_seen.requests, 0);
    send_text(&c, "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_reply(f, &c, true, "next");
    assert_int_equal(daemon_seen.requests, 1);
    tpr_ctl_client_close(&c);
}

static void oversized_gets_error_then_next_line_works(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c;
    connect_client(f, &c);
    static char big[3 * TPR_CTL_REQUEST_MAX];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    send_text(&c, big);
    expect_reply(f, &c, false, "request longer than 4096 bytes");
    send_text(&c, "yyy\n{\"v\":1,\"cmd\":\"resume\"}\n"); /* the rest of the long line, then one */
    expect_reply(f, &c, true, "resume");
    assert_int_equal(daemon_seen.requests, 1);
    tpr_ctl_client_close(&c);
}

static void partial_line_times_out(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c, other;
    connect_client(f, &c);
    connect_client(f, &other);
    send_text(&c, "{\"v\":1,\"cmd\":");
    tpr_ctl_server_dispatch(f->s, f->now_us);
    /* Meanwhile another client is served as usual. */
    send_text(&other, "{\"v\":1,\"cmd\":\"status\"}\n");
    tpr_ctl_snapshot snap;
    expect_snapshot(f, &other, &snap);
    f->now_us += TPR_CTL_PARTIAL_MS * 1000LL + 1000;
    expect_reply(f, &c, false, "incomplete request: no end of line within 2000 ms");
    expect_closed(f, &c);
    tpr_ctl_client_close(&c);

    /* A line cut short by the end of the connection. */
    connect_client(f, &c);
    send_text(&c, "{\"v\":1,\"cmd\":\"stop\"}");
    shutdown(c.fd, SHUT_WR);
    expect_reply(f, &c, false, "incomplete request: the connection ended");
    expect_closed(f, &c);
    assert_int_equal(daemon_seen.requests, 0);
    tpr_ctl_client_close(&c);
    tpr_ctl_client_close(&other);
}

/* A queued command's reply comes once the loop applied it, after the
 * snapshot that shows it; the client's next line waits behind it, the
 * other clients do not; a command never applied gets an error in time. */
static void queued_reply_waits_for_the_loop(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c, other;
    connect_client(f, &c);
    connect_client(f, &other);
    daemon_seen.queue = true;
    send_text(&c, "{\"v\":1,\"cmd\":\"pause\"}\n{\"v\":1,\"cmd\":\"status\"}\n");
    expect_nothing(f, &c);
    assert_int_equal(daemon_seen.requests, 1);
    send_text(&other, "{\"v\":1,\"cmd\":\"status\"}\n");
    tpr_ctl_snapshot snap;
    expect_snapshot(f, &other, &snap);
    assert_int_equal(snap.daemon, TPR_CTL_IDLE);

    tpr_ctl_snapshot paused = {.daemon = TPR_CTL_PAUSED, .muscle = "popliteus"};
    tpr_ctl_server_publish(f->s, &paused);
    tpr_ctl_server_applied(f->s, daemon_seen.ticket);
    expect_reply(f, &c, true, "pause");
    expect_snapshot(f, &c, &snap);
    assert_int_equal(snap.daemon, TPR_CTL_PAUSED);

    /* Tickets up to the one applied: two clients' commands at once. */
    send_text(&c, "{\"v\":1,\"cmd\":\"resume\"}\n");
    send_text(&other, "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_nothing(f, &c);
    expect_nothing(f, &other);
    tpr_ctl_server_applied(f->s, daemon_seen.ticket);
    expect_reply(f, &c, true, "resume");
    expect_reply(f, &other, true, "next");

    /* A loop that never applies it: an error after TPR_CTL_APPLY_MS, and
     * the connection still serves the next line. */
    send_text(&c, "{\"v\":1,\"cmd\":\"stop\"}\n");
    expect_nothing(f, &c);
    f->now_us += TPR_CTL_APPLY_MS * 1000LL - 1000;
    expect_nothing(f, &c);
    f->now_us += 2000;
    expect_reply(f, &c, false, "the control loop did not apply stop within 2000 ms");
    assert_non_null(strstr(daemon_seen.log, "did not apply stop"));
    daemon_seen.queue = false;
    send_text(&c, "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_reply(f, &c, true, "next");
    tpr_ctl_client_close(&c);
    tpr_ctl_client_close(&other);
}

static void too_fast_gets_error(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c;
    connect_client(f, &c);
    char burst[64 * (TPR_CTL_RATE_BURST + 1)] = "";
    for (int i = 0; i <= TPR_CTL_RATE_BURST; i++)
        strcat(burst, "{\"v\":1,\"cmd\":\"next\"}\n");
    send_text(&c, burst);
    for (int i = 0; i < TPR_CTL_RATE_BURST; i++)
        expect_reply(f, &c, true, "next");
    expect_reply(f, &c, false, "too many requests: at most 10 a second");
    assert_int_equal(daemon_seen.requests, TPR_CTL_RATE_BURST);
    /* A tenth of a second later one more is allowed. */
    f->now_us += 1000000 / TPR_CTL_RATE_PER_S;
    send_text(&c, "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_reply(f, &c, true, "next");
    tpr_ctl_client_close(&c);
}

static void seventeenth_client_refused(void **state)
{
    fixture *f = *state;
    tpr_ctl_client c[TPR_CTL_MAX_CLIENTS + 1];
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++)
        connect_client(f, &c[i]);
    tpr_ctl_server_stats st;
    tpr_ctl_server_stats_get(f->s, &st);
    assert_int_equal(st.clients, TPR_CTL_MAX_CLIENTS);
    connect_client(f, &c[TPR_CTL_MAX_CLIENTS]);
    expect_reply(f, &c[TPR_CTL_MAX_CLIENTS], false, "too many clients (at most 16)");
    expect_closed(f, &c[TPR_CTL_MAX_CLIENTS]);
    tpr_ctl_server_stats_get(f->s, &st);
    assert_int_equal(st.refused, 1);
    /* A storm of refusals is logged once a second, with the count. */
    for (int i = 0; i < 5; i++) {
        tpr_ctl_client extra;
        connect_client(f, &extra);
        expect_reply(f, &extra, false, "too many clients");
        expect_closed(f, &extra);
        tpr_ctl_client_close(&extra);
    }
    f->now_us += 1000000;
    connect_client(f, &c[TPR_CTL_MAX_CLIENTS]);
    expect_reply(f, &c[TPR_CTL_MAX_CLIENTS], false, "too many clients");
    expect_closed(f, &c[TPR_CTL_MAX_CLIENTS]);
    tpr_ctl_client_close(&c[TPR_CTL_MAX_CLIENTS]);
    int lines = 0;
    for (const char *p = daemon_seen.log; (p = strstr(p, "too many clients (at most 16)")) != NULL;
         p++)
        lines++;
    assert_int_equal(lines, 2);
    assert_non_null(strstr(daemon_seen.log, "(5 more refused since the last such line)"));
    /* The sixteen are still served; when one leaves, a new one gets in. */
    send_text(&c[0], "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_reply(f, &c[0], true, "next");
    tpr_ctl_client_close(&c[0]);
    tpr_ctl_client_close(&c[TPR_CTL_MAX_CLIENTS]);
    connect_client(f, &c[0]);
    send_text(&c[0], "{\"v\":1,\"cmd\":\"next\"}\n");
    expect_reply(f, &c[0], true, "next");
    for (int i = 0; i < TPR_CTL_MAX_CLIENTS; i++)
        tpr_ctl_client_close(&c[i]);
}

static void stalled_subscriber_dropped(void **state)
{
    fixture *f = *state;
    tpr_ctl_client reader, stalled;
    connect_client(f, &reader);
    connect_client(f, &stalled);
    tpr_ctl_snapshot snap;
    send_text(&reader, "{\"v\":1,\"cmd\":\"subscribe\"}\n");
    expect_reply(f, &reader, true, "subscribe");
    expect_snapshot(f, &reader, &snap); /* the current one at once */
    send_text(&stalled, "{\"v\":1,\"cmd\":\"subscribe\"}\n");
    for (int i = 0; i < 10; i++)
        tpr_ctl_server_dispatch(f->s, f->now_us);

    /* Publish until the one that never reads is dropped; the reader gets
     * every snapshot, in order. */
    tpr_ctl_server_stats st = {0};
    uint32_t published = 0;
    while (st.dropped == 0) {
        assert_true(published < 10000);
        tpr_ctl_snapshot pub = {.daemon = TPR_CTL_RUNNING, .hold_ms = ++published};
        tpr_ctl_server_publish(f->s, &pub);
        expect_snapshot(f, &reader, &snap);
        assert_int_equal(snap.hold_ms, published);
        tpr_ctl_server_stats_get(f->s, &st);
    }
    assert_int_equal(st.clients, 1);
    assert_non_null(strstr(daemon_seen.log, "dropped client pid"));
    assert_non_null(strstr(daemon_seen.log, "it stopped reading"));
    /* Whatever it had been sent, its connection ends. */
    char line[TPR_CTL_LINE_MAX];
    int n;
    while ((n = tpr_ctl_client_read_line(&stalled, line, sizeof(line), 1000)) > 0)
        ;
    assert_int_equal(n, -EPIPE);
    tpr_ctl_server_publish(f->s, &(tpr_ctl_snapshot){.hold_ms = 7});
    expect_snapshot(f, &reader, &snap);
    assert_int_equal(snap.hold_ms, 7);
    tpr_ctl_client_close(&reader);
    tpr_ctl_client_close(&stalled);
}

static void connect_never_waits(void **state)
{
    fixture *f = *state;
    /* The daemon's main thread is busy (no dispatch): once its queue of new
     * connections is full, a client is told so at once. */
    enum { TRIES = 64 };
    tpr_ctl_client c[TRIES];
    int busy = 0;
    for (int i = 0; i < TRIES; i++) {
        int rc = tpr_ctl_client_connect(&c[i], f->path);
        assert_true(rc == 0 || rc == -EAGAIN);
        busy += rc == -EAGAIN;
    }
    assert_true(busy > 0);
    for (int i = 0; i < TRIES; i++)
        tpr_ctl_client_close(&c[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(socket_file, setup, teardown),
        cmocka_unit_test_setup_teardown(status_and_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(credentials_of_another_process, setup, teardown),
        cmocka_unit_test_setup_teardown(peers_outside_the_group_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_gets_error_and_connection_stays, setup, teardown),
        cmocka_unit_test_setup_teardown(oversized_gets_error_then_next_line_works, setup, teardown),
        cmocka_unit_test_setup_teardown(partial_line_times_out, setup, teardown),
        cmocka_unit_test_setup_teardown(queued_reply_waits_for_the_loop, setup, teardown),
        cmocka_unit_test_setup_teardown(too_fast_gets_error, setup, teardown),
        cmocka_unit_test_setup_teardown(seventeenth_client_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(stalled_subscriber_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(connect_never_waits, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
