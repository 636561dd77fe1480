/* One configured input channel and how its counts become the reading's
 * unit; shared by the polled reads and the capture thread. */
#ifndef TPR_IIO_CHAN_H
#define TPR_IIO_CHAN_H

#include <iio.h>
#include <stdint.h>

#include "iio_options.h"

typedef struct tpr_iio_chan {
    struct iio_channel *chn;
    double scale;  /* kernel scale attribute: mV per count (1 when absent) */
    double offset; /* kernel offset attribute in counts (0 when absent) */
} tpr_iio_chan;

/* Combine n channel counts into one reading in unit: raw counts, or volts
 * as (raw + offset) * scale / 1000; several channels by sum or max. */
double tpr_iio_combine(const tpr_iio_chan *ch, const int64_t *raw, uint32_t n, tpr_cal_unit unit,
                       tpr_combine how);

#endif
