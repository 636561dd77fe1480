/* Reading a text file line by line through one large buffer: a read()
 * per megabyte instead of a call per line, lines handed out in place. */
#ifndef TPR_LINE_READER_H
#define TPR_LINE_READER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tpr_line_reader {
    int fd;
    bool own_fd; /* false for standard input */
    bool eof;
    char *buf; /* cap bytes, from the caller */
    size_t cap;
    size_t start; /* first byte not yet handed out */
    size_t end;   /* end of the bytes read */
    size_t max_line;
    unsigned long line_no; /* number of the last line handed out, from 1 */
} tpr_line_reader;

/* Result of tpr_line_reader_next. */
typedef enum tpr_line_status {
    TPR_LINE_OK,
    TPR_LINE_EOF,
    TPR_LINE_TOO_LONG, /* line line_no + 1 is longer than max_line */
    TPR_LINE_IO_ERROR, /* read failed; errno says why */
} tpr_line_status;

/* Open path ("-": standard input) for reading into buf of cap bytes; lines
 * longer than max_line are refused (cap must exceed max_line + 2). A pipe
 * or standard input is fine; a directory fails with EISDIR. Returns 0, or
 * -1 with errno set. */
int tpr_line_reader_open(tpr_line_reader *r, const char *path, char *buf, size_t cap,
                         size_t max_line);

/* Hand out the next line without its "\n" or "\r\n", NUL-terminated and
 * writable until the next call. A last line without a line break counts. */
tpr_line_status tpr_line_reader_next(tpr_line_reader *r, char **line, size_t *len);

/* Close the file (not standard input). */
void tpr_line_reader_close(tpr_line_reader *r);

#endif
