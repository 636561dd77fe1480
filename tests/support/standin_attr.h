/* Regular files standing in for sysfs attributes (the PWM motor's rigs):
 * one written whole, one read back as sysfs would give it. */
#ifndef TPR_TEST_STANDIN_ATTR_H
#define TPR_TEST_STANDIN_ATTR_H

#include <stdio.h>
#include <stdlib.h>

/* Write text as dir/name. Returns 0, or -1 with errno. */
static inline int standin_put(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int bad = fputs(text, f) < 0;
    return fclose(f) || bad ? -1 : 0;
}

/* The number on dir/name's first line; -1 when it has none, -2 when the
 * file cannot be read. */
static inline long standin_get(const char *dir, const char *name)
{
    char path[256], buf[32] = "";
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return -2;
    char *ok = fgets(buf, sizeof(buf), f);
    fclose(f);
    return ok && buf[0] >= '0' && buf[0] <= '9' ? strtol(buf, NULL, 10) : -1;
}

#endif
