/* Misbehaving clients of the control socket, as a rig hazard (rig.h): the
 * real server (ctl_server.h) runs in the rig as in the daemon's main
 * thread, dispatched between ticks with a snapshot published every 50 ms of
 * virtual time; armed, a client of one kind connects and misbehaves. The
 * hazard has hit when the server gave the answer its header promises for
 * that misbehaviour, read back on the client's side; the client stays
 * until cleared. */
#ifndef TPR_FAULTS_BAD_CLIENT_H
#define TPR_FAULTS_BAD_CLIENT_H

#include "ctl_server.h"
#include "rig.h"

typedef enum bad_kind {
    BAD_JUNK,      /* lines that are no request: an error reply each, the connection kept */
    BAD_OVERSIZED, /* a line over TPR_CTL_REQUEST_MAX: an error reply, the connection kept */
    BAD_PARTIAL,   /* a line never finished: after TPR_CTL_PARTIAL_MS an error, then closed */
    BAD_FLOOD,     /* three bursts of requests at once: one line each, the excess refused */
    BAD_DEAF,      /* a subscriber that never reads: dropped */
    BAD_CROWD,     /* one connection over TPR_CTL_MAX_CLIENTS: an error line, then closed */
    BAD_KIND_COUNT
} bad_kind;

typedef struct bad_client bad_client;

/* A server on a socket in a temporary directory, and clients of kind to
 * come. Exits the program when the server cannot be opened. */
bad_client *bad_client_new(bad_kind kind);

/* The hazard that arms, watches and clears them. */
rig_hazard bad_client_hazard(bad_client *b);

/* The server's counters so far. */
void bad_client_stats(const bad_client *b, tpr_ctl_server_stats *st);

/* Close the clients, the server and its directory. */
void bad_client_free(bad_client *b);

#endif
