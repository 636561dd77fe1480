/* Writing the file -o names without ever destroying what is there: a
 * regular file (or a new one) is written as a temporary file in the same
 * directory and renamed over the target only when complete; a device or a
 * FIFO is written to directly, as a stream. The only file ever removed is
 * the temporary one tprctl made. */
#ifndef TPRCTL_OUTPUT_H
#define TPRCTL_OUTPUT_H

#include <limits.h>
#include <stdio.h>

typedef struct tprctl_output {
    const char *path;      /* as -o gave it, for messages */
    char target[PATH_MAX]; /* what the temporary file replaces (symlinks resolved) */
    char tmp[PATH_MAX];    /* the temporary file; "" when streaming to a device or FIFO */
    FILE *f;               /* write here */
} tprctl_output;

/* Open path for writing. Returns TPRCTL_OK, or TPRCTL_ERR after a message
 * naming path (a directory, a missing directory, no permission). */
int tprctl_output_open(tprctl_output *o, const char *path);

/* Close o. When status is TPRCTL_OK and every write reached the disk (or
 * the device), the temporary file replaces the target; otherwise it is
 * removed and the target stays as it was. Returns status, or TPRCTL_ERR
 * after "PATH: write error: REASON". */
int tprctl_output_close(tprctl_output *o, int status);

#endif
