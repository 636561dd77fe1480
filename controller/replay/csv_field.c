#include "csv_field.h"

#include <string.h>

static char *skip_blanks(char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

void tpr_csv_start(tpr_csv_cursor *c, char *line)
{
    c->p = line;
    c->done = false;
}

/* A quoted field: from after the opening quote to the closing one, with ""
 * standing for a quote inside. Leaves c->p after the closing quote. */
static tpr_csv_status take_quoted(tpr_csv_cursor *c, tpr_field *f)
{
    char *p = c->p + 1;
    f->s = p;
    for (;;) {
        p = strchr(p, '"');
        if (!p)
            return TPR_CSV_UNTERMINATED;
        if (p[1] != '"')
            break;
        p += 2;
    }
    f->e = p;
    c->p = skip_blanks(p + 1);
    if (*c->p != ',' && *c->p != '\0')
        return TPR_CSV_AFTER_QUOTE;
    return TPR_CSV_FIELD;
}

tpr_csv_status tpr_csv_next(tpr_csv_cursor *c, tpr_field *f)
{
    if (c->done)
        return TPR_CSV_END;
    c->p = skip_blanks(c->p);
    if (*c->p == '"') {
        tpr_csv_status st = take_quoted(c, f);
        if (st != TPR_CSV_FIELD)
            return st;
    } else {
        char *p = c->p;
        f->s = p;
        while (*p != ',' && *p != '\0')
            p++;
        c->p = p;
        while (p > f->s && (p[-1] == ' ' || p[-1] == '\t'))
            p--;
        f->e = p;
    }
    if (*c->p == '\0')
        c->done = true;
    else
        c->p++; /* the comma */
    return TPR_CSV_FIELD;
}

bool tpr_field_is(const tpr_field *f, const char *name)
{
    size_t len = strlen(name);
    return (size_t)(f->e - f->s) == len && memcmp(f->s, name, len) == 0;
}
