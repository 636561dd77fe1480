/* The control socket's server: a UNIX stream socket that tprctl (or any
 * client speaking protocol.h) connects to. It runs in the daemon's main
 * thread, never in the control loop.
 *
 * Conventions: every call is non-blocking (sockets are O_NONBLOCK, nothing
 * waits for a client); memory is allocated once, in open. Errors are
 * reported as -1/NULL with a message in err, or through ops->log; the
 * server never prints. One client's bad or slow behaviour costs that client
 * its connection at worst, never the loop or the other clients.
 *
 * A command the daemon queues for its loop is answered once the loop has
 * applied it (tpr_ctl_server_applied), so that a status request sent after
 * the reply shows its effect. Meanwhile that client's further lines wait
 * (replies stay in order) and every other client is served as usual; a
 * command not applied within TPR_CTL_APPLY_MS (counted from the dispatch
 * after the one that handed it over) gets an error reply.
 *
 * Limits: a request line is at most TPR_CTL_REQUEST_MAX bytes; at most
 * TPR_CTL_MAX_CLIENTS connections (the next one gets an error line and is
 * closed); each client may send TPR_CTL_RATE_BURST requests at once and
 * TPR_CTL_RATE_PER_S a second on average (a request beyond that gets an
 * error reply and is not run); a line left unfinished for
 * TPR_CTL_PARTIAL_MS gets an error reply and the connection is closed; a
 * client whose unread output exceeds TPR_CTL_OUT_MAX bytes (a subscriber
 * that stopped reading) is dropped.
 */
#ifndef TPR_CTL_SERVER_H
#define TPR_CTL_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

#define TPR_CTL_MAX_CLIENTS 16
#define TPR_CTL_RATE_BURST 10
#define TPR_CTL_RATE_PER_S 10
#define TPR_CTL_PARTIAL_MS 2000
#define TPR_CTL_OUT_MAX 16384
#define TPR_CTL_APPLY_MS 2000

/* ops->request's answer: queued for the loop, the reply comes later. */
#define TPR_CTL_QUEUED 1

/* What the daemon does for the server. */
typedef struct tpr_ctl_ops {
    /* Carry out req (any command but status and subscribe, which the server
     * answers itself). Returns 0 (done: the reply is sent now), -1 with the
     * reason in err (sent to the client), or TPR_CTL_QUEUED with *ticket set:
     * the reply waits for tpr_ctl_server_applied(ticket). Must not block. */
    int (*request)(void *ctx, const tpr_ctl_request *req, uint32_t *ticket, char *err,
                   size_t errlen);
    /* Log one line at a syslog priority (LOG_INFO, LOG_WARNING, ...). */
    void (*log)(void *ctx, int priority, const char *msg);
    void *ctx;
} tpr_ctl_ops;

/* Counters for tests and the flood measurement. */
typedef struct tpr_ctl_server_stats {
    uint32_t clients;   /* connections open now */
    uint64_t accepted;  /* connections accepted since open */
    uint64_t refused;   /* connections refused: too many clients, or a peer outside the group */
    uint64_t requests;  /* well-formed requests handled */
    uint64_t errors;    /* error replies: malformed, oversized, partial, too fast, not applied */
    uint64_t dropped;   /* clients dropped because their output was full */
    uint64_t published; /* snapshots published */
} tpr_ctl_server_stats;

typedef struct tpr_ctl_server tpr_ctl_server;

/* Create the socket at path (its directory is created when missing; a stale
 * socket file is removed only when nothing listens on it), mode 0660, owned
 * by group when that group exists (else the process's group is kept and the
 * log says so; group may be NULL). ops is copied. Returns the server, or
 * NULL with a message naming path in err. */
tpr_ctl_server *tpr_ctl_server_open(const char *path, const char *group, const tpr_ctl_ops *ops,
                                    char *err, size_t errlen);

/* A file descriptor (an epoll set of its own) that becomes readable when
 * dispatch has work: add it to the daemon's poll/epoll set. */
int tpr_ctl_server_fd(const tpr_ctl_server *s);

/* Handle whatever is ready (accept, read, answer, flush) without blocking.
 * now_us is monotonic time; call at least every 100 ms (e.g. with publish)
 * so that unfinished lines time out. */
void tpr_ctl_server_dispatch(tpr_ctl_server *s, int64_t now_us);

/* Make snap the latest snapshot (the status reply) and queue it to every
 * subscriber; a subscriber with no room for it is dropped. */
void tpr_ctl_server_publish(tpr_ctl_server *s, const tpr_ctl_snapshot *snap);

/* The loop applied every queued command up to ticket (tickets grow by one
 * per command, wrapping): their clients get their replies. */
void tpr_ctl_server_applied(tpr_ctl_server *s, uint32_t ticket);

/* The counters so far. */
void tpr_ctl_server_stats_get(const tpr_ctl_server *s, tpr_ctl_server_stats *st);

/* Close every connection and the socket, and remove the socket file. NULL is
 * allowed. */
void tpr_ctl_server_close(tpr_ctl_server *s);

#endif
