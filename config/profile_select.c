#include "profile_select.h"

#include <stdio.h>

static void list_routines(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < tpr_routine_count() && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", tpr_routine_at(i)->name);
}

int tpr_profile_select_routine(tpr_profile *p, const char *name, char *err, size_t errlen)
{
    const tpr_routine_info *ri = tpr_routine_find(name);
    if (!ri) {
        char names[256];
        list_routines(names, sizeof(names));
        snprintf(err, errlen, "unknown routine '%s' (built-in: %s)", name, names);
        return -1;
    }
    tpr_routine r = {.name = ri->name};
    for (size_t i = 0; i < TPR_MAX_ROUTINE && ri->muscles[i]; i++)
        r.dose[r.count++] = *tpr_profile_dose(p, ri->muscles[i]);
    snprintf(p->routine_name, sizeof(p->routine_name), "%s", ri->name);
    p->routine = r;
    return 0;
}

int tpr_profile_select_muscle(tpr_profile *p, const char *name, char *err, size_t errlen)
{
    const tpr_dose *d = tpr_profile_dose(p, name);
    if (!d) {
        snprintf(err, errlen, "unknown muscle '%s' (see tprd --help-config)", name);
        return -1;
    }
    p->routine = (tpr_routine){.name = "custom", .count = 1, .dose = {*d}};
    snprintf(p->routine_name, sizeof(p->routine_name), "custom");
    return 0;
}
