/* tprd --replay: the control core run offline over a recorded trace. */
#ifndef TPR_REPLAY_CMD_H
#define TPR_REPLAY_CMD_H

#include "args.h"

/* Run the replay the arguments describe, writing CSV to stdout. Returns the
 * process exit status (0, 1 for I/O errors, 2 for bad input). */
int tpr_replay_cmd(const tpr_args *a);

#endif
