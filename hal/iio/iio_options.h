/* The [pressure] options of the IIO backend: which device and channels,
 * how they combine, how they are read, and the calibration that turns a
 * reading into newtons. */
#ifndef TPR_IIO_OPTIONS_H
#define TPR_IIO_OPTIONS_H

#include <stdint.h>

#define TPR_MAX_CHANNELS 4

typedef enum tpr_combine { TPR_COMBINE_SUM, TPR_COMBINE_MAX } tpr_combine;
typedef enum tpr_iio_mode { TPR_IIO_POLLED, TPR_IIO_BUFFERED } tpr_iio_mode;
/* What the calibration's zero and scale refer to. */
typedef enum tpr_cal_unit {
    TPR_CAL_RAW,  /* raw ADC counts */
    TPR_CAL_VOLT, /* volts, after the kernel's scale and offset */
} tpr_cal_unit;

typedef struct tpr_iio_options {
    char uri[128];                      /* "local:" or "ip:HOST" */
    char device[64];                    /* IIO device name ("ads1115") */
    char channel[TPR_MAX_CHANNELS][32]; /* channel ids ("voltage0") */
    uint32_t channels;
    tpr_combine combine;
    tpr_iio_mode mode;
    uint32_t buffer_samples; /* samples per buffer refill (buffered mode) */
    tpr_cal_unit cal_unit;
    double cal_zero;  /* reading with nothing on the tip, in cal_unit */
    double cal_scale; /* newtons per cal_unit */
} tpr_iio_options;

#endif
