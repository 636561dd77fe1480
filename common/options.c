#include "options.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "line_spec.h"

int tpr_option_index(const tpr_option_table *t, const char *section, const char *key)
{
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->opt[i].section, section) == 0 && strcmp(t->opt[i].key, key) == 0)
            return (int)i;
    return -1;
}

static void *field(const tpr_option *o, void *base)
{
    return (char *)base + o->offset;
}

static const void *cfield(const tpr_option *o, const void *base)
{
    return (const char *)base + o->offset;
}

/* The unit a numeric option is written in (a fraction is written in %). */
static tpr_unit_kind written_unit(const tpr_option *o)
{
    return o->type == TPR_OPT_FRACTION ? TPR_UNIT_PERCENT : o->unit;
}

static int set_number(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    tpr_unit_kind kind = written_unit(o);
    char why[160];
    double v;
    if (tpr_unit_parse(value, kind, &v, why, sizeof(why))) {
        snprintf(err, errlen, "%s: %s", o->key, why);
        return -1;
    }
    if (v < o->min || v > o->max) {
        char val[32], lim[32];
        tpr_unit_format(v, kind, val, sizeof(val));
        tpr_unit_format(v < o->min ? o->min : o->max, kind, lim, sizeof(lim));
        snprintf(err, errlen, "%s: %s is %s the %s %s", o->key, val, v < o->min ? "below" : "above",
                 v < o->min ? "minimum" : "maximum", lim);
        return -1;
    }
    void *p = field(o, base);
    switch (o->type) {
    case TPR_OPT_FLOAT:
        *(float *)p = (float)v;
        break;
    case TPR_OPT_DOUBLE:
        *(double *)p = v;
        break;
    case TPR_OPT_UINT:
        *(uint32_t *)p = (uint32_t)llround(v);
        break;
    default: /* TPR_OPT_FRACTION */
        *(float *)p = (float)(v / 100.0);
        break;
    }
    return 0;
}

static int set_bool(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(value, yes[i]) == 0 || strcasecmp(value, no[i]) == 0) {
            *(bool *)field(o, base) = strcasecmp(value, yes[i]) == 0;
            return 0;
        }
    }
    snprintf(err, errlen, "%s: '%s' is not true or false", o->key, value);
    return -1;
}

/* Copy text (n bytes) into a buffer of size bytes, or complain. */
static int copy_text(const tpr_option *o, char *dst, size_t size, const char *text, size_t n,
                     char *err, size_t errlen)
{
    if (n == 0) {
        snprintf(err, errlen, "%s: missing value", o->key);
        return -1;
    }
    if (n >= size) {
        snprintf(err, errlen, "%s: '%.*s' is longer than %zu characters", o->key, (int)n, text,
                 size - 1);
        return -1;
    }
    memcpy(dst, text, n);
    dst[n] = '\0';
    return 0;
}

static int set_string(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    char tmp[512];
    if (copy_text(o, tmp, o->size < sizeof(tmp) ? o->size : sizeof(tmp), value, strlen(value), err,
                  errlen))
        return -1;
    memcpy(field(o, base), tmp, strlen(tmp) + 1);
    return 0;
}

static int set_enum(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    for (int i = 0; o->choices[i]; i++) {
        if (strcmp(o->choices[i], value) == 0) {
            *(int *)field(o, base) = i;
            return 0;
        }
    }
    size_t n = (size_t)snprintf(err, errlen, "%s: '%s' is not one of ", o->key, value);
    for (int i = 0; o->choices[i] && n < errlen; i++)
        n += (size_t)snprintf(err + n, errlen - n, "%s%s", i ? ", " : "", o->choices[i]);
    return -1;
}

