#include "json_flat.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest number accepted, in characters: more digits than a double holds. */
#define NUMBER_MAX 40

typedef struct parser {
    const char *s;
    size_t n, i;
    tpr_json_object *o;
    size_t used; /* bytes of o->pool in use */
    char *err;
    size_t errlen;
} parser;

static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(parser *p, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(p->err, p->errlen, "column %zu: %s", p->i + 1, msg);
    return -1;
}

static bool at_end(const parser *p)
{
    return p->i >= p->n;
}

static char peek(const parser *p)
{
    return at_end(p) ? '\0' : p->s[p->i];
}

static void skip_space(parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\r' || peek(p) == '\n')
        p->i++;
}

static void put(parser *p, char c)
{
    /* The pool is one byte longer than the longest line and no string
     * grows when unescaped, so this cannot overflow (see tpr_json_parse). */
    p->o->pool[p->used++] = c;
}

static int hex4(parser *p, unsigned *v)
{
    *v = 0;
    for (int k = 0; k < 4; k++) {
        char c = peek(p);
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return fail(p, "\\u needs four hexadecimal digits");
        *v = *v << 4 | d;
        p->i++;
    }
    return 0;
}

static void put_utf8(parser *p, unsigned cp)
{
    if (cp < 0x80) {
        put(p, (char)cp);
    } else if (cp < 0x800) {
        put(p, (char)(0xc0 | cp >> 6));
        put(p, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        put(p, (char)(0xe0 | cp >> 12));
        put(p, (char)(0x80 | (cp >> 6 & 0x3f)));
        put(p, (char)(0x80 | (cp & 0x3f)));
    } else {
        put(p, (char)(0xf0 | cp >> 18));
        put(p, (char)(0x80 | (cp >> 12 & 0x3f)));
        put(p, (char)(0x80 | (cp >> 6 & 0x3f)));
        put(p, (char)(0x80 | (cp & 0x3f)));
    }
}

/* After the backslash of "\u": one code point, a surrogate pair whole. */
static int unicode_escape(parser *p)
{
    unsigned cp;
    if (hex4(p, &cp) < 0)
        return -1;
    if (cp == 0)
        return fail(p, "\\u0000 is not accepted in a string");
    if (cp >= 0xdc00 && cp <= 0xdfff)
        return fail(p, "lone low surrogate in \\u escape");
    if (cp >= 0xd800 && cp <= 0xdbff) {
        unsigned lo;
        if (peek(p) != '\\' || p->i + 1 >= p->n || p->s[p->i + 1] != 'u')
            return fail(p, "high surrogate not followed by a low one");
        p->i += 2;
        if (hex4(p, &lo) < 0)
            return -1;
        if (lo < 0xdc00 || lo > 0xdfff)
            return fail(p, "high surrogate not followed by a low one");
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    put_utf8(p, cp);
    return 0;
}

static int escape(parser *p)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    char c = peek(p);
    if (c == 'u') {
        p->i++;
        return unicode_escape(p);
    }
    const char *k = c ? strchr(from, c) : NULL;
    if (!k)
        return fail(p, "unknown escape \\%c", c >= 0x20 && c < 0x7f ? c : '?');
    put(p, to[k - from]);
    p->i++;
    return 0;
}

/* Length of the well-formed UTF-8 sequence at s[0..n), or 0 when it is
 * not one (stray continuation byte, overlong form, surrogate, > U+10FFFF). */
static size_t utf8_length(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        lo = s[0] == 0xe0 ? 0xa0 : 0x80;
        hi = s[0] == 0xed ? 0x9f : 0xbf;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        lo = s[0] == 0xf0 ? 0x90 : 0x80;
        hi = s[0] == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return len;
}

/* A string at p->i, unescaped into the pool; *out points to it. */
static int string(parser *p, const char **out)
{
    if (peek(p) != '"')
        return fail(p, "expected a string");
    p->i++;
    *out = p->o->pool + p->used;
    for (;;) {
        if (at_end(p))
            return fail(p, "unterminated string");
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(p, "control character in a string");
        if (c == '\\') {
            p->i++;
            if (escape(p) < 0)
                return -1;
            continue;
        }
        size_t len = c < 0x80 ? 1 : utf8_length((const unsigned char *)p->s + p->i, p->n - p->i);
        if (len == 0)
            return fail(p, "invalid UTF-8 in a string");
        for (size_t k = 0; k < len; k++)
            put(p, p->s[p->i++]);
    }
    p->i++;
    put(p, '\0');
    return 0;
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

static void digits(parser *p)
{
    while (digit(peek(p)))
        p->i++;
}

/* A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number(parser *p, double *v)
{
    size_t start = p->i;
    if (peek(p) == '-')
        p->i++;
    if (peek(p) == '0')
        p->i++;
    else if (digit(peek(p)))
        digits(p);
    else
        return fail(p, "malformed number");
    if (peek(p) == '.') {
        p->i++;
        if (!digit(peek(p)))
            return fail(p, "malformed number: digits must follow '.'");
        digits(p);
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        p->i++;
        if (peek(p) == '+' || peek(p) == '-')
            p->i++;
        if (!digit(peek(p)))
            return fail(p, "malformed number: digits must follow the exponent");
        digits(p);
    }
    size_t len = p->i - start;
    if (len > NUMBER_MAX)
        return fail(p, "number longer than %d characters", NUMBER_MAX);
    char text[NUMBER_MAX + 1];
    memcpy(text, p->s + start, len);
    text[len] = '\0';
    *v = strtod(text, NULL);
    if (!isfinite(*v))
        return fail(p, "number out of range");
    return 0;
}

static int literal(parser *p, const char *word)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
        return fail(p, "unexpected character '%c'", peek(p) >= 0x20 ? peek(p) : '?');
    p->i += len;
    return 0;
}

static int array(parser *p, tpr_json_member *m)
{
    p->i++; /* '[' */
    m->type = TPR_JSON_ARRAY;
    m->str = p->o->pool + p->used;
    m->items = 0;
    skip_space(p);
    if (peek(p) == ']') {
        p->i++;
        return 0;
    }
    for (;;) {
        skip_space(p);
        if (peek(p) != '"')
            return fail(p, "arrays hold strings only");
        if (m->items == TPR_JSON_MAX_ITEMS)
            return fail(p, "more than %d items in an array", TPR_JSON_MAX_ITEMS);
        const char *item;
        if (string(p, &item) < 0)
            return -1;
        m->items++;
        skip_space(p);
        if (peek(p) == ']') {
            p->i++;
            return 0;
        }
        if (peek(p) != ',')
            return fail(p, "expected ',' or ']' in an array");
        p->i++;
    }
}

static int value(parser *p, tpr_json_member *m)
{
    char c = peek(p);
    if (c == '"') {
        m->type = TPR_JSON_STRING;
        return string(p, &m->str);
    }
    if (c == '-' || digit(c)) {
        m->type = TPR_JSON_NUMBER;
        return number(p, &m->num);
    }
    if (c == '[')
        return array(p, m);
    if (c == '{')
        return fail(p, "nested objects are not accepted");
    if (c == 't' || c == 'f') {
        m->type = TPR_JSON_BOOL;
        m->b = c == 't';
        return literal(p, m->b ? "true" : "false");
    }
    if (c == 'n') {
        m->type = TPR_JSON_NULL;
        return literal(p, "null");
    }
    if (at_end(p))
        return fail(p, "value missing at the end of the line");
    return fail(p, "unexpected character '%c'", c >= 0x20 && c < 0x7f ? c : '?');
}

static int member(parser *p)
{
    tpr_json_object *o = p->o;
    if (o->count == TPR_JSON_MAX_MEMBERS)
        return fail(p, "more than %d members", TPR_JSON_MAX_MEMBERS);
    tpr_json_member *m = &o->m[o->count];
    *m = (tpr_json_member){0};
    size_t key_at = p->i;
    if (string(p, &m->key) < 0)
        return -1;
    if (tpr_json_get(o, m->key)) {
        p->i = key_at;
        return fail(p, "duplicate member \"%.40s\"", m->key);
    }
    skip_space(p);
    if (peek(p) != ':')
        return fail(p, "expected ':' after the key");
    p->i++;
    skip_space(p);
    if (value(p, m) < 0)
        return -1;
    o->count++;
    return 0;
}

int tpr_json_parse(const char *line, size_t n, tpr_json_object *o, char *err, size_t errlen)
{
    parser p = {.s = line, .n = n, .o = o, .err = err, .errlen = errlen};
    o->count = 0;
    if (n > TPR_JSON_MAX_LINE)
        return fail(&p, "line longer than %d bytes", TPR_JSON_MAX_LINE);
    if (memchr(line, '\0', n))
        return fail(&p, "NUL byte in the line");
    skip_space(&p);
    if (peek(&p) != '{')
        return fail(&p, at_end(&p) ? "empty line" : "expected '{'");
    p.i++;
    skip_space(&p);
    if (peek(&p) == '}') {
        p.i++;
    } else {
        for (;;) {
            skip_space(&p);
            if (member(&p) < 0)
                return -1;
            skip_space(&p);
            if (peek(&p) == '}') {
                p.i++;
                break;
            }
            if (peek(&p) != ',')
                return fail(&p, "expected ',' or '}' after a member");
            p.i++;
        }
    }
    skip_space(&p);
    if (!at_end(&p))
        return fail(&p, "text after the object");
    return 0;
}

const tpr_json_member *tpr_json_get(const tpr_json_object *o, const char *key)
{
    for (uint32_t i = 0; i < o->count; i++)
        if (strcmp(o->m[i].key, key) == 0)
            return &o->m[i];
    return NULL;
}

const char *tpr_json_next_item(const char *item)
{
    return item + strlen(item) + 1;
}

static void out_raw(tpr_json_out *w, const char *s, size_t len)
{
    if (w->overflow || w->len - w->n <= len) { /* keep room for the NUL */
        w->overflow = true;
        return;
    }
    memcpy(w->buf + w->n, s, len);
    w->n += len;
    w->buf[w->n] = '\0';
}

static void out_quoted(tpr_json_out *w, const char *s)
{
    out_raw(w, "\"", 1);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        char esc[8];
        if (*c == '"' || *c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*c;
            out_raw(w, esc, 2);
        } else if (*c < 0x20 || *c == 0x7f) {
            snprintf(esc, sizeof(esc), "\\u%04x", *c);
            out_raw(w, esc, 6);
        } else {
            out_raw(w, (const char *)c, 1);
        }
    }
    out_raw(w, "\"", 1);
}

