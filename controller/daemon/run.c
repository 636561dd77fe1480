#include "run.h"

#include "daemon.h"

int tpr_run(const tpr_args *a)
{
    int status;
    tpr_daemon *d = tpr_daemon_open(a, &status);
    return d ? tpr_daemon_run(d) : status;
}
