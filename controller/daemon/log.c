#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void tpr_log(tpr_log_level level, const char *fmt, ...)
{
    static const char *const prefix[] = {"error: ", "warning: ", ""};
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    /* One write per line so lines from two threads never interleave. */
    fprintf(stderr, "tprd: %s%s\n", prefix[level], line);
}
