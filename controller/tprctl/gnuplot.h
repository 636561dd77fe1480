/* Running gnuplot: forked and executed directly (no shell), the script
 * written to its standard input, data inline as datablocks, the picture
 * drawn on its standard output into an unnamed temporary file and copied
 * to the output only once it is known to be a PNG. */
#ifndef TPRCTL_GNUPLOT_H
#define TPRCTL_GNUPLOT_H

#include <stdio.h>
#include <sys/types.h>

#include "output.h"

typedef struct tprctl_gnuplot {
    FILE *script; /* write the script here */
    pid_t pid;
    FILE *png;         /* gnuplot's standard output: an unnamed temporary file */
    tprctl_output out; /* where the picture goes */
} tprctl_gnuplot;

/* Open output (output.h), start gnuplot ($TPRCTL_GNUPLOT, or gnuplot from
 * PATH) and write the preamble: a PNG terminal of width x height (pngcairo
 * when the build has it, else png). Returns an exit status (a message on
 * failure). */
int tprctl_gnuplot_start(tprctl_gnuplot *g, const char *output, int width, int height);

/* Close the script and wait for gnuplot. When status (the caller's own,
 * e.g. reading the data) is TPRCTL_OK and gnuplot drew a PNG, the picture
 * goes to the output; otherwise the output stays as it was. Returns an
 * exit status. */
int tprctl_gnuplot_finish(tprctl_gnuplot *g, int status);

/* Write s as a gnuplot string literal: single quotes (no escapes inside),
 * quotes doubled, control characters as spaces. */
void tprctl_gnuplot_string(FILE *f, const char *s);

#endif
