#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tprctl.h"

struct tprctl_table {
    size_t ncols;
    const char *align;
    char **cells; /* row-major; the first row is the header */
    size_t count;
};

/* Characters in a UTF-8 string: continuation bytes take no column. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void add(tprctl_table *t, char *cell)
{
    t->cells = tprctl_xrealloc(t->cells, (t->count + 1) * sizeof(*t->cells));
    t->cells[t->count++] = cell;
}

tprctl_table *tprctl_table_new(const char *const *headers, const char *align)
{
    tprctl_table *t = tprctl_xrealloc(NULL, sizeof(*t));
    *t = (tprctl_table){.ncols = strlen(align), .align = align};
    for (size_t i = 0; i < t->ncols; i++)
        add(t, tprctl_xstrdup(headers[i]));
    return t;
}

void tprctl_table_cell(tprctl_table *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = tprctl_xrealloc(NULL, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(text, (size_t)n + 1, fmt, ap);
    va_end(ap);
    size_t len = tpr_text_escape(NULL, 0, text);
    char *cell = tprctl_xrealloc(NULL, len + 1);
    tpr_text_escape(cell, len + 1, text);
    free(text);
    add(t, cell);
}

void tprctl_table_print(const tprctl_table *t, FILE *f)
{
    size_t *w = tprctl_xrealloc(NULL, t->ncols * sizeof(*w));
    memset(w, 0, t->ncols * sizeof(*w));
    for (size_t i = 0; i < t->count; i++) {
        size_t cw = width(t->cells[i]);
        if (cw > w[i % t->ncols])
            w[i % t->ncols] = cw;
    }
    for (size_t i = 0; i < t->count; i++) {
        size_t col = i % t->ncols;
        size_t pad = w[col] - width(t->cells[i]);
        bool last = col == t->ncols - 1 || i == t->count - 1;
        if (t->align[col] == 'r')
            fprintf(f, "%*s", (int)pad, "");
        fputs(t->cells[i], f);
        if (t->align[col] != 'r' && !last)
            fprintf(f, "%*s", (int)pad, "");
        fputs(last ? "\n" : "  ", f);
    }
    free(w);
}

void tprctl_table_free(tprctl_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}
