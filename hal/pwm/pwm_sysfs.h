/* The sysfs PWM files (Documentation/driver-api/pwm.rst): pwmchipN/export,
 * pwmchipN/pwmM/{period,duty_cycle,enable}. Values are decimal nanoseconds
 * or 0/1, written with a trailing newline. */
#ifndef TPR_PWM_SYSFS_H
#define TPR_PWM_SYSFS_H

#include <stddef.h>
#include <stdint.h>

/* Export channel of the chip in chip_dir unless chan_dir exists, then wait
 * up to about a second for chan_dir's files to become writable (udev may
 * still be setting their group). Returns 0 or a negative errno, with err
 * naming the file. */
int tpr_pwm_export(const char *chip_dir, uint32_t channel, const char *chan_dir, char *err,
                   size_t errlen);

/* Write value to the file dir/name (open, write, close: for set-up only).
 * Returns 0 or a negative errno, with err naming the file. */
int tpr_pwm_write_file(const char *dir, const char *name, uint32_t value, char *err, size_t errlen);

/* Write value to an open attribute file at offset 0: one write, no
 * allocation (for the control loop). Returns 0 or a negative errno. */
int tpr_pwm_write_fd(int fd, uint32_t value);

#endif
