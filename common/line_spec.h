/* One GPIO line as a config names it: a value type shared by the option
 * tables (common/options.c parses and prints it) and the line layer
 * (hal/gpio/line.h requests it), so that neither needs the other. */
#ifndef TPR_LINE_SPEC_H
#define TPR_LINE_SPEC_H

#include <stdbool.h>

/* A chip and an offset, or a line name looked up on any chip. */
typedef struct tpr_line_cfg {
    bool used;     /* false: not wired */
    char chip[32]; /* "gpiochip0"; empty when looked up by name */
    int offset;    /* line offset on chip, -1 when looked up by name */
    char name[32]; /* line name ("GPIO17"), empty when given by offset */
    bool active_low;
} tpr_line_cfg;

#endif
