/* The profile part of tprd --help-config: keys, library, routines. */
#include <string.h>

#include "profile.h"

/* "contact = 40 kPa, band_min = 120 kPa, ..." for one muscle, wrapped. */
static void print_dose(FILE *f, const tpr_dose *d)
{
    const tpr_option_table *t = &tpr_profile_options;
    size_t col = 0;
    for (size_t i = 0; i < t->count; i++) {
        if (strcmp(t->opt[i].section, "muscle.NAME") != 0)
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
    fprintf(f, "\nMuscle library: the default dose of each [muscle.NAME]\n");
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_muscle_info *m = tpr_muscle_at(i);
        fprintf(f, "\n  %s (%s): refers pain to the %s\n", m->dose.muscle, m->group, m->refers);
        print_dose(f, &m->dose);
        if (m->intensity_max_pct > 0.0f)
            fprintf(f, "     intensity may not be set above %g %%\n", (double)m->intensity_max_pct);
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
