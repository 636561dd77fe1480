#include "ini_syntax.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* The first of chars, or an inline ';' comment after whitespace, or end. */
static const char *find_stop(const char *s, const char *end, const char *chars)
{
    bool was_space = false;
    for (; s < end && !(chars && strchr(chars, *s)) && !(was_space && *s == ';'); s++)
        was_space = isspace((unsigned char)*s);
    return s;
}

static const char *skip_blank(const char *s, const char *end)
{
    while (s < end && isspace((unsigned char)*s))
        s++;
    return s;
}

static const char *trim_end(const char *start, const char *end)
{
    while (end > start && isspace((unsigned char)end[-1]))
        end--;
    return end;
}

tpr_ini_line_kind tpr_ini_split(const char *s, const char *end, tpr_ini_line *l)
{
    memset(l, 0, sizeof(*l));
    s = skip_blank(s, end);
    if (s == end || *s == ';' || *s == '#')
        return TPR_INI_EMPTY;
    if (*s == '[') {
        const char *close = find_stop(s + 1, end, "]");
        if (close == end || *close != ']')
            return TPR_INI_BAD;
        l->name = s + 1;
        l->name_end = close;
        /* Nothing but an inline comment after the ']'. */
        const char *after = close + 1;
        return trim_end(after, find_stop(after, end, NULL)) == after ? TPR_INI_SECTION
                                                                     : TPR_INI_BAD;
    }
    const char *sep = find_stop(s, end, "=:");
    if (sep == end || (*sep != '=' && *sep != ':'))
        return TPR_INI_BAD;
    l->name = s;
    l->name_end = trim_end(s, sep);
    l->value = skip_blank(sep + 1, end);
    l->value_end = trim_end(l->value, find_stop(l->value, end, NULL));
    return TPR_INI_SETTING;
}
