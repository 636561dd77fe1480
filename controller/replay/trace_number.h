/* Reading the numbers of a trace row: exact, and fast for the way traces
 * are usually written (integer milliseconds, kPa with a few decimals). */
#ifndef TPR_TRACE_NUMBER_H
#define TPR_TRACE_NUMBER_H

#include <stdint.h>

/* Why a time could not be read. */
typedef enum tpr_time_error {
    TPR_TIME_OK,
    TPR_TIME_EMPTY,    /* no text */
    TPR_TIME_NEGATIVE, /* starts with '-' */
    TPR_TIME_SYNTAX,   /* not digits with an optional decimal point */
    TPR_TIME_RANGE,    /* more than 15 integer digits */
} tpr_time_error;

/* Read the milliseconds in [s, e) ("1500", "1500.25") as microseconds,
 * rounded to the nearest microsecond. */
tpr_time_error tpr_parse_time_ms(const char *s, const char *e, int64_t *t_us);

/* What a pressure field holds. */
typedef enum tpr_kpa_status {
    TPR_KPA_OK,          /* a decimal number, in *kpa */
    TPR_KPA_FAILED_READ, /* empty, nan or err: the sensor gave no value */
    TPR_KPA_SYNTAX,      /* anything else: hexadecimal, inf, junk around a number */
    TPR_KPA_RANGE,       /* a decimal number too large for a float */
} tpr_kpa_status;

/* Read the pressure in [s, e) as the float nearest to the decimal text (the
 * same value strtof gives). Only decimal numbers are read (sign, digits,
 * point, exponent). *e must be writable: it is borrowed for a NUL
 * terminator on the slow path and restored. */
tpr_kpa_status tpr_parse_kpa(char *s, char *e, float *kpa);

#endif
