/* tprd: the trigger-point release device daemon. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "calibrate.h"
#include "options_help.h"
#include "replay_cmd.h"
#include "run.h"

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "calibrate") == 0)
        return tpr_calibrate_main(argc - 1, argv + 1);
    tpr_args a;
    int rc = tpr_args_parse(argc, argv, &a, stderr);
    if (rc)
        return rc;
    switch (a.mode) {
    case TPR_MODE_HELP:
        tpr_args_usage(stdout);
        return 0;
    case TPR_MODE_VERSION:
        printf("tprd %s\n", TPRD_VERSION);
        return 0;
    case TPR_MODE_HELP_CONFIG:
        tpr_options_help(stdout);
        return 0;
    case TPR_MODE_REPLAY:
        return tpr_replay_cmd(&a);
    case TPR_MODE_RUN:
        break;
    }
    return tpr_run(&a);
}
