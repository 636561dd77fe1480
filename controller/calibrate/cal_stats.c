#include "cal_stats.h"

#include <math.h>
#include <stdio.h>

void tpr_cal_stats_add(tpr_cal_stats *s, double x)
{
    s->n++;
    double d = x - s->mean;
    s->mean += d / s->n;
    s->m2 += d * (x - s->mean);
}

double tpr_cal_stats_sd(const tpr_cal_stats *s)
{
    return s->n < 2 ? 0.0 : sqrt(s->m2 / (s->n - 1));
}

int tpr_cal_solve(const tpr_cal_stats *empty, const tpr_cal_stats *loaded, double weight_n,
                  double tip_area_cm2, tpr_cal_result *out, char *err, size_t errlen)
{
    if (empty->n < 2 || loaded->n < 2) {
        snprintf(err, errlen, "too few readings (%u empty, %u loaded): is the ADC sampling?",
                 empty->n, loaded->n);
        return -1;
    }
    double change = loaded->mean - empty->mean;
    double noise = fmax(tpr_cal_stats_sd(empty), tpr_cal_stats_sd(loaded));
    if (change == 0.0 || fabs(change) <= TPR_CAL_MIN_SNR * noise) {
        snprintf(err, errlen,
                 "the weight changed the reading by %.4g, not more than %.0f times its noise "
                 "(%.4g): is the weight on the tip, and is the channel the right one?",
                 change, TPR_CAL_MIN_SNR, noise);
        return -1;
    }
    out->zero = empty->mean;
    out->scale = weight_n / change;
    out->noise_kpa = tpr_cal_stats_sd(empty) * fabs(out->scale) / tip_area_cm2 * 10.0;
    return 0;
}
