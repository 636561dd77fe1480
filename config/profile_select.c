#include "profile_select.h"

#include <stdio.h>

#include "ini_read.h"

static void list_routines(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < tpr_routine_count() && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", tpr_routine_at(i)->name);
}

int tpr_profile_screen(const tpr_profile *p, const tpr_routine *r, char *err, size_t errlen)
{
    for (uint32_t i = 0; i < r->count; i++) {
        const tpr_condition *c = tpr_condition_refusing(p->conditions, r->dose[i].muscle);
        if (!c)
            continue;
        snprintf(err, errlen, "[user] conditions: %s rules out %s: %s", c->name, r->dose[i].muscle,
                 c->why);
        return -1;
    }
    return 0;
}

/* Make r the profile's routine, unless its conditions refuse it: then err
 * names the line that lists them. */
static int take(tpr_profile *p, const tpr_routine *r, const char *name, char *err, size_t errlen)
{
    char why[512];
    if (tpr_profile_screen(p, r, why, sizeof(why))) {
        tpr_ini_error(err, errlen, p->path, p->conditions_line, "%s", why);
        return -1;
    }
    p->routine = *r;
    snprintf(p->routine_name, sizeof(p->routine_name), "%s", name);
    return 0;
}

/* The routine called name made of these muscles, each with this user's dose. */
static int select_list(tpr_profile *p, const char *const *names, uint32_t n, const char *name,
                       char *err, size_t errlen)
{
    tpr_routine r = {.name = name, .count = n < TPR_MAX_ROUTINE ? n : TPR_MAX_ROUTINE};
    for (uint32_t i = 0; i < r.count; i++) {
        const tpr_dose *d = tpr_profile_dose(p, names[i]);
        if (!d) {
            snprintf(err, errlen, "unknown muscle '%s' (tprd --help-config lists them)", names[i]);
            return -1;
        }
        r.dose[i] = *d;
    }
    return take(p, &r, name, err, errlen);
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
    uint32_t n = 0;
    while (n < TPR_MAX_ROUTINE && ri->muscles[n])
        n++;
    return select_list(p, ri->muscles, n, ri->name, err, errlen);
}

int tpr_profile_select_muscles(tpr_profile *p, const char *const *names, uint32_t n, char *err,
                               size_t errlen)
{
    return select_list(p, names, n, "custom", err, errlen);
}

int tpr_profile_select_muscle(tpr_profile *p, const char *name, char *err, size_t errlen)
{
    return tpr_profile_select_muscles(p, &name, 1, err, errlen);
}