static int set_line(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    tpr_line_cfg *line = field(o, base);
    tpr_line_cfg l = {.offset = -1, .active_low = line->active_low};
    const char *colon = strchr(value, ':');
    if (strcmp(value, "none") == 0) {
        *line = l;
        return 0;
    }
    l.used = true;
    if (!colon) {
        if (copy_text(o, l.name, sizeof(l.name), value, strlen(value), err, errlen))
            return -1;
    } else {
        double off;
        char why[128];
        if (copy_text(o, l.chip, sizeof(l.chip), value, (size_t)(colon - value), err, errlen))
            return -1;
        if (tpr_unit_parse(colon + 1, TPR_UNIT_COUNT, &off, why, sizeof(why)) || off > 4095) {
            snprintf(err, errlen, "%s: bad line offset in '%s' (expected gpiochipN:OFFSET)", o->key,
                     value);
            return -1;
        }
        l.offset = (int)off;
    }
    *line = l;
    return 0;
}

static int set_list(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    char items[16][64];
    uint32_t count = 0;
    for (const char *p = value;; p++) {
        size_t n = strcspn(p, ",");
        const char *end = p + n;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        size_t len = (size_t)(end - p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (count >= (uint32_t)o->max || count >= 16) {
            snprintf(err, errlen, "%s: more than %.0f items", o->key, o->max);
            return -1;
        }
        if (copy_text(o, items[count], o->size < 64 ? o->size : 64, p, len, err, errlen))
            return -1;
        for (uint32_t i = 0; i < count; i++) {
            if (strcmp(items[i], items[count]) == 0) {
                snprintf(err, errlen, "%s: '%s' is listed twice", o->key, items[i]);
                return -1;
            }
        }
        count++;
        if (!*end)
            break;
        p = end;
    }
    for (uint32_t i = 0; i < count; i++)
        memcpy((char *)field(o, base) + i * o->size, items[i], strlen(items[i]) + 1);
    *(uint32_t *)((char *)base + o->aux) = count;
    return 0;
}

int tpr_option_set(const tpr_option *o, void *base, const char *value, char *err, size_t errlen)
{
    switch (o->type) {
    case TPR_OPT_BOOL:
        return set_bool(o, base, value, err, errlen);
    case TPR_OPT_STRING:
        return set_string(o, base, value, err, errlen);
    case TPR_OPT_ENUM:
        return set_enum(o, base, value, err, errlen);
    case TPR_OPT_LINE:
        return set_line(o, base, value, err, errlen);
    case TPR_OPT_LIST:
        return set_list(o, base, value, err, errlen);
    default:
        return set_number(o, base, value, err, errlen);
    }
}

/* "contact, band_min, ..." for an unknown-key message. */
static void list_keys(const tpr_option_table *t, const char *section, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->count && n < len; i++)
        if (strcmp(t->opt[i].section, section) == 0)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", t->opt[i].key);
}

int tpr_options_set_key(const tpr_option_table *t, const char *section, const char *key,
                        const char *value, void *base, int *seen, int line, char *err,
                        size_t errlen)
{
    int i = tpr_option_index(t, section, key);
    if (i < 0) {
        char known[256];
        list_keys(t, section, known, sizeof(known));
        snprintf(err, errlen, "unknown key '%s' (known: %s)", key, known);
        return -1;
    }
    if (seen[i]) {
        snprintf(err, errlen, "duplicate key '%s' (first set on line %d)", key, seen[i]);
        return -1;
    }
    if (tpr_option_set(&t->opt[i], base, value, err, errlen))
        return -1;
    seen[i] = line;
    return 0;
}

int tpr_options_set_defaults(const tpr_option_table *t, void *base, char *err, size_t errlen)
{
    for (size_t i = 0; i < t->count; i++)
        if (t->opt[i].def && tpr_option_set(&t->opt[i], base, t->opt[i].def, err, errlen))
            return -1;
    return 0;
}

double tpr_option_number(const tpr_option *o, const void *base)
{
    const void *p = cfield(o, base);
    switch (o->type) {
    case TPR_OPT_FLOAT:
        return *(const float *)p;
    case TPR_OPT_DOUBLE:
        return *(const double *)p;
    case TPR_OPT_UINT:
        return *(const uint32_t *)p;
    default: /* TPR_OPT_FRACTION */
        return *(const float *)p * 100.0;
    }
}

