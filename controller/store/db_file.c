#include "db_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int tpr_db_file_hold(tpr_db_file *f, const char *path, char *err, size_t errlen)
{
    struct stat st;
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0 || fstat(f->fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        tpr_db_file_release(f);
        return -1;
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    return 0;
}

const char *tpr_db_file_fate(const tpr_db_file *f, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? "moved or removed" : NULL; /* cannot tell: as it was */
    if (st.st_dev != f->dev || st.st_ino != f->ino)
        return "replaced";
    /* Every SQLite database begins so; one cut short or written over from
     * its start does not (SQLite, working from its cache and the WAL,
     * would not notice). */
    static const char magic[16] = "SQLite format 3";
    char head[sizeof(magic)];
    bool ok = pread(f->fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
              !memcmp(head, magic, sizeof(magic));
    return ok ? NULL : "damaged in place (cut short or written over from its start)";
}

void tpr_db_file_where(const tpr_db_file *f, char *out, size_t len)
{
    char link[32];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", f->fd);
    ssize_t n = len ? readlink(link, out, len - 1) : -1;
    if (n < 0)
        snprintf(out, len, "(unknown: %s)", strerror(errno));
    else
        out[n] = '\0';
}

int tpr_db_file_let_go(sqlite3 *db, char *err, size_t errlen)
{
    int log = 0, moved = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &moved);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "emptying its WAL: %s", sqlite3_errmsg(db));
        return -1;
    }
    int keep = 1;
    sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
    if (sqlite3_close(db) != SQLITE_OK) {
        snprintf(err, errlen, "closing it: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

void tpr_db_file_release(tpr_db_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}
