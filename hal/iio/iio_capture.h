/* Buffered capture: an IIO buffer refilled by a thread of its own, which
 * hands the newest combined sample to the control loop without locks. */
#ifndef TPR_IIO_CAPTURE_H
#define TPR_IIO_CAPTURE_H

#include <stddef.h>

#include "iio_chan.h"

typedef struct tpr_iio_capture tpr_iio_capture;

/* Enable the n channels of dev, create a buffer of c->iio_buffer_samples,
 * start the thread and wait (up to timeout_ms) for the first sample.
 * Returns NULL with err (prefixed by who) on failure. */
tpr_iio_capture *tpr_iio_capture_start(struct iio_device *dev, const tpr_iio_chan *ch, uint32_t n,
                                       const tpr_system_config *c, unsigned timeout_ms,
                                       const char *who, char *err, size_t errlen);

/* The newest sample into *value: 1 new, 0 nothing new since the last call,
 * or the negative errno of the last refill when it failed. Never blocks. */
int tpr_iio_capture_newest(tpr_iio_capture *cap, double *value);

/* Stop the thread (cancelling a refill in progress) and free the buffer. */
void tpr_iio_capture_stop(tpr_iio_capture *cap);

#endif
