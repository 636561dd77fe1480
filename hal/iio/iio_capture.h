/* Buffered capture: an IIO buffer of the configured channels, refilled by
 * the reader's thread (sampler.h), each refill giving its newest frame
 * combined into one reading. */
#ifndef TPR_IIO_CAPTURE_H
#define TPR_IIO_CAPTURE_H

#include <stddef.h>

#include "iio_chan.h"

typedef struct tpr_iio_capture tpr_iio_capture;

/* Enable the n channels of dev and create a buffer of o->buffer_samples.
 * Returns NULL with err (prefixed by who) on failure. */
tpr_iio_capture *tpr_iio_capture_open(struct iio_device *dev, const tpr_iio_chan *ch, uint32_t n,
                                      const tpr_iio_options *o, const char *who, char *err,
                                      size_t errlen);

/* Refill the buffer, blocking until the device has filled it (or libiio's
 * timeout), and take its newest frame into *value: 1, 0 for an empty
 * buffer, or the refill's negative errno. */
int tpr_iio_capture_refill(tpr_iio_capture *cap, double *value);

/* Make a refill in progress (and every later one) return at once. */
void tpr_iio_capture_cancel(tpr_iio_capture *cap);

/* Free the buffer; NULL is allowed. */
void tpr_iio_capture_close(tpr_iio_capture *cap);

#endif
