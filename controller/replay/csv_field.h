/* Splitting one CSV line into fields, in place. */
#ifndef TPR_CSV_FIELD_H
#define TPR_CSV_FIELD_H

#include <stdbool.h>

/* A field's text [s, e): surrounding spaces and tabs and the quotes of a
 * quoted field removed ("" inside a quoted field is left as it is). */
typedef struct tpr_field {
    char *s;
    char *e;
} tpr_field;

/* Position in a NUL-terminated line. */
typedef struct tpr_csv_cursor {
    char *p;
    bool done;
} tpr_csv_cursor;

/* Outcome of tpr_csv_next. */
typedef enum tpr_csv_status {
    TPR_CSV_FIELD,        /* *f holds the next field */
    TPR_CSV_END,          /* no more fields */
    TPR_CSV_UNTERMINATED, /* a quoted field has no closing quote */
    TPR_CSV_AFTER_QUOTE,  /* text between a closing quote and the next comma */
} tpr_csv_status;

/* Start at the beginning of line. A line always has at least one field. */
void tpr_csv_start(tpr_csv_cursor *c, char *line);

/* Take the next field. */
tpr_csv_status tpr_csv_next(tpr_csv_cursor *c, tpr_field *f);

/* True when the field's text equals name. */
bool tpr_field_is(const tpr_field *f, const char *name);

#endif
