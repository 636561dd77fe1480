/* The IIO device behind the pressure tip, one level below calibration:
 * the configured channels of one device, read and combined (sum or max)
 * into one reading in the config's cal_unit (raw counts, or volts after the
 * kernel's scale and offset). The pressure backend and `tprd calibrate`
 * both read through it.
 */
#ifndef TPR_IIO_READER_H
#define TPR_IIO_READER_H

#include <stddef.h>

#include "system_config.h"

typedef struct tpr_iio_reader tpr_iio_reader;

/* Open the [pressure] device of c: context from c->iio_uri, device by name,
 * input channels by id, their scale and offset (volt), and in buffered mode
 * a capture thread that waits for the first buffer. A first reading is
 * taken so that an unreadable channel fails here. Returns NULL with err
 * naming the uri, device and channel on failure. */
tpr_iio_reader *tpr_iio_reader_open(const tpr_system_config *c, char *err, size_t errlen);

/* Take the newest combined reading into *value. Returns 1 for a reading not
 * returned before, 0 when nothing new has arrived since the last call
 * (buffered mode; *value untouched), or a negative errno when the device
 * failed. Polled mode reads each channel's raw attribute now; buffered mode
 * never blocks (the capture thread hands over the newest sample). */
int tpr_iio_reader_read(tpr_iio_reader *r, double *value);

/* Stop capturing and free everything; NULL is allowed. */
void tpr_iio_reader_close(tpr_iio_reader *r);

#endif
