/* A small JSON writer for --json: nested objects and arrays, one member a
 * line, strings escaped (quotes, backslashes, control characters), numbers
 * that are not finite written as null. Where a function takes a key, pass
 * NULL inside an array. */
#ifndef TPRCTL_JSON_H
#define TPRCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define TPRCTL_JSON_DEPTH 8 /* deepest nesting */

typedef struct tprctl_json {
    FILE *f;
    int depth;
    bool empty[TPRCTL_JSON_DEPTH]; /* nothing written yet at this depth */
    char kind[TPRCTL_JSON_DEPTH];  /* '{' or '[' opened at this depth */
} tprctl_json;

/* Start writing one JSON value to f. */
void tprctl_json_init(tprctl_json *j, FILE *f);

/* Open or close an object or an array; the last close ends the line. */
void tprctl_json_object(tprctl_json *j, const char *key);
void tprctl_json_array(tprctl_json *j, const char *key);
void tprctl_json_end(tprctl_json *j);

/* Members: a string (NULL writes null), an integer, a real, a boolean, null. */
void tprctl_json_str(tprctl_json *j, const char *key, const char *s);
void tprctl_json_int(tprctl_json *j, const char *key, int64_t v);
void tprctl_json_real(tprctl_json *j, const char *key, double v);
void tprctl_json_bool(tprctl_json *j, const char *key, bool v);
void tprctl_json_null(tprctl_json *j, const char *key);

#endif
