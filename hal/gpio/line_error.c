/* Naming lines in error messages; shared by both libgpiod implementations. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "line.h"

void tpr_line_describe(const tpr_line_cfg *cfg, char *buf, size_t len)
{
    if (cfg->chip[0])
        snprintf(buf, len, "%s:%d", cfg->chip, cfg->offset);
    else
        snprintf(buf, len, "%s", cfg->name);
}

int tpr_line_fail(const tpr_line_cfg *cfg, const char *who, const char *what, int errnum, char *err,
                  size_t errlen)
{
    char line[80];
    if (!errnum)
        errnum = EIO;
    tpr_line_describe(cfg, line, sizeof(line));
    snprintf(err, errlen, "%s %s: %s: %s", who, line, what, strerror(errnum));
    return -errnum;
}

void tpr_line_who(char *buf, size_t len, const char *config_path, const char *section,
                  const char *key)
{
    snprintf(buf, len, "%s: [%s] %s", config_path[0] ? config_path : "built-in config", section,
             key);
}
