/* Reading the numbers of a trace row: exact, and fast for the way traces
 * are usually written (integer milliseconds, kPa with a few decimals). */
#ifndef TPR_TRACE_NUMBER_H
#define TPR_TRACE_NUMBER_H

#include <stdbool.h>
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

/* Read the pressure in [s, e) as the float nearest to the decimal text (the
 * same value strtof gives). *e must be writable: it is borrowed for a NUL
 * terminator on the slow path and restored. Returns false for text that is
 * not a number, including an empty field and "nan". */
bool tpr_parse_kpa(char *s, char *e, float *kpa);

#endif
