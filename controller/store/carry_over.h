/* Carrying a session over from one database to another: the session row,
 * its repetitions, events and trace, as they are in the first, added to
 * the second under a new id (its user found or added by name). Used when
 * the database a session is being recorded in was replaced or removed:
 * the session goes on in the database the path names now. An unfinished
 * row of the same session there (a copy made while it ran) is replaced. */
#ifndef TPR_STORE_CARRY_OVER_H
#define TPR_STORE_CARRY_OVER_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* Copy session from_id of from (read only) into to, in one transaction.
 * Columns are copied by name, as both databases have this tprd's schema.
 * Returns the new id and the rows copied in *rows, or -1 with err and
 * nothing of it in to. */
int64_t tpr_carry_over(sqlite3 *from, int64_t from_id, sqlite3 *to, uint64_t *rows, char *err,
                       size_t errlen);

#endif
