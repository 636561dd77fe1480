#include "iio_chan.h"

double tpr_iio_combine(const tpr_iio_chan *ch, const int64_t *raw, uint32_t n, tpr_cal_unit unit,
                       tpr_combine how)
{
    double acc = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        double v = (double)raw[i];
        if (unit == TPR_CAL_VOLT)
            v = (v + ch[i].offset) * ch[i].scale / 1000.0;
        if (i == 0 || how == TPR_COMBINE_SUM)
            acc = i == 0 ? v : acc + v;
        else if (v > acc)
            acc = v;
    }
    return acc;
}
