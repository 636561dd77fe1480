/* The profile part of tprd --help-config: keys, library, routines. */
#include <string.h>

#include "dose_relative.h"
#include "profile.h"

/* "contact = 40 kPa, band_min = 120 kPa, ..." for one muscle, wrapped. */
static void print_dose(FILE *f, const tpr_dose *d)
{
    const tpr_option_table *t = &tpr_profile_options;
    size_t col = 0;
    for (size_t i = 0; i < t->count; i++) {
        /* The side says where a dose is given, not what it is. */
        if (strcmp(t->opt[i].section, "muscle.NAME") != 0 || t->opt[i].type == TPR_OPT_ENUM)
            continue;
        char value[32], item[64];
        tpr_option_format(&t->opt[i], d, value, sizeof(value));
        int n = snprintf(item, sizeof(item), "%s = %s", t->opt[i].key, value);
        if (col && col + (size_t)n + 2 > 90) {
            fprintf(f, ",\n");
            col = 0;
        } else if (col) {
            col += (size_t)fprintf(f, ", ");
        }
        if (!col)
            col = (size_t)fprintf(f, "      ");
        col += (size_t)fprintf(f, "%s", item);
    }
    fprintf(f, "\n");
}

void tpr_profile_help(FILE *f)
{
    tpr_options_print(f, &tpr_profile_options, NULL);
    fprintf(f,
            "\nDoses from the measured threshold: band_min, band_max and limit may be written in "
            "%s,\npercent of the newest reliable pressure-pain threshold measured on that muscle "
            "and side\n(tprctl measure). Write all three that way or none; left-out ones are "
            "%g, %g and %g %s.\nside = left|right|none picks the measurement (default none). "
            "The band's top and the limit\nnever go above the muscle's library limit, its "
            "ceiling (the band keeps its proportions).\nWithout a measurement the library dose "
            "applies and tprd says so at the session's start.\n\n  [muscle.vastus_medialis]\n"
            "  side = left\n  band_min = 90 %s\n  band_max = 120 %s\n  limit = 140 %s\n",
            TPR_PPT_UNIT, (double)TPR_REL_BAND_MIN_PCT, (double)TPR_REL_BAND_MAX_PCT,
            (double)TPR_REL_LIMIT_PCT, TPR_PPT_UNIT, TPR_PPT_UNIT, TPR_PPT_UNIT, TPR_PPT_UNIT);
    fprintf(f, "\nMuscle library: the default dose of each [muscle.NAME]\n");
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_muscle_info *m = tpr_muscle_at(i);
        fprintf(f, "\n  %s (%s): refers pain to the %s\n", m->dose.muscle, m->group, m->refers);
        print_dose(f, &m->dose);
        if (m->dose.intensity_max_pct < 100.0f)
            fprintf(f, "     intensity may not be set above %g %%\n",
                    (double)m->dose.intensity_max_pct);
    }
    fprintf(f, "\nConditions ([user] conditions = A, B, ...): the muscles each rules out\n");
    for (size_t i = 0; i < TPR_CONDITION_COUNT; i++) {
        const tpr_condition *c = tpr_condition_at(i);
        fprintf(f, "\n  %s: %s\n     refuses %s: %s\n", c->name, c->what, c->area, c->why);
        for (size_t j = 0; c->muscles && c->muscles[j]; j++)
            fprintf(f, "%s%s", j ? ", " : "     (", c->muscles[j]);
        if (c->muscles)
            fprintf(f, ")\n");
    }
    fprintf(f, "\nRoutines (routine = NAME)\n");
    for (size_t i = 0; i < tpr_routine_count(); i++) {
        const tpr_routine_info *r = tpr_routine_at(i);
        fprintf(f, "\n  %s: %s\n     ", r->name, r->description);
        for (size_t j = 0; j < TPR_MAX_ROUTINE && r->muscles[j]; j++)
            fprintf(f, "%s %s", j ? "," : "", r->muscles[j]);
        fprintf(f, "\n");
    }
}
