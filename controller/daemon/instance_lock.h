/* One tprd per data directory: an flock on DATA_DIR/tprd.lock, which holds
 * the owner's PID so that a second tprd can say whom it found. The kernel
 * drops the lock when the owner exits, however it exits, so a crash never
 * leaves a stale lock behind. */
#ifndef TPR_INSTANCE_LOCK_H
#define TPR_INSTANCE_LOCK_H

#include <stddef.h>

/* Exit status of a tprd that found another one on its data directory. */
#define TPR_EXIT_LOCKED 4

/* Create dir if missing and take its lock. Returns the lock's descriptor
 * (keep it open for as long as the data directory is used), -2 when another
 * process holds it ("... in use by tprd PID N" in err), or -1 with err. */
int tpr_instance_lock(const char *dir, char *err, size_t errlen);

#endif
