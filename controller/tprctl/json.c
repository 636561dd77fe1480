#include "json.h"

#include <math.h>

#include "number.h"

void tprctl_json_init(tprctl_json *j, FILE *f)
{
    *j = (tprctl_json){.f = f};
}

static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* Separator, indentation and key before a value. */
static void member(tprctl_json *j, const char *key)
{
    if (j->depth > 0) {
        fputs(j->empty[j->depth] ? "\n" : ",\n", j->f);
        j->empty[j->depth] = false;
        fprintf(j->f, "%*s", 2 * j->depth, "");
    }
    if (key) {
        quoted(j->f, key);
        fputs(": ", j->f);
    }
}

static void open(tprctl_json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->f);
    j->kind[j->depth] = c;
    j->depth++;
    j->empty[j->depth] = true;
}

void tprctl_json_object(tprctl_json *j, const char *key)
{
    open(j, key, '{');
}

void tprctl_json_array(tprctl_json *j, const char *key)
{
    open(j, key, '[');
}

void tprctl_json_end(tprctl_json *j)
{
    bool was_empty = j->empty[j->depth];
    j->depth--;
    if (!was_empty)
        fprintf(j->f, "\n%*s", 2 * j->depth, "");
    fputc(j->kind[j->depth] == '{' ? '}' : ']', j->f);
    if (j->depth == 0)
        fputc('\n', j->f);
}

void tprctl_json_str(tprctl_json *j, const char *key, const char *s)
{
    member(j, key);
    if (s)
        quoted(j->f, s);
    else
        fputs("null", j->f);
}

void tprctl_json_int(tprctl_json *j, const char *key, int64_t v)
{
    member(j, key);
    fprintf(j->f, "%lld", (long long)v);
}

void tprctl_json_real(tprctl_json *j, const char *key, double v)
{
    member(j, key);
    char buf[40];
    fputs(isfinite(v) ? tprctl_format_real(buf, sizeof(buf), v) : "null", j->f);
}

void tprctl_json_bool(tprctl_json *j, const char *key, bool v)
{
    member(j, key);
    fputs(v ? "true" : "false", j->f);
}

void tprctl_json_null(tprctl_json *j, const char *key)
{
    member(j, key);
    fputs("null", j->f);
}
