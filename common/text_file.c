#include "text_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

/* Set once at start-up, before any file is read (a process-wide mode). */
static bool strict;

void tpr_text_file_strict(bool on)
{
    strict = on;
}

/* Strict mode's rule: whoever may change the file decides what tprd does. */
static int check_owner(const char *path, const struct stat *st, char *err, size_t errlen)
{
    if (st->st_mode & S_IWOTH) {
        snprintf(err, errlen,
                 "%s: refused: anyone may write it (mode %04o); chmod o-w %s (a service reads "
                 "only files that root or its own user controls)",
                 path, (unsigned)(st->st_mode & 07777), path);
        return -1;
    }
    if (st->st_uid != 0 && st->st_uid != geteuid()) {
        snprintf(err, errlen,
                 "%s: refused: owned by uid %u, not by root or tprd's uid %u (a service reads "
                 "only files that root or its own user controls)",
                 path, (unsigned)st->st_uid, (unsigned)geteuid());
        return -1;
    }
    return 0;
}

static const char *file_kind(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISFIFO(mode) ? "a pipe"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a file";
}

/* Read up to max + 1 bytes of fd into buf: one byte more than allowed
 * tells a file that is too large. Returns the count, or -1. */
static ssize_t read_upto(int fd, char *buf, size_t max)
{
    size_t n = 0;
    while (n <= max) {
        ssize_t r = read(fd, buf + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    return (ssize_t)n;
}

int tpr_text_file_read(const char *path, size_t max, char **text, size_t *len, char *err,
                       size_t errlen)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file (%s)", path, file_kind(st.st_mode));
        close(fd);
        return -1;
    }
    if (strict && check_owner(path, &st, err, errlen)) {
        close(fd);
        return -1;
    }
    char *buf = malloc(max + 2);
    ssize_t n = buf ? read_upto(fd, buf, max) : -1;
    int read_errno = errno;
    close(fd);
    if (n < 0 || (size_t)n > max) {
        if (!buf)
            snprintf(err, errlen, "%s: out of memory", path);
        else if (n < 0)
            snprintf(err, errlen, "%s: %s", path, strerror(read_errno));
        else
            snprintf(err, errlen, "%s: larger than %zu bytes, the most this file may hold", path,
                     max);
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    if (tpr_text_check(path, buf, (size_t)n, err, errlen)) {
        free(buf);
        return -1;
    }
    *text = buf;
    *len = (size_t)n;
    return 0;
}
