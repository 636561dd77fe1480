/* tprctl measure: start a pressure-pain-threshold measurement, show the
 * rate feedback live, turn each key press (a line, when standard input is
 * not a terminal) into "painful now", and print the trials and the site's
 * threshold when the daemon ends the measurement. Ctrl-C stops it. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "daemon_link.h"
#include "measure_view.h"
#include "muscles.h"

/* The request from the command line; a usage error names the option. */
static int request(const tprctl_args *a, tpr_ctl_request *req)
{
    char why[256];
    *req = (tpr_ctl_request){.cmd = TPR_CTL_MEASURE};
    if (!a->user)
        return tprctl_usage("measure: --user NAME is required (whose threshold it is)");
    if (tpr_name_check(a->user, why, sizeof(why)))
        return tprctl_usage("--user must be a plain name: %s", why);
    if (!a->muscle)
        return tprctl_usage("measure: --muscle NAME is required (tprd --help-config lists them)");
    if (!tpr_muscle_find(a->muscle))
        return tprctl_usage("--muscle: '%.64s' is not a muscle of the library (tprd "
                            "--help-config lists them)",
                            a->muscle);
    if (a->side && strcmp(a->side, "left") && strcmp(a->side, "right"))
        return tprctl_usage("--side must be left or right, not '%.64s'", a->side);
    snprintf(req->user, sizeof(req->user), "%s", a->user);
    snprintf(req->site, sizeof(req->site), "%s", a->muscle);
    snprintf(req->side, sizeof(req->side), "%s", a->side ? a->side : "");
    return TPRCTL_OK;
}

/* Presses waiting on standard input: on a terminal every key, else every
 * line. Returns how many; -1 at its end. */
static int presses(int fd, bool tty)
{
    char buf[256];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n <= 0)
        return -1;
    if (tty)
        return 1; /* however many keys came at once: one press */
    int lines = 0;
    for (ssize_t i = 0; i < n; i++)
        lines += buf[i] == '\n';
    return lines;
}

/* Send a command on the measurement's connection; its reply comes among
 * the snapshots. */
static void send_command(tprctl_link *l, tpr_ctl_command cmd)
{
    tpr_ctl_request req = {.cmd = cmd};
    int rc = tpr_ctl_client_request(&l->c, &req);
    if (rc < 0)
        tprctl_fail("%s: sending %s: %s", l->path, tpr_ctl_command_name(cmd), strerror(-rc));
}

/* Until the daemon leaves the measurement: snapshots in, presses out. */
static int follow(tprctl_link *l, tprctl_measure_view *v, bool tty)
{
    int in = STDIN_FILENO;
    bool stopping = false;
    while (!v->ended) {
        if (tprctl_link_interrupted() && !stopping) {
            send_command(l, TPR_CTL_STOP);
            stopping = true;
        }
        struct pollfd p[2] = {{.fd = l->c.fd, .events = POLLIN}, {.fd = in, .events = POLLIN}};
        int n = l->c.have ? 1 : poll(p, 2, 200);
        if (n < 0 && errno != EINTR)
            return tprctl_fail("poll: %s", strerror(errno));
        if (in >= 0 && (p[1].revents & (POLLIN | POLLHUP))) {
            int k = presses(in, tty);
            for (int i = 0; i < k; i++)
                send_command(l, TPR_CTL_PAINFUL);
            if (k < 0)
                in = -1; /* no more presses: the buttons may still end it */
        }
        if (!l->c.have && !(p[0].revents & (POLLIN | POLLHUP)))
            continue;
        int rc = tprctl_link_read(l, TPRCTL_REPLY_TIMEOUT_MS, false);
        if (rc != TPRCTL_OK)
            return rc;
        if (l->type == TPR_CTL_LINE_SNAPSHOT)
            tprctl_measure_view_take(v, &l->snap);
        else if (!l->reply.ok) /* a press outside a trial, say: said, not fatal */
            tprctl_fail("tprd refused %s: %s", l->reply.cmd, l->reply.error);
    }
    return TPRCTL_OK;
}

int tprctl_cmd_measure(tprctl *t, const tprctl_args *a)
{
    tpr_ctl_request req;
    int rc = request(a, &req);
    if (rc != TPRCTL_OK)
        return rc;
    tprctl_link l;
    rc = tprctl_link_request(&l, t, &req);
    if (rc != TPRCTL_OK)
        return rc;
    send_command(&l, TPR_CTL_SUBSCRIBE);
    rc = tprctl_link_reply(&l, TPR_CTL_SUBSCRIBE);
    if (rc != TPRCTL_OK) {
        tprctl_link_close(&l);
        return rc;
    }
    tprctl_link_catch_interrupt();
    bool tty = isatty(STDIN_FILENO);
    struct termios saved, raw;
    if (tty && tcgetattr(STDIN_FILENO, &saved) == 0) { /* every key counts, unechoed */
        raw = saved;
        raw.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    tprctl_measure_view v;
    tprctl_measure_view_init(&v, t->out, isatty(fileno(t->out)));
    rc = follow(&l, &v, tty);
    if (tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    tprctl_link_close(&l);
    if (rc != TPRCTL_OK)
        return rc;
    tprctl_measure_view_end(&v);
    return v.trials.reliable == TPR_PPT_TRIALS ? TPRCTL_OK : TPRCTL_INCOMPLETE;
}
