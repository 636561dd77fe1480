/* Opening the session database: create it, bring its schema up to date,
 * close the books on sessions an earlier run left open, and start a new
 * session row. Used by the recorder thread's side only. */
#ifndef TPR_STORE_DB_SETUP_H
#define TPR_STORE_DB_SETUP_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* How long a writer or reader waits for the other's lock before giving up. */
#define TPR_DB_BUSY_MS 5000

/* Open or create the database at path, check it (PRAGMA quick_check) before
 * writing anything, set WAL mode with durable commits and apply the missing
 * migrations (one transaction each). A damaged database is refused with the
 * command that moves it aside, one written by a newer tprd with both
 * versions. Returns the handle, or NULL with "path: ..." in err. */
sqlite3 *tpr_db_open(const char *path, char *err, size_t errlen);

/* Mark every session without ended_at as 'interrupted', ending where its
 * last recorded trace point, event or segment ends (else at its start).
 * Returns the number of sessions marked, or -1 with err. */
int tpr_db_mark_interrupted(sqlite3 *db, char *err, size_t errlen);

/* The id of the user called name, adding the user if new; -1 with err. */
int64_t tpr_db_user_id(sqlite3 *db, const char *name, char *err, size_t errlen);

/* Run sql (no results wanted). Returns 0, or -1 with "what: message" in err. */
int tpr_db_exec(sqlite3 *db, const char *sql, const char *what, char *err, size_t errlen);

/* Prepare sql; NULL with "what: message" in err. */
sqlite3_stmt *tpr_db_prepare(sqlite3 *db, const char *sql, const char *what, char *err,
                             size_t errlen);

/* Wall-clock time now in Unix milliseconds. */
int64_t tpr_db_now_ms(void);

#endif
