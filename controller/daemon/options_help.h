/* tprd --help-config: every option of the system config and user profiles,
 * printed from the option tables that also parse them. */
#ifndef TPR_OPTIONS_HELP_H
#define TPR_OPTIONS_HELP_H

#include <stdio.h>

void tpr_options_help(FILE *f);

#endif
