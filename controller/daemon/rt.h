/* Real-time set-up for the control loop thread. */
#ifndef TPR_RT_H
#define TPR_RT_H

#include <stdbool.h>

/* Ask for SCHED_FIFO at priority prio for the calling thread and lock all
 * memory. Prints one log line naming what could not be had (the daemon still
 * runs, with more jitter). Returns true when both were granted. */
bool tpr_rt_setup(int prio);

#endif
