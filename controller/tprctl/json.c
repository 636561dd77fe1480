#include "json.h"

#include <math.h>

#include "number.h"
#include "text.h"

void tprctl_json_init(tprctl_json *j, FILE *f)
{
    *j = (tprctl_json){.f = f};
}

/* A JSON string that is valid UTF-8 whatever is stored: quotes,
 * backslashes and every control (C0, DEL, C1) escaped, each byte that is
 * not well-formed UTF-8 written as U+FFFD. */
static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    while (*s) {
        size_t plain = tpr_text_plain_span(s);
        for (size_t i = 0; i < plain; i++) {
            if (s[i] == '"' || s[i] == '\\')
                fputc('\\', f);
            fputc(s[i], f);
        }
        s += plain;
        if (!*s)
            break;
        int32_t code;
        s += tpr_text_unsafe(s, &code);
        if (code == '\n')
            fputs("\\n", f);
        else if (code == '\t')
            fputs("\\t", f);
        else if (code == '\r')
            fputs("\\r", f);
        else
            fprintf(f, "\\u%04x", code < 0 ? 0xfffd : (unsigned)code);
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
