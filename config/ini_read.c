#include "ini_read.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini_syntax.h"
#include "text.h"
#include "text_file.h"

void tpr_ini_error(char *err, size_t errlen, const char *origin, int line, const char *fmt, ...)
{
    int n = line > 0 ? snprintf(err, errlen, "%s:%d: ", origin, line)
                     : snprintf(err, errlen, "%s: ", origin);
    if (n < 0 || (size_t)n >= errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* [s, e) as a string in buf, which holds a whole line. */
static const char *copy(char *buf, const char *s, const char *e)
{
    memcpy(buf, s, (size_t)(e - s));
    buf[e - s] = '\0';
    return buf;
}

/* Hand one line to the callbacks. Returns 0, or -1 with a message in msg. */
static int line_to_callbacks(const tpr_ini_callbacks *cb, void *user, int line, const char *s,
                             const char *end, char *section, char *msg, size_t msglen)
{
    char key[TPR_INI_MAX_LINE + 1], value[TPR_INI_MAX_LINE + 1];
    tpr_ini_line l;
    switch (tpr_ini_split(s, end, &l)) {
    case TPR_INI_EMPTY:
        return 0;
    case TPR_INI_SECTION:
        copy(section, l.name, l.name_end);
        return cb->section ? cb->section(user, line, section, msg, msglen) : 0;
    case TPR_INI_SETTING:
        return cb->key(user, line, section, copy(key, l.name, l.name_end),
                       copy(value, l.value, l.value_end), msg, msglen);
    default:
        snprintf(msg, msglen, "syntax error: expected '[section]' or 'key = value'");
        return -1;
    }
}

static int parse(const char *text, const char *origin, const tpr_ini_callbacks *cb, void *user,
                 char *err, size_t errlen)
{
    char section[TPR_INI_MAX_LINE + 1] = "", msg[256];
    int line = 0;
    for (const char *s = text; *s;) {
        line++;
        const char *eol = strchr(s, '\n');
        const char *end = eol ? eol : s + strlen(s);
        if (line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3; /* a UTF-8 byte order mark */
        size_t len = (size_t)(end - s) - (end > s && end[-1] == '\r');
        if (len > TPR_INI_MAX_LINE) {
            tpr_ini_error(err, errlen, origin, line,
                          "line longer than %d bytes (the longest a line may be)",
                          TPR_INI_MAX_LINE);
            return -1;
        }
        if (line_to_callbacks(cb, user, line, s, end, section, msg, sizeof(msg))) {
            tpr_ini_error(err, errlen, origin, line, "%s", msg);
            return -1;
        }
        s = eol ? eol + 1 : end;
    }
    line = 0;
    if (cb->finish && cb->finish(user, &line, msg, sizeof(msg))) {
        tpr_ini_error(err, errlen, origin, line, "%s", msg);
        return -1;
    }
    return 0;
}

int tpr_ini_read(const char *origin, const char *path, const char *text,
                 const tpr_ini_callbacks *cb, void *user, char *err, size_t errlen)
{
    if (!path)
        return tpr_text_check(origin, text, strlen(text), err, errlen)
                   ? -1
                   : parse(text, origin, cb, user, err, errlen);
    char *file;
    size_t len;
    if (tpr_text_file_read(path, TPR_TEXT_FILE_MAX, &file, &len, err, errlen))
        return -1;
    int rc = parse(file, origin, cb, user, err, errlen);
    free(file);
    return rc;
}
