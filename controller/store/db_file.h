/* The file a session is being recorded in, held open so that it can be
 * told apart from whatever its path names later: a database replaced
 * (renamed over, restored from a backup), moved aside or removed while
 * tprd records keeps taking SQLite's writes through the descriptors SQLite
 * has, invisible at the path, and the -wal and -shm files at the path may
 * still be its own. */
#ifndef TPR_STORE_DB_FILE_H
#define TPR_STORE_DB_FILE_H

#include <sqlite3.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct tpr_db_file {
    int fd; /* read-only; -1: none held */
    dev_t dev;
    ino_t ino;
} tpr_db_file;

/* Hold the file path names now (a database SQLite has open). Closing
 * another descriptor of the file drops the process's POSIX locks on it,
 * SQLite's among them: release only after sqlite3_close. Returns 0, or -1
 * with "path: ..." in err. */
int tpr_db_file_hold(tpr_db_file *f, const char *path, char *err, size_t errlen);

/* What became of the file: NULL while path names it still and it begins
 * as a database does (or stat fails otherwise than ENOENT: nothing to
 * tell), else "moved or removed" (path names nothing), "replaced" (it
 * names another file) or "damaged in place ..." (its header is gone). */
const char *tpr_db_file_fate(const tpr_db_file *f, const char *path);

/* Where the file is now, as the kernel says ("/x/y.db", or
 * "/x/sessions.db (deleted)"). */
void tpr_db_file_where(const tpr_db_file *f, char *out, size_t len);

/* Let go of db, the connection on f's file, without touching the path's
 * files: copy its WAL into the file it belongs to and empty it (so that
 * a -wal left at the path is nothing a new database there could take for
 * its own), keep SQLite from removing the -wal and -shm by name, close.
 * Returns 0, or -1 with err and db still open (a reader held the WAL:
 * try again later). */
int tpr_db_file_let_go(sqlite3 *db, char *err, size_t errlen);

/* Close the descriptor. */
void tpr_db_file_release(tpr_db_file *f);

#endif
