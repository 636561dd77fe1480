/* Reading a small text file whole (a config, a profile, a hand script):
 * only a regular file, and only up to a bound, so that a directory, a
 * device such as /dev/zero or a FIFO is refused at once instead of being
 * read as empty or forever. */
#ifndef TPR_TEXT_FILE_H
#define TPR_TEXT_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Largest config, profile or hand script read (bytes). */
#define TPR_TEXT_FILE_MAX (64 * 1024)

/* Strict mode, for a daemon run as a service (as sshd's StrictModes): from
 * now on a file that anyone may write, or that is owned by another user
 * than root and the process's effective user, is refused. Off by default. */
void tpr_text_file_strict(bool on);

/* Read the regular file at path into *text (malloc'd, NUL-terminated; the
 * caller frees it) and its length into *len. A file with more than max
 * bytes, anything that is not a regular file and a file holding a control
 * byte (tpr_text_check) are refused, and in strict mode one that is
 * world-writable or owned by another user. Returns 0, or -1 with "path: ..." or
 * "path:line: ..." in err. */
int tpr_text_file_read(const char *path, size_t max, char **text, size_t *len, char *err,
                       size_t errlen);

#endif
