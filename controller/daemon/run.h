/* tprd's normal mode: the resident daemon, or (--once) one session. */
#ifndef TPR_RUN_H
#define TPR_RUN_H

#include "args.h"

/* Run the daemon the arguments describe until a signal stops it, the
 * device faults or (--once) the session ends. Returns the exit status. */
int tpr_run(const tpr_args *a);

#endif
