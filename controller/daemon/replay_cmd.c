#include "replay_cmd.h"

#include <stdio.h>

#include "ppt_doses.h"
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
    /* The dose the daemon would give: %ppt from the stored threshold. */
    tpr_ppt_doses_resolve(&sys, prof.user, &prof.routine, "replay");
    int rc = tpr_replay_run_rate(a->replay, stdout, &sys.core, &prof.routine.dose[0],
                                 sys.ppt_rate_kpa_s, err, sizeof(err));
    if (rc)
        fprintf(stderr, "tprd: %s\n", err);
    return rc;
}
