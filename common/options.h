/* Option tables: every key of a configuration file declared once, with its
 * type, unit, the field it fills, its default, its range and a line of help.
 * Parsing, range checks, error messages and the printed reference
 * (tprd --help-config) all come from the table. */
#ifndef TPR_OPTIONS_H
#define TPR_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "units.h"

typedef enum tpr_opt_type {
    TPR_OPT_FLOAT,    /* float, value with a unit */
    TPR_OPT_DOUBLE,   /* double, value with a unit */
    TPR_OPT_UINT,     /* uint32_t, value with a unit, rounded */
    TPR_OPT_FRACTION, /* float 0..1, written as a percentage */
    TPR_OPT_BOOL,     /* bool: true/false, yes/no, on/off, 1/0 */
    TPR_OPT_STRING,   /* char[size], not empty */
    TPR_OPT_ENUM,     /* int-sized enum, value = index of the name in choices */
    TPR_OPT_LINE,     /* tpr_line_cfg (line_spec.h): "gpiochipN:OFFSET", a name, or "none" */
    TPR_OPT_LIST,     /* comma list into char[max][size]; uint32_t count at aux */
} tpr_opt_type;

typedef struct tpr_option {
    const char *section; /* "device"; "muscle.NAME" for a family of sections */
    const char *key;
    tpr_opt_type type;
    tpr_unit_kind unit;         /* numeric types */
    size_t offset;              /* of the field in the struct the section fills */
    size_t size;                /* STRING: buffer size; LIST: size of one item */
    size_t aux;                 /* LIST: offset of the uint32_t item count */
    double min, max;            /* numeric: canonical units; LIST: number of items */
    const char *const *choices; /* ENUM: NULL-terminated names */
    const char *def;            /* default as written in a file; NULL: set elsewhere */
    const char *help;
} tpr_option;

/* Rows of a table over the struct T, one macro per kind of value. */
#define TPR_ROW_NUM(T, sec, key, type, unit, field, lo, hi, def, help)                             \
    {                                                                                              \
        sec, key, type, unit, offsetof(T, field), 0, 0, lo, hi, NULL, def, help                    \
    }
#define TPR_ROW_TEXT(T, sec, key, field, def, help)                                                \
    {                                                                                              \
        sec, key, TPR_OPT_STRING, TPR_UNIT_NUMBER, offsetof(T, field), sizeof(((T *)0)->field), 0, \
            0, 0, NULL, def, help                                                                  \
    }
#define TPR_ROW_CHOICE(T, sec, key, field, names, def, help)                                       \
    {                                                                                              \
        sec, key, TPR_OPT_ENUM, TPR_UNIT_NUMBER, offsetof(T, field), 0, 0, 0, 0, names, def, help  \
    }
#define TPR_ROW_FLAG(T, sec, key, field, def, help)                                                \
    {                                                                                              \
        sec, key, TPR_OPT_BOOL, TPR_UNIT_NUMBER, offsetof(T, field), 0, 0, 0, 0, NULL, def, help   \
    }
#define TPR_ROW_LINE(T, sec, key, field, help)                                                     \
    {                                                                                              \
        sec, key, TPR_OPT_LINE, TPR_UNIT_NUMBER, offsetof(T, field), 0, 0, 0, 0, NULL, "none",     \
            help                                                                                   \
    }

typedef struct tpr_option_table {
    const char *title; /* "System config" */
    const tpr_option *opt;
    size_t count;
} tpr_option_table;

/* Index of the option for key in section (as written in the table, e.g.
 * "muscle.NAME"), or -1. */
int tpr_option_index(const tpr_option_table *t, const char *section, const char *key);

/* Parse value, check its range and store it into the option's field of
 * base. Returns 0, or -1 with "key: problem" in err; base is then unchanged. */
int tpr_option_set(const tpr_option *o, void *base, const char *value, char *err, size_t errlen);

/* Set key of section from value, for a file reader: unknown keys and keys
 * set twice (seen[i] holds the line option i was set on, 0 if not yet) are
 * errors. Records line in seen. Returns 0 or -1 with a message naming the
 * key in err (the caller names the section and line). */
int tpr_options_set_key(const tpr_option_table *t, const char *section, const char *key,
                        const char *value, void *base, int *seen, int line, char *err,
                        size_t errlen);

/* The value of a numeric option in base, in canonical units (a fraction
 * as a percentage). */
double tpr_option_number(const tpr_option *o, const void *base);

/* Store every option's def (when it has one) into base. Returns 0, or -1
 * when a default does not parse (a broken table). */
int tpr_options_set_defaults(const tpr_option_table *t, void *base, char *err, size_t errlen);

/* Write the option's current value in base as it would be written in a
 * file ("30 s", "gpiochip0:17"); "(not set)" for empty or zero values that
 * are outside the option's range. */
void tpr_option_format(const tpr_option *o, const void *base, char *buf, size_t len);

/* Print the reference of one option: key, default (read from defaults;
 * left out when defaults is NULL), help, and the accepted values or range. */
void tpr_option_print(FILE *f, const tpr_option *o, const void *defaults);

/* Print the reference for every option of the table: section, key,
 * default (read from defaults; left out when defaults is NULL), help, and
 * the accepted values or range. */
void tpr_options_print(FILE *f, const tpr_option_table *t, const void *defaults);

#endif
