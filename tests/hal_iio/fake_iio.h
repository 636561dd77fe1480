/* The C side of tests/support/fake_iio.sh: enter the fake device's
 * namespace, change its raw values, feed its buffer FIFO. */
#ifndef TPR_TEST_FAKE_IIO_H
#define TPR_TEST_FAKE_IIO_H

#include <stdbool.h>
#include <stdint.h>

#include "iio_options.h"

/* When not yet inside the fake device's namespace, re-run this program
 * (without arguments) through fake_iio.sh, with iiod serving the device
 * when iiod is true; the script skips with 77 when it cannot make one. */
void fake_iio_enter(char **argv, bool iiod);

/* Write text to attr of the fake ads1115 ("in_voltage0_raw"), atomically. */
void fake_iio_set(const char *attr, const char *text);

/* Remove attr of the fake ads1115. */
void fake_iio_remove(const char *attr);

/* IIO options for the fake ads1115 at $TPRD_IIO_URI: channels as a comma
 * list ("voltage0,voltage1"), polled, cal_unit raw, zero 0, scale 1. */
void fake_iio_config(tpr_iio_options *c, const char *channels);

/* Append n frames (voltage0, voltage1) to the buffer FIFO. */
void fake_iio_frames(const int16_t (*frames)[2], int n);

#endif
