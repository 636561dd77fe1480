#include "options_help.h"

#include "profile.h"
#include "system_config.h"

void tpr_options_help(FILE *f)
{
    tpr_system_config_help(f);
    fputc('\n', f);
    tpr_profile_help(f);
}
