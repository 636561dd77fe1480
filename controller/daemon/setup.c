#include "setup.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static int load_system(const tpr_args *a, tpr_system_config *sys, char *err, size_t errlen)
{
    if (a->config)
        return tpr_system_config_load(a->config, sys, err, errlen);
    if (access(TPR_SYSTEM_CONFIG_DEFAULT, F_OK) == 0)
        return tpr_system_config_load(TPR_SYSTEM_CONFIG_DEFAULT, sys, err, errlen);
    tpr_system_config_default(sys);
    return 0;
}

static int load_profile(const tpr_args *a, const tpr_system_config *sys, tpr_profile *prof,
                        char *err, size_t errlen)
{
    if (a->profile)
        return tpr_profile_load(a->profile, prof, err, errlen);
    if (a->user)
        return tpr_setup_user_profile(sys, a->user, prof, err, errlen);
    tpr_profile_default(prof);
    return 0;
}

int tpr_setup_user_profile(const tpr_system_config *sys, const char *name, tpr_profile *prof,
                           char *err, size_t errlen)
{
    char why[256];
    if (tpr_name_check(name, why, sizeof(why))) {
        snprintf(err, errlen, "the user must be a plain name: %s; give a file with --profile", why);
        return -1;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/%s.ini", sys->profiles_dir, name);
    return tpr_profile_load(path, prof, err, errlen);
}

int tpr_setup_load(const tpr_args *a, tpr_system_config *sys, tpr_profile *prof, char *err,
                   size_t errlen)
{
    if (load_system(a, sys, err, errlen) || load_profile(a, sys, prof, err, errlen))
        return -1;
    if (a->rate_hz)
        sys->core.rate_hz = a->rate_hz;
    if (a->data_dir)
        snprintf(sys->data_dir, sizeof(sys->data_dir), "%s", a->data_dir);
    if (a->socket)
        snprintf(sys->socket_path, sizeof(sys->socket_path), "%s", a->socket);
    if (a->routine && tpr_profile_select_routine(prof, a->routine, err, errlen))
        return -1;
    if (a->muscle && tpr_profile_select_muscle(prof, a->muscle, err, errlen))
        return -1;
    return 0;
}
