/* A small, strict JSON reader and writer for one flat object per line: the
 * members are strings (valid UTF-8, with every JSON escape), numbers,
 * true/false, null
 * and arrays of strings; nested objects, other arrays, duplicate keys and
 * anything after the object are errors.
 *
 * Conventions: nothing allocates; the parsed strings live in the parser's
 * own pool (never longer than the line, which bounds them). Errors are -1
 * with "column N: message" in err.
 */
#ifndef TPR_JSON_FLAT_H
#define TPR_JSON_FLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPR_JSON_MAX_MEMBERS 64 /* a snapshot has 54, room for more */
#define TPR_JSON_MAX_ITEMS 32   /* strings in one array */
#define TPR_JSON_MAX_LINE 4096  /* longest line read */

typedef enum tpr_json_type {
    TPR_JSON_STRING,
    TPR_JSON_NUMBER,
    TPR_JSON_BOOL,
    TPR_JSON_NULL,
    TPR_JSON_ARRAY, /* of strings */
} tpr_json_type;

typedef struct tpr_json_member {
    const char *key;
    tpr_json_type type;
    const char *str; /* STRING: the value; ARRAY: the first item */
    double num;      /* NUMBER */
    bool b;          /* BOOL */
    uint32_t items;  /* ARRAY: how many (each NUL-terminated, one after the other) */
} tpr_json_member;

typedef struct tpr_json_object {
    tpr_json_member m[TPR_JSON_MAX_MEMBERS];
    uint32_t count;
    char pool[TPR_JSON_MAX_LINE + 1];
} tpr_json_object;

/* Parse line (n bytes, surrounding white space allowed) into o. */
int tpr_json_parse(const char *line, size_t n, tpr_json_object *o, char *err, size_t errlen);

/* The member named key, or NULL. */
const tpr_json_member *tpr_json_get(const tpr_json_object *o, const char *key);

/* The item after item in an array member. */
const char *tpr_json_next_item(const char *item);

/* A line being written into a fixed buffer: "{" ... "}\n". Once something
 * does not fit, overflow stays set and tpr_json_out_end returns 0. */
typedef struct tpr_json_out {
    char *buf;
    size_t len, n;
    bool overflow;
    bool first;
} tpr_json_out;

void tpr_json_out_begin(tpr_json_out *w, char *buf, size_t len);
void tpr_json_out_str(tpr_json_out *w, const char *key, const char *s);
void tpr_json_out_int(tpr_json_out *w, const char *key, int64_t v);
/* A real with decimals digits after the point; NaN or infinity as null. */
void tpr_json_out_real(tpr_json_out *w, const char *key, double v, int decimals);
void tpr_json_out_bool(tpr_json_out *w, const char *key, bool v);
/* An array of count strings. */
void tpr_json_out_strs(tpr_json_out *w, const char *key, const char *const *s, uint32_t count);
/* Close the object and end the line. Returns its length, or 0 on overflow. */
size_t tpr_json_out_end(tpr_json_out *w);

#endif
