/* tprctl's connection to the running daemon: connect (or say in one line
 * that tprd is not running and how to start it), send a request, read and
 * decode the daemon's lines. Each function returns a tprctl exit status
 * and has printed the message when it is not TPRCTL_OK. */
#ifndef TPRCTL_DAEMON_LINK_H
#define TPRCTL_DAEMON_LINK_H

#include "ctl_client.h"
#include "tprctl.h"

/* How long tprctl waits for a reply. */
#define TPRCTL_REPLY_TIMEOUT_MS 5000

typedef struct tprctl_link {
    tpr_ctl_client c;
    const char *path;
    char line[TPR_CTL_LINE_MAX]; /* the last line read, as received */
    int len;
    tpr_ctl_line_type type;
    tpr_ctl_reply reply;
    tpr_ctl_snapshot snap;
} tprctl_link;

/* Connect to t->socket_path and send req. */
int tprctl_link_open(tprctl_link *l, const tprctl *t, const tpr_ctl_request *req);

/* Read and decode the next line, waiting at most timeout_ms (-1: no limit).
 * A timeout returns TPRCTL_ERR silently when quiet_timeout is set. */
int tprctl_link_read(tprctl_link *l, int timeout_ms, bool quiet_timeout);

/* Read the reply to the request sent: TPRCTL_REFUSED (with the daemon's
 * reason printed) when it says no. */
int tprctl_link_reply(tprctl_link *l, tpr_ctl_command cmd);

/* Print the daemon's reason for refusing cmd; returns TPRCTL_REFUSED. */
int tprctl_link_refused(const tprctl_link *l, tpr_ctl_command cmd);

void tprctl_link_close(tprctl_link *l);

/* Connect, send req and read its reply (tprctl_link_open, then
 * tprctl_link_reply); l is closed unless it returns TPRCTL_OK. */
int tprctl_link_request(tprctl_link *l, const tprctl *t, const tpr_ctl_request *req);

/* From now on SIGINT and SIGTERM only set a flag, which
 * tprctl_link_interrupted reads: a command that streams ends cleanly. */
void tprctl_link_catch_interrupt(void);
bool tprctl_link_interrupted(void);

#endif
