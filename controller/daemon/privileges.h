/* Dropping root after start-up. tprd started as root by hand opens the
 * device and binds the control socket as root, then becomes an ordinary
 * user for good: by default tprd (the user the Debian package and the
 * systemd unit use), or the one --run-as names. What stays is what the
 * control loop's real-time set-up needs, as resource limits rather than
 * capabilities: RLIMIT_RTPRIO (SCHED_FIFO up to the loop's priority) and
 * RLIMIT_MEMLOCK unlimited (mlockall) — the limits the systemd unit sets.
 * Under systemd tprd already runs as User=tprd with no capabilities:
 * nothing is dropped there. */
#ifndef TPR_PRIVILEGES_H
#define TPR_PRIVILEGES_H

#include <stddef.h>

/* When the process runs as root: raise the two limits to rt_prio and
 * unlimited (without CAP_SYS_RESOURCE they stay and note says so: the loop
 * then runs without SCHED_FIFO or locked memory, and says so), give the data directory, the files
 * in it and the control socket (data_dir and socket_path may be NULL) to user, take user's uid, gid
 * and groups (real, effective and saved) and check that root cannot be taken back. user NULL means
 * "tprd" and is not required to exist: without such a user tprd stays root and note says so. Not
 * root: does nothing. Returns 0 (note says what happened, or is empty), or -1 with err. */
int tpr_privileges_drop(const char *user, int rt_prio, const char *data_dir,
                        const char *socket_path, char *note, size_t notelen, char *err,
                        size_t errlen);

#endif
