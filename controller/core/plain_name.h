/* The one rule for names that come from outside: user names (profile files,
 * [device] default_user, tprd --user, the socket's start request, tprctl
 * --user) and the routine and muscle names of the control protocol. A
 * plain name becomes part of a file's path (profiles_dir/NAME.ini) and is
 * printed in logs and tables, so it holds only ASCII letters, digits, '_'
 * and '-', 1 to TPR_NAME_MAX bytes: no '/', no "..", no NUL, no control
 * characters, no spaces. */
#ifndef TPR_PLAIN_NAME_H
#define TPR_PLAIN_NAME_H

#include <stdbool.h>
#include <stddef.h>

/* Longest plain name in bytes; buffers hold TPR_NAME_MAX + 1. */
#define TPR_NAME_MAX 64

/* True when s is a plain name. */
bool tpr_name_valid(const char *s);

/* 0 when name is a plain name, else -1 with why it is not in why ("'a/b'
 * has '/' at byte 2 (letters, ...)"), to follow "... must be a plain name: ", the name printed with
 * any byte outside printable ASCII escaped as \xNN. */
int tpr_name_check(const char *name, char *why, size_t whylen);

#endif
