/* The system (device) configuration: /etc/tprd/tprd.conf by default.
 * Hardware wiring, calibration, loop rate and where data lives. Every field
 * has a default that runs the daemon on the simulated device. */
#ifndef TPR_SYSTEM_CONFIG_H
#define TPR_SYSTEM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"
#include "tpr_types.h"

#define TPR_SYSTEM_CONFIG_DEFAULT "/etc/tprd/tprd.conf"
#define TPR_MAX_CHANNELS 4

typedef enum tpr_pressure_backend { TPR_PRESSURE_SIM, TPR_PRESSURE_IIO } tpr_pressure_backend;
typedef enum tpr_motor_backend { TPR_MOTOR_SIM, TPR_MOTOR_PWM } tpr_motor_backend;
typedef enum tpr_combine { TPR_COMBINE_SUM, TPR_COMBINE_MAX } tpr_combine;
typedef enum tpr_iio_mode { TPR_IIO_POLLED, TPR_IIO_BUFFERED } tpr_iio_mode;
/* What the calibration's zero and scale refer to. */
typedef enum tpr_cal_unit {
    TPR_CAL_RAW,  /* raw ADC counts */
    TPR_CAL_VOLT, /* volts, after the kernel's scale and offset */
} tpr_cal_unit;

/* One GPIO line: a chip and an offset, or a line name looked up on any chip. */
typedef struct tpr_line_cfg {
    bool used;     /* false: not wired */
    char chip[32]; /* "gpiochip0"; empty when looked up by name */
    int offset;    /* line offset on chip, -1 when looked up by name */
    char name[32]; /* line name ("GPIO17"), empty when given by offset */
    bool active_low;
} tpr_line_cfg;

typedef struct tpr_system_config {
    char path[256]; /* file it was read from; empty for built-in defaults */

    /* [device] */
    float tip_area_cm2; /* area of the tip: kPa = N / area * 10 */
    tpr_core_cfg core;  /* rate, sensor range, fault timings, slew */

    /* [pressure] */
    tpr_pressure_backend pressure;
    char iio_uri[128];                      /* "local:" or "ip:HOST" */
    char iio_device[64];                    /* IIO device name ("ads1115") */
    char iio_channel[TPR_MAX_CHANNELS][32]; /* channel ids ("voltage0") */
    uint32_t iio_channels;
    tpr_combine combine;
    tpr_iio_mode iio_mode;
    uint32_t iio_buffer_samples; /* samples per buffer refill (buffered mode) */
    tpr_cal_unit cal_unit;
    double cal_zero;  /* reading with nothing on the tip, in cal_unit */
    double cal_scale; /* newtons per cal_unit */

    /* [motor] */
    tpr_motor_backend motor;
    char pwm_root[128];   /* "/sys/class/pwm", overridable for tests */
    uint32_t pwm_chip;    /* pwmchipN */
    uint32_t pwm_channel; /* pwmN */
    uint32_t pwm_period_ns;
    float min_duty_pct;  /* smallest duty that actually spins the motor */
    tpr_line_cfg enable; /* motor enable line (pull-down on the board) */

    /* [buttons] */
    tpr_line_cfg start_pause;
    tpr_line_cfg next;
    uint32_t debounce_ms;
    bool buttons_active_low; /* copied into start_pause and next */

    /* [indicators] */
    tpr_line_cfg led;
    tpr_line_cfg buzzer;
    bool indicators_active_low; /* copied into led and buzzer */

    /* [paths] */
    char data_dir[256];     /* session database lives here */
    char profiles_dir[256]; /* user profiles: NAME.ini */
    char socket_path[256];  /* control socket */

    /* [store] */
    uint32_t trace_rate_hz;   /* trace kept at this rate; 0: the loop rate */
    uint32_t keep_trace_days; /* traces of older sessions are pruned; 0: forever */
    uint32_t keep_trace_mb;   /* all traces together at most this (10^6 bytes); 0: no cap */
} tpr_system_config;

/* Every key of the system config, its default and range. */
extern const tpr_option_table tpr_system_options;

/* Fill c with the built-in defaults (simulated device). */
void tpr_system_config_default(tpr_system_config *c);

/* Read path into c (starting from the defaults). Returns 0, or -1 with a
 * "file:line: message" in err (unknown section or key, bad value or unit,
 * duplicate key, out of range, or settings that do not fit together such
 * as backend = iio without a device); c is unchanged on error. */
int tpr_system_config_load(const char *path, tpr_system_config *c, char *err, size_t errlen);

/* Same from a string; origin names it in error messages. */
int tpr_system_config_parse(const char *text, const char *origin, tpr_system_config *c, char *err,
                            size_t errlen);

/* Print the system config reference (part of tprd --help-config). */
void tpr_system_config_help(FILE *f);

#endif
