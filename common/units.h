/* Values with units in configuration files: "250 kPa", "2.5 kgf/cm2",
 * "30 s", "15 %", "25 kHz". Each key has a kind; a value is converted to the
 * kind's canonical unit, and a plain number is read in the kind's plain unit. */
#ifndef TPR_UNITS_H
#define TPR_UNITS_H

#include <stddef.h>

typedef enum tpr_unit_kind {
    TPR_UNIT_NUMBER,        /* any finite number, no unit (calibration) */
    TPR_UNIT_COUNT,         /* whole number >= 0, no unit */
    TPR_UNIT_PRESSURE,      /* kPa; also N/cm2, kgf/cm2; plain = kPa */
    TPR_UNIT_SECONDS,       /* ms; also s; plain = s */
    TPR_UNIT_MILLISECONDS,  /* ms; also s; plain = ms */
    TPR_UNIT_PERCENT,       /* %; plain = % */
    TPR_UNIT_SLEW,          /* %/s; plain = %/s */
    TPR_UNIT_PRESSURE_RATE, /* kPa/s; also N/cm2/s; plain = kPa/s */
    TPR_UNIT_AREA,          /* cm2; also mm2; plain = cm2 */
    TPR_UNIT_FREQUENCY,     /* Hz; also kHz; plain = Hz */
    TPR_UNIT_FORCE,         /* N; also kgf, and kg, g as weights; plain = N */
    TPR_UNIT_PERIOD,        /* ns; also us, ms, s, or a frequency Hz, kHz; plain = ns */
    TPR_UNIT_KIND_COUNT
} tpr_unit_kind;

/* Parse text as a value of kind into *out (canonical unit). Returns 0, or
 * -1 with a message naming the problem in err (empty, not a number, not
 * finite, too large, fraction for a count, trailing text, unit of another
 * quantity). Surrounding whitespace and whitespace before the unit are allowed. */
int tpr_unit_parse(const char *text, tpr_unit_kind kind, double *out, char *err, size_t errlen);

/* Write a canonical value in the kind's plain unit ("30 s", "450 kPa"). */
void tpr_unit_format(double value, tpr_unit_kind kind, char *buf, size_t len);

/* The units accepted for kind, for help ("kPa, N/cm2, kgf/cm2"); "" when
 * only a plain number is accepted. */
const char *tpr_unit_list(tpr_unit_kind kind);

#endif
