/* Real-time set-up for the control loop thread. */
#ifndef TPR_RT_H
#define TPR_RT_H

#include <stdbool.h>
#include <stddef.h>

/* Ask for SCHED_FIFO at priority prio for the calling thread and lock all
 * memory. Prints one log line naming what could not be had (the daemon still
 * runs, with more jitter). Returns true when both were granted. */
bool tpr_rt_setup(int prio);

/* Once tpr_rt_setup locked memory: lock the loop's code whole again, for a
 * backend module loaded since (a device opened by a reload). */
void tpr_rt_lock_loop_code(void);

/* Write to every page of [p, p + n) so that it is in memory (and, memory
 * locked on fault, locked) before the loop touches it: for memory the main
 * thread hands to the loop, such as a session. */
void tpr_rt_prefault(void *p, size_t n);

#endif
