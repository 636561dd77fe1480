/* Pressure from a force sensor behind an IIO ADC (hal backend):
 * newtons = (reading - cal_zero) * cal_scale, with the reading in cal_unit
 * (raw counts or volts, see iio_reader.h), and kPa = N / tip_area_cm2 * 10.
 */
#ifndef TPR_IIO_PRESSURE_H
#define TPR_IIO_PRESSURE_H

#include <stddef.h>

#include "hal.h"
#include "iio_options.h"
#include "sampler.h"

/* Open the device o describes, its reader thread running with so
 * (iio_reader.h), and fill p. p->read never blocks: it gives the newest
 * reading the thread handed over, with t_us the time it was read; with
 * nothing new it keeps the previous sample and its t_us (the core's stale
 * check ages it); a failed read gives a sample with ok = false until a
 * good one follows. p->read_raw gives the reading in cal_unit (for
 * calibration; it shares p->read's notion of "new"). Returns 0, or -1 with
 * err naming config_path, the uri, device and channel. */
int tpr_iio_open(tpr_pressure *p, const tpr_iio_options *o, float tip_area_cm2,
                 const char *config_path, const tpr_sampler_opts *so, char *err, size_t errlen);

/* Convert a reading in cal_unit to kPa with o's calibration and the tip area. */
double tpr_iio_kpa(const tpr_iio_options *o, float tip_area_cm2, double reading);

#endif
