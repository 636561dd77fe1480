/* Running gnuplot: forked and executed directly (no shell), the script
 * written to its standard input, data inline as datablocks. */
#ifndef TPRCTL_GNUPLOT_H
#define TPRCTL_GNUPLOT_H

#include <stdio.h>
#include <sys/types.h>

typedef struct tprctl_gnuplot {
    FILE *script; /* write the script here */
    pid_t pid;
    const char *output;
} tprctl_gnuplot;

/* Start gnuplot ($TPRCTL_GNUPLOT, or gnuplot from PATH) and write the
 * preamble: a PNG terminal of width x height (pngcairo when the build has
 * it, else png) writing to output. Returns 0, or -1 after a message. */
int tprctl_gnuplot_start(tprctl_gnuplot *g, const char *output, int width, int height);

/* Close the script, wait for gnuplot and check that it wrote a PNG; on
 * failure the output is removed. Returns an exit status. */
int tprctl_gnuplot_finish(tprctl_gnuplot *g);

/* Write s as a gnuplot string literal: single quotes (no escapes inside),
 * quotes doubled, control characters as spaces. */
void tprctl_gnuplot_string(FILE *f, const char *s);

#endif
