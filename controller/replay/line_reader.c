#include "line_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tpr_line_reader_open(tpr_line_reader *r, const char *path, char *buf, size_t cap,
                         size_t max_line)
{
    memset(r, 0, sizeof(*r));
    r->buf = buf;
    r->cap = cap;
    r->max_line = max_line;
    if (strcmp(path, "-") == 0) {
        r->fd = STDIN_FILENO;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0)
            return -1;
        r->own_fd = true;
    }
    /* A pipe or a device is read as a stream; a directory is refused now
     * rather than at its first read. */
    struct stat st;
    int e = fstat(r->fd, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
    if (e) {
        tpr_line_reader_close(r);
        errno = e;
        return -1;
    }
    return 0;
}

/* Move the unread tail to the front and read more after it, keeping one
 * byte free for the NUL of a last line without a line break. */
static int refill(tpr_line_reader *r)
{
    size_t tail = r->end - r->start;
    memmove(r->buf, r->buf + r->start, tail);
    r->start = 0;
    r->end = tail;
    ssize_t n;
    do {
        n = read(r->fd, r->buf + r->end, r->cap - 1 - r->end);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    if (n == 0)
        r->eof = true;
    r->end += (size_t)n;
    return 0;
}

tpr_line_status tpr_line_reader_next(tpr_line_reader *r, char **line, size_t *len)
{
    char *nl;
    size_t scanned = 0; /* bytes already known to hold no line break */
    for (;;) {
        char *from = r->buf + r->start + scanned;
        nl = memchr(from, '\n', r->end - r->start - scanned);
        if (nl || r->eof)
            break;
        if (r->end - r->start > r->max_line + 1)
            return TPR_LINE_TOO_LONG; /* +1: room for a '\r' before '\n' */
        scanned = r->end - r->start;
        if (refill(r))
            return TPR_LINE_IO_ERROR;
    }
    char *s = r->buf + r->start;
    char *e = nl ? nl : r->buf + r->end;
    if (!nl && s == e)
        return TPR_LINE_EOF;
    r->start = (size_t)(e - r->buf) + (nl != NULL);
    if (e > s && e[-1] == '\r')
        e--;
    if ((size_t)(e - s) > r->max_line)
        return TPR_LINE_TOO_LONG;
    *e = '\0';
    r->line_no++;
    *line = s;
    *len = (size_t)(e - s);
    return TPR_LINE_OK;
}

void tpr_line_reader_close(tpr_line_reader *r)
{
    if (r->own_fd)
        close(r->fd);
    r->own_fd = false;
}
