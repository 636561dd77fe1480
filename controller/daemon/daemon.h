/* The resident daemon: one object that owns the device, the control loop
 * (always on, idle between sessions) and the session under way. Its main
 * thread turns signals and button requests into messages for the loop,
 * loads routines (all file I/O happens here, never in the loop), finishes
 * the sessions the loop hands back, and prints the live line. */
#ifndef TPR_DAEMON_H
#define TPR_DAEMON_H

#include "args.h"

typedef struct tpr_daemon tpr_daemon;

/* Load the config and the profile, take the data directory's lock, open
 * the device and start the control loop (idle; with --once the command
 * line's session starts at once). Returns the daemon, or NULL with *status
 * set to the exit status (the error is logged). */
tpr_daemon *tpr_daemon_open(const tpr_args *a, int *status);

/* Serve until SIGINT/SIGTERM, a device fault or (--once) the end of the
 * session; then stop the loop (motor off), finish the session, close the
 * device and free d. Returns the exit status. */
int tpr_daemon_run(tpr_daemon *d);

#endif
