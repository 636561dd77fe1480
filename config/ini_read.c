#include "ini_read.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ini.h>

typedef struct reader {
    FILE *f;          /* source file, or NULL to read text */
    const char *text; /* rest of the source string */
    int line;         /* number of the line last handed to inih */
    const tpr_ini_callbacks *cb;
    void *user;
    bool failed; /* a callback or the reader reported an error */
    char msg[256];
} reader;

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

/* One line of the source into buf; false at the end or when it does not
 * fit (then r->failed is set). */
static bool fetch_line(reader *r, char *buf, int size)
{
    size_t cap = (size_t)size - 1;
    if (r->f) {
        if (!fgets(buf, size, r->f))
            return false;
        size_t n = strlen(buf);
        if (n == cap && buf[n - 1] != '\n') {
            int c = getc(r->f);
            if (c != EOF) {
                ungetc(c, r->f);
                n = cap + 1; /* too long */
            }
        }
        if (n <= cap)
            return true;
    } else {
        if (!*r->text)
            return false;
        size_t n = strcspn(r->text, "\n");
        n += r->text[n] == '\n';
        if (n <= cap) {
            memcpy(buf, r->text, n);
            buf[n] = '\0';
            r->text += n;
            return true;
        }
    }
    r->line++;
    snprintf(r->msg, sizeof(r->msg), "line longer than %zu characters", cap - 1);
    r->failed = true;
    return false;
}

/* inih's line reader: count lines, drop leading whitespace (and a UTF-8
 * byte order mark) and report section headers. */
static char *read_line(char *buf, int size, void *stream)
{
    reader *r = stream;
    if (r->failed || !fetch_line(r, buf, size))
        return NULL;
    r->line++;
    char *s = buf;
    if (r->line == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    while (isspace((unsigned char)*s) && *s != '\n')
        s++;
    memmove(buf, s, strlen(s) + 1);
    char *end = buf[0] == '[' ? strchr(buf, ']') : NULL;
    if (end && r->cb->section) {
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)(end - buf - 1), buf + 1);
        if (r->cb->section(r->user, r->line, name, r->msg, sizeof(r->msg))) {
            r->failed = true;
            return NULL;
        }
    }
    return buf;
}

static int on_key(void *user, const char *section, const char *key, const char *value)
{
    reader *r = user;
    if (r->failed)
        return 0;
    if (r->cb->key(r->user, r->line, section, key, value, r->msg, sizeof(r->msg))) {
        r->failed = true;
        return 0;
    }
    return 1;
}

/* Run inih over the source described by r. */
static int parse(reader *r, const char *origin, char *err, size_t errlen)
{
    int rc = ini_parse_stream(read_line, r, on_key, r);
    /* rc is inih's first failing line: a syntax error before ours wins. */
    if (r->failed && !(rc > 0 && rc < r->line)) {
        tpr_ini_error(err, errlen, origin, r->line, "%s", r->msg);
        return -1;
    }
    if (rc != 0) {
        tpr_ini_error(err, errlen, origin, rc,
                      "syntax error: expected '[section]' or 'key = value'");
        return -1;
    }
    int line = 0;
    if (r->cb->finish && r->cb->finish(r->user, &line, r->msg, sizeof(r->msg))) {
        tpr_ini_error(err, errlen, origin, line, "%s", r->msg);
        return -1;
    }
    return 0;
}

int tpr_ini_read(const char *origin, const char *path, const char *text,
                 const tpr_ini_callbacks *cb, void *user, char *err, size_t errlen)
{
    reader r = {.text = text, .cb = cb, .user = user};
    if (!path)
        return parse(&r, origin, err, errlen);
    r.f = fopen(path, "r");
    if (!r.f) {
        tpr_ini_error(err, errlen, origin, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    int rc = parse(&r, origin, err, errlen);
    fclose(r.f);
    return rc;
}
