#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tprctl.h"

/* Messages quote names from the database, which may hold anything: they
 * are shown escaped, never obeyed by the terminal. */
static void vreport(const char *fmt, va_list ap)
{
    char msg[2048];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    fputs("tprctl: ", stderr);
    tpr_text_fputs(msg, stderr);
    fputc('\n', stderr);
}

int tprctl_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    return TPRCTL_ERR;
}

int tprctl_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fmt, ap);
    va_end(ap);
    fputs("Try 'tprctl --help'.\n", stderr);
    return TPRCTL_USAGE;
}

bool tprctl_parse_id(const char *s, int64_t *id)
{
    if (*s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v <= 0)
        return false;
    *id = v;
    return true;
}

void *tprctl_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        tprctl_fail("out of memory");
        exit(TPRCTL_ERR);
    }
    return q;
}

char *tprctl_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(tprctl_xrealloc(NULL, n), s, n);
}
