/* Tables for the terminal: cells are collected first so that every column
 * is as wide as its widest cell (counted in characters, not bytes). */
#ifndef TPRCTL_TABLE_H
#define TPRCTL_TABLE_H

#include <stdio.h>

typedef struct tprctl_table tprctl_table;

/* A table with ncols columns; align holds one letter a column, 'l' or 'r'. */
tprctl_table *tprctl_table_new(const char *const *headers, const char *align);

/* Append one cell to the current row (printf-style; control bytes are
 * shown as \xNN); a row is full after ncols cells and the next cell starts
 * a new one. */
void tprctl_table_cell(tprctl_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print the header and the rows, two spaces between columns, no trailing blanks. */
void tprctl_table_print(const tprctl_table *t, FILE *f);

void tprctl_table_free(tprctl_table *t);

#endif
