/* A threshold measurement in words, the same on tprd's terminal and in
 * tprctl measure: the live cue while pressing, the trials at the end. */
#ifndef TPR_CTL_PPT_TEXT_H
#define TPR_CTL_PPT_TEXT_H

#include <stdio.h>

#include "mode_ppt.h"

/* The live cue for the person: "too fast: slow down", "too slow: press
 * faster", "on rate: keep going", or "" when not ramping. */
const char *tpr_ctl_ppt_cue_text(tpr_ppt_cue cue);

/* Print one line per trial (threshold, mean rate against the target,
 * reliable or why not) and the site's threshold. */
void tpr_ctl_ppt_table(FILE *f, const tpr_ppt_result *r);

#endif
