/* The arithmetic of a calibration, apart from any device: running mean and
 * standard deviation of the readings, and from the empty and the loaded
 * tip the zero, the scale and the noise floor. */
#ifndef TPR_CAL_STATS_H
#define TPR_CAL_STATS_H

#include <stddef.h>
#include <stdint.h>

/* A weight must move the reading by more than this many noise standard
 * deviations, or it is taken for nothing on the tip (or the wrong channel). */
#define TPR_CAL_MIN_SNR 5.0

typedef struct tpr_cal_stats {
    uint32_t n;
    double mean;
    double m2; /* sum of squared deviations from the mean (Welford) */
} tpr_cal_stats;

typedef struct tpr_cal_result {
    double zero;      /* reading with nothing on the tip */
    double scale;     /* newtons per reading unit */
    double noise_kpa; /* standard deviation of the tared reading, in kPa */
} tpr_cal_result;

/* Add one reading. */
void tpr_cal_stats_add(tpr_cal_stats *s, double x);

/* Sample standard deviation of the readings so far (0 for fewer than 2). */
double tpr_cal_stats_sd(const tpr_cal_stats *s);

/* Zero, scale and noise floor from the readings with the tip empty and with
 * weight_n newtons on it. Returns 0, or -1 with err explaining why the
 * weight is refused (its change is within TPR_CAL_MIN_SNR noise standard
 * deviations, or there are too few readings). */
int tpr_cal_solve(const tpr_cal_stats *empty, const tpr_cal_stats *loaded, double weight_n,
                  double tip_area_cm2, tpr_cal_result *out, char *err, size_t errlen);

#endif
