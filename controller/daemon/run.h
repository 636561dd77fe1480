/* tprd's normal mode: run the user's routine on the device. */
#ifndef TPR_RUN_H
#define TPR_RUN_H

#include "args.h"

/* Run the routine the arguments describe until it is done, a signal stops
 * it, or the device faults. Returns the process exit status. */
int tpr_run(const tpr_args *a);

#endif
