/* The client side of the control socket, for tprctl and the test programs:
 * connect, send a request, read the daemon's lines.
 *
 * Conventions: functions return 0 (or a count) on success, a negative errno
 * value on failure; they never print. Reads wait at most the given time.
 */
#ifndef TPR_CTL_CLIENT_H
#define TPR_CTL_CLIENT_H

#include <stddef.h>

#include "protocol.h"

typedef struct tpr_ctl_client {
    int fd;
    char buf[TPR_CTL_LINE_MAX]; /* bytes received and not yet returned */
    size_t have;
} tpr_ctl_client;

/* Connect to the socket at path, without waiting. -ENOENT or -ECONNREFUSED
 * mean no daemon listens there; -EACCES that the caller may not use it;
 * -EAGAIN that the daemon's queue of new connections is full. */
int tpr_ctl_client_connect(tpr_ctl_client *c, const char *path);

/* True when err (from connect) means the daemon is not running. */
bool tpr_ctl_client_not_running(int err);

/* Send the whole of buf (n bytes). */
int tpr_ctl_client_send(tpr_ctl_client *c, const char *buf, size_t n);

/* Encode and send req. */
int tpr_ctl_client_request(tpr_ctl_client *c, const tpr_ctl_request *req);

/* Read one line (without its '\n', NUL-terminated) into line, waiting at
 * most timeout_ms (-1: no limit). Returns its length, -ETIMEDOUT, -EPIPE
 * when the daemon closed the connection, -EMSGSIZE for an overlong line. */
int tpr_ctl_client_read_line(tpr_ctl_client *c, char *line, size_t len, int timeout_ms);

/* Close the connection (fd -1 is allowed). */
void tpr_ctl_client_close(tpr_ctl_client *c);

#endif
