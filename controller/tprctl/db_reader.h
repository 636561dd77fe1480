/* The session database, read-only: tprctl never writes, and reads while
 * tprd records (WAL mode, with a busy timeout for the moments it checkpoints). */
#ifndef TPRCTL_DB_READER_H
#define TPRCTL_DB_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tprctl.h"

/* Open t->db_path read-only into t->db and check that its schema version is
 * the one this tprctl reads. Commands call it once their arguments are
 * checked. Returns TPRCTL_OK or an exit status after a message. */
int tprctl_db_open(tprctl *t);

void tprctl_db_close(tprctl *t);

/* Prepare sql; NULL after a message naming the database. */
sqlite3_stmt *tprctl_db_prepare(tprctl *t, const char *sql);

/* Report the database's last error ("tprctl: FILE: message"). Returns TPRCTL_ERR. */
int tprctl_db_fail(tprctl *t);

/* Copy text column col of the current row into buf ("" for NULL). Returns buf. */
char *tprctl_db_text(sqlite3_stmt *st, int col, char *buf, size_t len);

/* Bind s as text, or NULL when s is NULL. */
void tprctl_db_bind_text(sqlite3_stmt *st, int col, const char *s);

/* Check that user exists; otherwise a message listing the users there are.
 * Returns TPRCTL_OK or TPRCTL_ERR. */
int tprctl_db_check_user(tprctl *t, const char *user);

#endif
