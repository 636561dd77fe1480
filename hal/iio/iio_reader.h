/* The IIO device behind the pressure tip, one level below calibration:
 * the configured channels of one device, read and combined (sum or max)
 * into one reading in the config's cal_unit (raw counts, or volts after the
 * kernel's scale and offset). Every read that can block (an attribute
 * read is an I2C transfer in the ADC's driver, or a round trip to iiod; a
 * refill waits for the device) happens in a reader thread of its own
 * (sampler.h), polled or buffered alike; the control loop only takes the
 * newest reading with the time it was read. The pressure backend reads
 * through it, and hands its readings to `tprd calibrate` as read_raw.
 */
#ifndef TPR_IIO_READER_H
#define TPR_IIO_READER_H

#include <stddef.h>
#include <stdint.h>

#include "iio_options.h"
#include "sampler.h"

typedef struct tpr_iio_reader tpr_iio_reader;

/* Open the [pressure] device of o: context from o->uri, device by name,
 * input channels by id, their scale and offset (volt), in buffered mode
 * the buffer; then start the reader thread with so (polled: one read a
 * so->period_us; buffered: refill after refill) and wait for its first
 * sample. A polled first reading is taken here too, so that an unreadable
 * channel fails by name. Returns NULL with err naming config_path (unless
 * empty), the uri, device and channel on failure. */
tpr_iio_reader *tpr_iio_reader_open(const tpr_iio_options *o, const char *config_path,
                                    const tpr_sampler_opts *so, char *err, size_t errlen);

/* Take the newest combined reading into *value and the time it was read
 * into *t_us. Returns 1 for a reading not returned before, 0 when nothing
 * new has arrived since the last call (both untouched), or a negative errno
 * when a newer read failed (*t_us its time). Never blocks. */
int tpr_iio_reader_read(tpr_iio_reader *r, double *value, int64_t *t_us);

/* Stop capturing and free everything; NULL is allowed. */
void tpr_iio_reader_close(tpr_iio_reader *r);

#endif
