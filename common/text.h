/* Free text from files and people: finding the control bytes that hide
 * text from an editor (a NUL inside a comment line hid a setting after
 * it), and showing stored text on a terminal without letting it act on the
 * terminal (names in an old database may hold anything). */
#ifndef TPR_TEXT_H
#define TPR_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Offset of the first control byte in [s, s + len) — a C0 control other than
 * tab and line feed, a CR not directly before a line feed, or DEL — or len
 * when there is none. */
size_t tpr_text_find_control(const char *s, size_t len);

/* "control byte 0x00 at column 12 (...)" for the control byte c found at
 * the 1-based column; msg as snprintf. */
void tpr_text_control_message(char *msg, size_t msglen, unsigned char c, size_t column);

/* Check text [s, s + len) for control bytes. Returns 0, or -1 with
 * "origin:line: control byte ..." in err for the first one. */
int tpr_text_check(const char *origin, const char *s, size_t len, char *err, size_t errlen);

/* Length of the text at s that a terminal shows as written: printable
 * ASCII and well-formed UTF-8 other than the C1 controls (U+0080..U+009F).
 * Stops at the NUL or at the first byte that must be escaped. */
size_t tpr_text_plain_span(const char *s);

/* At a byte where tpr_text_plain_span stopped (not the NUL): the length of
 * the sequence to escape there (2 for an encoded C1 control, else 1), and
 * in *code the code point it stands for (a C0 or C1 control or DEL), or
 * -1 for a byte that is not well-formed UTF-8. */
size_t tpr_text_unsafe(const char *s, int32_t *code);

/* Copy s into out with every sequence tpr_text_unsafe finds written as
 * \xNN per byte ("\x1b[31m" becomes "\\x1b[31m"). Like snprintf: out
 * (outlen bytes, may be 0) is always terminated, never cut inside an
 * escape, and the return value is the length the whole text needs. */
size_t tpr_text_escape(char *out, size_t outlen, const char *s);

/* Write the sequence tpr_text_unsafe finds at s to f as \xNN per byte;
 * returns its length. */
size_t tpr_text_put_unsafe(const char *s, FILE *f);

/* Write s to f escaped as tpr_text_escape does. */
void tpr_text_fputs(const char *s, FILE *f);

#endif
