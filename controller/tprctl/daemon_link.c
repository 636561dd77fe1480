#include "daemon_link.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

int tprctl_link_open(tprctl_link *l, const tprctl *t, const tpr_ctl_request *req)
{
    *l = (tprctl_link){.path = t->socket_path};
    int rc = tpr_ctl_client_connect(&l->c, l->path);
    if (tpr_ctl_client_not_running(rc))
        return tprctl_fail("tprd is not running (nothing listens on %s): start it with "
                           "'systemctl start tprd'",
                           l->path);
    if (rc == -EACCES)
        return tprctl_fail("%s: permission denied: add yourself to group tprd "
                           "('sudo usermod -aG tprd $USER', then log in again)",
                           l->path);
    if (rc == -EAGAIN)
        return tprctl_fail("%s: tprd is not taking new connections now (too many waiting): "
                           "try again",
                           l->path);
    if (rc < 0)
        return tprctl_fail("%s: %s", l->path, strerror(-rc));
    rc = tpr_ctl_client_request(&l->c, req);
    /* Closed before the request got there: a refused peer (outside the
     * socket's group, one client too many) finds the reason waiting. */
    if ((rc == -EPIPE || rc == -ECONNRESET) &&
        tprctl_link_read(l, TPRCTL_REPLY_TIMEOUT_MS, true) == TPRCTL_OK &&
        l->type == TPR_CTL_LINE_REPLY && !l->reply.ok)
        return tprctl_link_refused(l, req->cmd);
    if (rc < 0)
        return tprctl_fail("%s: sending %s: %s", l->path, tpr_ctl_command_name(req->cmd),
                           strerror(-rc));
    return TPRCTL_OK;
}

int tprctl_link_read(tprctl_link *l, int timeout_ms, bool quiet_timeout)
{
    l->len = tpr_ctl_client_read_line(&l->c, l->line, sizeof(l->line), timeout_ms);
    if (l->len == -ETIMEDOUT)
        return quiet_timeout
                   ? TPRCTL_ERR
                   : tprctl_fail("%s: no answer from tprd within %d ms", l->path, timeout_ms);
    if (l->len == -EPIPE)
        return tprctl_fail("tprd closed the connection (%s)", l->path);
    if (l->len < 0)
        return tprctl_fail("%s: %s", l->path, strerror(-l->len));
    char err[TPR_CTL_ERROR_MAX];
    if (tpr_ctl_line_decode(l->line, (size_t)l->len, &l->type, &l->reply, &l->snap, err,
                            sizeof(err)) < 0)
        return tprctl_fail("%s: tprd sent a line this tprctl cannot read: %s", l->path, err);
    return TPRCTL_OK;
}

int tprctl_link_reply(tprctl_link *l, tpr_ctl_command cmd)
{
    int rc = tprctl_link_read(l, TPRCTL_REPLY_TIMEOUT_MS, false);
    if (rc != TPRCTL_OK)
        return rc;
    if (l->type != TPR_CTL_LINE_REPLY)
        return tprctl_fail("%s: expected a reply to %s, got a snapshot", l->path,
                           tpr_ctl_command_name(cmd));
    return l->reply.ok ? TPRCTL_OK : tprctl_link_refused(l, cmd);
}

int tprctl_link_refused(const tprctl_link *l, tpr_ctl_command cmd)
{
    tprctl_fail("tprd refused %s: %s", tpr_ctl_command_name(cmd), l->reply.error);
    return TPRCTL_REFUSED;
}

void tprctl_link_close(tprctl_link *l)
{
    tpr_ctl_client_close(&l->c);
}

int tprctl_link_request(tprctl_link *l, const tprctl *t, const tpr_ctl_request *req)
{
    int rc = tprctl_link_open(l, t, req);
    if (rc == TPRCTL_OK)
        rc = tprctl_link_reply(l, req->cmd);
    if (rc != TPRCTL_OK)
        tprctl_link_close(l);
    return rc;
}

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

void tprctl_link_catch_interrupt(void)
{
    struct sigaction sa = {.sa_handler = on_interrupt};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool tprctl_link_interrupted(void)
{
    return interrupted;
}
