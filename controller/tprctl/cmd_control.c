/* status, start, pause, resume, next, stop, reload: one request to the
 * running daemon and its answer. */
#include <string.h>

#include "daemon_link.h"
#include "watch_view.h"

/* Print what the daemon answered: the line itself with --json. */
static void print_line(tprctl *t, const tprctl_link *l)
{
    fprintf(t->out, "%s\n", l->line);
}

/* Send a command that changes something and report the daemon's answer. */
static int command(tprctl *t, const tpr_ctl_request *req)
{
    tprctl_link l;
    int rc = tprctl_link_open(&l, t, req);
    if (rc == TPRCTL_OK)
        rc = tprctl_link_reply(&l, req->cmd);
    if (rc == TPRCTL_OK || rc == TPRCTL_REFUSED) {
        if (t->json)
            print_line(t, &l);
        else if (rc == TPRCTL_OK)
            fprintf(t->out, "%s: ok\n", tpr_ctl_command_name(req->cmd));
    }
    tprctl_link_close(&l);
    return rc;
}

int tprctl_cmd_status(tprctl *t, const tprctl_args *a)
{
    (void)a;
    tprctl_link l;
    tpr_ctl_request req = {.cmd = TPR_CTL_STATUS};
    int rc = tprctl_link_open(&l, t, &req);
    if (rc == TPRCTL_OK)
        rc = tprctl_link_read(&l, TPRCTL_REPLY_TIMEOUT_MS, false);
    if (rc == TPRCTL_OK && l.type == TPR_CTL_LINE_REPLY) {
        rc = l.reply.ok ? tprctl_fail("%s: tprd answered status without a snapshot", l.path)
                        : tprctl_link_refused(&l, req.cmd);
    } else if (rc == TPRCTL_OK && t->json) {
        print_line(t, &l);
    } else if (rc == TPRCTL_OK) {
        tprctl_watch_frame(t->out, &l.snap);
    }
    tprctl_link_close(&l);
    return rc;
}

/* --muscles A,B,C into req. */
static int split_muscles(const char *list, tpr_ctl_request *req)
{
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (req->muscles == TPR_MAX_ROUTINE)
            return tprctl_usage("--muscles: at most %d muscles", TPR_MAX_ROUTINE);
        char *dst = req->muscle[req->muscles];
        if (n > TPR_NAME_MAX)
            return tprctl_usage("--muscles: '%.*s...' is longer than %d characters", 20, p,
                                TPR_NAME_MAX);
        memcpy(dst, p, n);
        dst[n] = '\0';
        if (!tpr_name_valid(dst))
            return tprctl_usage("--muscles: '%s' is not a muscle name (letters, digits, _ and -)",
                                dst);
        req->muscles++;
        if (!comma)
            return TPRCTL_OK;
        p = comma + 1;
    }
}

/* A plain name from the command line into dst. */
static int name_option(const char *option, const char *value, char *dst)
{
    char why[256];
    if (tpr_name_check(value, why, sizeof(why)))
        return tprctl_usage("%s must be a plain name: %s", option, why);
    strcpy(dst, value);
    return TPRCTL_OK;
}

int tprctl_cmd_start(tprctl *t, const tprctl_args *a)
{
    tpr_ctl_request req = {.cmd = TPR_CTL_START};
    if (a->routine && a->muscles)
        return tprctl_usage("start: give --routine or --muscles, not both");
    int rc = TPRCTL_OK;
    if (a->user)
        rc = name_option("--user", a->user, req.user);
    if (rc == TPRCTL_OK && a->routine)
        rc = name_option("--routine", a->routine, req.routine);
    if (rc == TPRCTL_OK && a->muscles)
        rc = split_muscles(a->muscles, &req);
    return rc == TPRCTL_OK ? command(t, &req) : rc;
}

int tprctl_cmd_daemon(tprctl *t, const tprctl_args *a)
{
    for (unsigned c = 0; c < TPR_CTL_COMMAND_COUNT; c++) {
        if (strcmp(tpr_ctl_command_name((tpr_ctl_command)c), a->command) == 0) {
            tpr_ctl_request req = {.cmd = (tpr_ctl_command)c};
            return command(t, &req);
        }
    }
    return tprctl_fail("%s is not a command tprd carries out", a->command);
}
