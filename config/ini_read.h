/* Reading INI files (grammar in ini_syntax.h) with the line number of each
 * setting and with section headers reported even for empty sections.
 * Shared by the user profile and system config readers. */
#ifndef TPR_INI_READ_H
#define TPR_INI_READ_H

#include <stddef.h>

/* Longest line, in bytes without its line end: 16 muscle names of 31
 * characters in a "muscles =" list fit with room to spare. */
#define TPR_INI_MAX_LINE 1024

typedef struct tpr_ini_callbacks {
    /* A "[section]" header on line. Return 0, or -1 with a message in msg. */
    int (*section)(void *user, int line, const char *section, char *msg, size_t msglen);
    /* A "key = value" line inside section ("" before any header). */
    int (*key)(void *user, int line, const char *section, const char *key, const char *value,
               char *msg, size_t msglen);
    /* After the last line: checks of the whole file. Return 0, or -1 with
     * the line to blame (0: none) in *line and a message in msg. */
    int (*finish)(void *user, int *line, char *msg, size_t msglen);
} tpr_ini_callbacks;

/* Parse the file at path, or the string text when path is NULL; origin
 * names the source in messages. Stops at the first error and writes
 * "origin:line: message" into err (a file that cannot be opened, is not a
 * regular file or is larger than TPR_TEXT_FILE_MAX is named).
 * A line longer than TPR_INI_MAX_LINE is an error. Returns 0 or -1. */
int tpr_ini_read(const char *origin, const char *path, const char *text,
                 const tpr_ini_callbacks *cb, void *user, char *err, size_t errlen);

/* Write "origin:line: message" into err, or "origin: message" for line 0. */
void tpr_ini_error(char *err, size_t errlen, const char *origin, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
