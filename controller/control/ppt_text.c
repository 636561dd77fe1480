#include "ppt_text.h"

#include <math.h>

const char *tpr_ctl_ppt_cue_text(tpr_ppt_cue cue)
{
    switch (cue) {
    case TPR_PPT_CUE_TOO_FAST:
        return "too fast: slow down";
    case TPR_PPT_CUE_TOO_SLOW:
        return "too slow: press faster";
    case TPR_PPT_CUE_ON_RATE:
        return "on rate: keep going";
    default:
        return "";
    }
}

/* A pressure or rate in width columns with decimals, or "--" for none. */
static void number(FILE *f, int width, int decimals, float v)
{
    double x = (double)v;
    if (!isfinite(x)) {
        fprintf(f, "%*s", width, "--");
        return;
    }
    if (fabs(x) < 0.5 * pow(10.0, -decimals)) /* no "-0" */
        x = 0.0;
    fprintf(f, "%*.*f", width, decimals, x);
}

void tpr_ctl_ppt_table(FILE *f, const tpr_ppt_result *r)
{
    fprintf(f, "trial  threshold kPa  rate kPa/s (target %.0f)  result\n", (double)r->target_kpa_s);
    for (uint32_t i = 0; i < r->attempts && i < TPR_PPT_MAX_ATTEMPTS; i++) {
        const tpr_ppt_trial *t = &r->trial[i];
        fprintf(f, "%5u  ", i + 1);
        number(f, 13, 1, t->threshold_kpa);
        fputs("  ", f);
        number(f, 23, 0, t->rate_kpa_s);
        fprintf(f, "  %s\n", t->reliable ? "reliable" : tpr_ppt_reason_name(t->reason));
    }
    if (r->reliable)
        fprintf(f, "PPT %.1f kPa: mean of %u reliable trial%s%s\n", (double)r->ppt_kpa, r->reliable,
                r->reliable == 1 ? "" : "s",
                r->reliable < TPR_PPT_TRIALS ? " (fewer than 3: repeat the measurement)" : "");
    else
        fputs("no threshold: no reliable trial\n", f);
}