static void out_key(tpr_json_out *w, const char *key)
{
    if (!w->first)
        out_raw(w, ",", 1);
    w->first = false;
    out_quoted(w, key);
    out_raw(w, ":", 1);
}

void tpr_json_out_begin(tpr_json_out *w, char *buf, size_t len)
{
    *w = (tpr_json_out){.buf = buf, .len = len, .first = true};
    out_raw(w, "{", 1);
}

void tpr_json_out_str(tpr_json_out *w, const char *key, const char *s)
{
    out_key(w, key);
    out_quoted(w, s);
}

void tpr_json_out_int(tpr_json_out *w, const char *key, int64_t v)
{
    char num[24];
    int len = snprintf(num, sizeof(num), "%lld", (long long)v);
    out_key(w, key);
    out_raw(w, num, (size_t)len);
}

void tpr_json_out_real(tpr_json_out *w, const char *key, double v, int decimals)
{
    char num[48];
    int len = isfinite(v) ? snprintf(num, sizeof(num), "%.*f", decimals, v) : -1;
    out_key(w, key);
    if (len < 0 || (size_t)len >= sizeof(num))
        out_raw(w, "null", 4);
    else
        out_raw(w, num, (size_t)len);
}

void tpr_json_out_bool(tpr_json_out *w, const char *key, bool v)
{
    out_key(w, key);
    out_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void tpr_json_out_strs(tpr_json_out *w, const char *key, const char *const *s, uint32_t count)
{
    out_key(w, key);
    out_raw(w, "[", 1);
    for (uint32_t i = 0; i < count; i++) {
        if (i)
            out_raw(w, ",", 1);
        out_quoted(w, s[i]);
    }
    out_raw(w, "]", 1);
}

size_t tpr_json_out_end(tpr_json_out *w)
{
    out_raw(w, "}\n", 2);
    return w->overflow ? 0 : w->n;
}
