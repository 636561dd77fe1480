/* The INI line grammar, shared by the reader and the in-place editor so
 * that both see the same file: blanks before anything are ignored; a line
 * starting with ';' or '#' is a comment; ';' after a blank starts an
 * inline comment; "[name]" opens a section; "key = value" (or "key: value")
 * is a setting. No continuation lines. */
#ifndef TPR_INI_SYNTAX_H
#define TPR_INI_SYNTAX_H

/* What one line is. */
typedef enum tpr_ini_line_kind {
    TPR_INI_EMPTY,   /* blank or a comment */
    TPR_INI_SECTION, /* "[name]", name in [name, name_end) */
    TPR_INI_SETTING, /* key in [name, name_end), value in [value, value_end) */
    TPR_INI_BAD,     /* none of these */
} tpr_ini_line_kind;

/* The parts of a line, pointers into it. */
typedef struct tpr_ini_line {
    const char *name, *name_end;   /* section name or key, blanks trimmed */
    const char *value, *value_end; /* a setting's value, without blanks around or inline comment */
} tpr_ini_line;

/* Split the line [s, end) (no line break; a trailing CR counts as a blank). */
tpr_ini_line_kind tpr_ini_split(const char *s, const char *end, tpr_ini_line *l);

#endif
