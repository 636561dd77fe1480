#include "text.h"

#include <stdbool.h>
#include <stdio.h>

size_t tpr_text_find_control(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        bool allowed = c == '\t' || c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n');
        if ((c < 0x20 && !allowed) || c == 0x7f)
            return i;
    }
    return len;
}

void tpr_text_control_message(char *msg, size_t msglen, unsigned char c, size_t column)
{
    snprintf(msg, msglen,
             "control byte 0x%02x at column %zu (not shown by an editor; only tab, and CR "
             "before a line break, are allowed)",
             c, column);
}

int tpr_text_check(const char *origin, const char *s, size_t len, char *err, size_t errlen)
{
    size_t at = tpr_text_find_control(s, len);
    if (at == len)
        return 0;
    int line = 1;
    size_t start = 0;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n') {
            line++;
            start = i + 1;
        }
    }
    char msg[160];
    tpr_text_control_message(msg, sizeof(msg), (unsigned char)s[at], at - start + 1);
    snprintf(err, errlen, "%s:%d: %s", origin, line, msg);
    return -1;
}

static bool continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Length of the well-formed multi-byte UTF-8 character at p (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
    unsigned char c = p[0];
    /* Allowed range of the second byte, which rules out the bad forms. */
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if (p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (!continuation(p[i]))
            return 0;
    return n;
}

/* An encoded C1 control: U+0080..U+009F is C2 80..C2 9F. */
static bool c1_control(const unsigned char *p)
{
    return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

/* Length of the character at p, and whether a terminal shows it as is. */
static size_t next_char(const unsigned char *p, bool *plain)
{
    *plain = true;
    if (p[0] >= 0x20 && p[0] < 0x7f)
        return 1;
    size_t n = p[0] >= 0x80 && !c1_control(p) ? utf8_len(p) : 0;
    if (n)
        return n;
    *plain = false;
    return c1_control(p) ? 2 : 1;
}

size_t tpr_text_plain_span(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    bool plain;
    for (size_t n; p[i] && (n = next_char(p + i, &plain), plain);)
        i += n;
    return i;
}

size_t tpr_text_unsafe(const char *s, int32_t *code)
{
    const unsigned char *p = (const unsigned char *)s;
    bool plain;
    size_t n = next_char(p, &plain);
    *code = n == 2 ? p[1] : p[0] < 0x80 ? p[0] : -1;
    return n;
}

size_t tpr_text_escape(char *out, size_t outlen, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t need = 0;
    size_t end = 0; /* where the terminator goes: after the last piece that fits */
    bool fits = outlen > 0;
    while (*p) {
        bool plain;
        size_t n = next_char(p, &plain);
        size_t piece = plain ? n : 4 * n;
        fits = fits && need + piece < outlen;
        if (fits) {
            for (size_t i = 0; i < n; i++) {
                if (plain)
                    out[need + i] = (char)p[i];
                else
                    snprintf(out + need + 4 * i, 5, "\\x%02x", p[i]);
            }
            end = need + piece;
        }
        need += piece;
        p += n;
    }
    if (outlen > 0)
        out[end] = '\0';
    return need;
}

size_t tpr_text_put_unsafe(const char *s, FILE *f)
{
    int32_t code;
    size_t n = tpr_text_unsafe(s, &code);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "\\x%02x", (unsigned char)s[i]);
    return n;
}

void tpr_text_fputs(const char *s, FILE *f)
{
    while (*s) {
        size_t plain = tpr_text_plain_span(s);
        fwrite(s, 1, plain, f);
        s += plain;
        if (*s)
            s += tpr_text_put_unsafe(s, f);
    }
}
