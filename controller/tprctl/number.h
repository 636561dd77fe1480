/* Numbers written so that reading them back gives the stored value exactly,
 * with no more digits than that needs (201.5, not 201.500000). */
#ifndef TPRCTL_NUMBER_H
#define TPRCTL_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

/* The shortest decimal form of f that reads back as the same float; NaN
 * and infinities as "nan", "inf", "-inf". Returns buf. */
char *tprctl_format_float(char *buf, size_t len, float f);

/* Same for a double: a value that is exactly a float (the recorder stores
 * floats) gets the float's shortest form. Returns buf. */
char *tprctl_format_real(char *buf, size_t len, double v);

#endif
