/* Pressure from a force sensor behind an IIO ADC (hal backend):
 * newtons = (reading - cal_zero) * cal_scale, with the reading in cal_unit
 * (raw counts or volts, see iio_reader.h), and kPa = N / tip_area_cm2 * 10.
 */
#ifndef TPR_IIO_PRESSURE_H
#define TPR_IIO_PRESSURE_H

#include <stddef.h>

#include "hal.h"
#include "system_config.h"

/* Open the [pressure] device c describes and fill p. p->read never blocks
 * on the device in buffered mode, and in polled mode reads each channel's
 * raw attribute once; a failed read gives a sample with ok = false, a
 * buffered read with nothing new keeps the previous sample and its t_us.
 * Returns 0, or -1 with err naming the uri, device and channel. */
int tpr_iio_open(tpr_pressure *p, const tpr_system_config *c, char *err, size_t errlen);

/* Convert a reading in cal_unit to kPa with c's calibration and tip area. */
double tpr_iio_kpa(const tpr_system_config *c, double reading);

#endif
