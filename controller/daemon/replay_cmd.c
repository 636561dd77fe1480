#include "replay_cmd.h"

#include <stdio.h>

#include "replay.h"
#include "setup.h"

int tpr_replay_cmd(const tpr_args *a)
{
    static tpr_system_config sys;
    static tpr_profile prof;
    char err[512];
    if (tpr_setup_load(a, &sys, &prof, err, sizeof(err))) {
        fprintf(stderr, "tprd: %s\n", err);
        return 2;
    }
    int rc = tpr_replay_run_rate(a->replay, stdout, &sys.core, &prof.routine.dose[0],
                                 sys.ppt_rate_kpa_s, err, sizeof(err));
    if (rc)
        fprintf(stderr, "tprd: %s\n", err);
    return rc;
}