static void format_list(const tpr_option *o, const void *base, char *buf, size_t len)
{
    uint32_t count = *(const uint32_t *)((const char *)base + o->aux);
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < count && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
                              (const char *)cfield(o, base) + i * o->size);
    if (!count)
        snprintf(buf, len, "(not set)");
}

void tpr_option_format(const tpr_option *o, const void *base, char *buf, size_t len)
{
    const void *p = cfield(o, base);
    switch (o->type) {
    case TPR_OPT_BOOL:
        snprintf(buf, len, "%s", *(const bool *)p ? "true" : "false");
        return;
    case TPR_OPT_STRING:
        snprintf(buf, len, "%s", *(const char *)p ? (const char *)p : "(not set)");
        return;
    case TPR_OPT_ENUM:
        snprintf(buf, len, "%s", o->choices[*(const int *)p]);
        return;
    case TPR_OPT_LINE: {
        const tpr_line_cfg *l = p;
        if (!l->used)
            snprintf(buf, len, "none");
        else if (l->chip[0])
            snprintf(buf, len, "%s:%d", l->chip, l->offset);
        else
            snprintf(buf, len, "%s", l->name);
        return;
    }
    case TPR_OPT_LIST:
        format_list(o, base, buf, len);
        return;
    default: {
        double v = tpr_option_number(o, base);
        if (v == 0.0 && (v < o->min || v > o->max))
            snprintf(buf, len, "(not set)");
        else
            tpr_unit_format(v, written_unit(o), buf, len);
    }
    }
}

/* What a value may be: units and range, or the choices. */
static void describe_values(const tpr_option *o, char *buf, size_t len)
{
    tpr_unit_kind kind = written_unit(o);
    char lo[32], hi[32];
    switch (o->type) {
    case TPR_OPT_BOOL:
        snprintf(buf, len, "true or false");
        return;
    case TPR_OPT_STRING:
        snprintf(buf, len, "text, up to %zu characters", o->size - 1);
        return;
    case TPR_OPT_ENUM: {
        size_t n = (size_t)snprintf(buf, len, "one of: ");
        for (int i = 0; o->choices[i] && n < len; i++)
            n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", o->choices[i]);
        return;
    }
    case TPR_OPT_LINE:
        snprintf(buf, len, "gpiochipN:OFFSET, a line name (GPIO17), or none");
        return;
    case TPR_OPT_LIST:
        snprintf(buf, len, "comma-separated list of %.0f to %.0f names", o->min, o->max);
        return;
    default:
        tpr_unit_format(o->min, kind, lo, sizeof(lo));
        tpr_unit_format(o->max, kind, hi, sizeof(hi));
        if (*tpr_unit_list(kind))
            snprintf(buf, len, "%s .. %s (%s; a plain number is %s)", lo, hi, tpr_unit_list(kind),
                     strrchr(hi, ' ') + 1);
        else
            snprintf(buf, len, "%s .. %s%s", lo, hi,
                     kind == TPR_UNIT_COUNT ? ", whole number" : "");
    }
}

void tpr_option_print(FILE *f, const tpr_option *o, const void *defaults)
{
    char def[128], values[160];
    describe_values(o, values, sizeof(values));
    if (defaults) {
        tpr_option_format(o, defaults, def, sizeof(def));
        fprintf(f, "  %s = %s\n", o->key, def);
    } else {
        fprintf(f, "  %s\n", o->key);
    }
    fprintf(f, "      %s.\n      %s\n", o->help, values);
}

void tpr_options_print(FILE *f, const tpr_option_table *t, const void *defaults)
{
    const char *section = NULL;
    fprintf(f, "%s\n", t->title);
    for (size_t i = 0; i < t->count; i++) {
        const tpr_option *o = &t->opt[i];
        if (!section || strcmp(section, o->section) != 0) {
            section = o->section;
            fprintf(f, "\n[%s]\n", section);
        }
        tpr_option_print(f, o, defaults);
    }
}
