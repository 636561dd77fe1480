/* Reading INI files with inih, with the line numbers that Debian's inih
 * does not hand to its callback, and with section headers reported even
 * for empty sections. Shared by the user profile and system config readers. */
#ifndef TPR_INI_READ_H
#define TPR_INI_READ_H

#include <stddef.h>
#include <stdio.h>

typedef struct tpr_ini_callbacks {
    /* A "[section]" header on line. Return 0, or -1 with a message in msg. */
    int (*section)(void *user, int line, const char *section, char *msg, size_t msglen);
    /* A "key = value" line inside section ("" before any header). */
    int (*key)(void *user, int line, const char *section, const char *key, const char *value,
               char *msg, size_t msglen);
} tpr_ini_callbacks;

/* Parse an open file (f) or, when f is NULL, the string text. Stops at the
 * first error and writes "origin:line: message" into err. Leading whitespace
 * on a line is ignored (no multi-line values). Returns 0 or -1. */
int tpr_ini_read(const char *origin, FILE *f, const char *text, const tpr_ini_callbacks *cb,
                 void *user, char *err, size_t errlen);

/* Read the file at path; a file that cannot be opened is an error naming it. */
int tpr_ini_read_file(const char *path, const tpr_ini_callbacks *cb, void *user, char *err,
                      size_t errlen);

/* Write "origin:line: message" into err, or "origin: message" for line 0. */
void tpr_ini_error(char *err, size_t errlen, const char *origin, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
