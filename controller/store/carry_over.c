#include "carry_over.h"

#include <stdio.h>
#include <string.h>

#include "db_setup.h"

/* "a, b, c": table's columns in to, but id and set_col. */
static int column_list(sqlite3 *to, const char *table, const char *set_col, char *out, size_t len,
                       char *err, size_t errlen)
{
    char sql[96];
    snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s')", table);
    sqlite3_stmt *st = tpr_db_prepare(to, sql, table, err, errlen);
    if (!st)
        return -1;
    size_t n = 0;
    int count = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name || !strcmp(name, "id") || !strcmp(name, set_col))
            continue;
        int w = snprintf(out + n, len - n, "%s%s", count ? ", " : "", name);
        if (w < 0 || (size_t)w >= len - n) {
            sqlite3_finalize(st);
            snprintf(err, errlen, "%s: too many columns", table);
            return -1;
        }
        n += (size_t)w;
        count++;
    }
    sqlite3_finalize(st);
    return count ? 0 : (snprintf(err, errlen, "%s: no columns", table), -1);
}

/* Copy from's rows of table where where_col = where_val into to, with
 * set_col = set_val, in rowid order. Adds the rows copied to *rows. */
static int copy_rows(sqlite3 *from, sqlite3 *to, const char *table, const char *where_col,
                     int64_t where_val, const char *set_col, int64_t set_val, uint64_t *rows,
                     char *err, size_t errlen)
{
    char cols[1024], sql[2048], marks[600] = "";
    if (column_list(to, table, set_col, cols, sizeof(cols), err, errlen))
        return -1;
    int ncols = 1;
    for (const char *c = cols; *c; c++)
        ncols += *c == ',';
    if ((size_t)ncols * 3 >= sizeof(marks)) {
        snprintf(err, errlen, "%s: too many columns", table);
        return -1;
    }
    for (int i = 0; i < ncols; i++)
        strcat(marks, "?, ");
    snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE %s = ? ORDER BY rowid", cols, table,
             where_col);
    sqlite3_stmt *get = tpr_db_prepare(from, sql, table, err, errlen);
    snprintf(sql, sizeof(sql), "INSERT INTO %s(%s, %s) VALUES (%s?)", table, cols, set_col, marks);
    sqlite3_stmt *put = get ? tpr_db_prepare(to, sql, table, err, errlen) : NULL;
    int rc = put ? SQLITE_ROW : SQLITE_ERROR;
    if (put) {
        sqlite3_bind_int64(get, 1, where_val);
        sqlite3_bind_int64(put, ncols + 1, set_val);
    }
    while (put && (rc = sqlite3_step(get)) == SQLITE_ROW) {
        for (int i = 0; i < ncols; i++)
            sqlite3_bind_value(put, i + 1, sqlite3_column_value(get, i));
        if (sqlite3_step(put) != SQLITE_DONE) {
            snprintf(err, errlen, "%s: %s", table, sqlite3_errmsg(to));
            break;
        }
        sqlite3_reset(put);
        ++*rows;
    }
    if (put && rc != SQLITE_DONE && rc != SQLITE_ROW)
        snprintf(err, errlen, "%s: reading: %s", table, sqlite3_errmsg(from));
    sqlite3_finalize(get);
    sqlite3_finalize(put);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The name of the user session id belongs to, in from. */
static int user_name(sqlite3 *from, int64_t id, char *out, size_t len, char *err, size_t errlen)
{
    sqlite3_stmt *st = tpr_db_prepare(
        from, "SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?",
        "session's user", err, errlen);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
    else
        snprintf(err, errlen, "session %lld: %s", (long long)id,
                 rc == SQLITE_DONE ? "not found" : sqlite3_errmsg(from));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

/* A copy of the database made during the session (a backup restored over
 * it, a damaged file the WAL made whole again) holds the session's first
 * part as an unfinished row: the same user, routine and start. The whole
 * session takes its place. */
static int drop_first_part(sqlite3 *from, int64_t from_id, sqlite3 *to, int64_t user, char *err,
                           size_t errlen)
{
    static const char *const tables[] = {"segments", "events", "trace_chunks", "sessions"};
    sqlite3_stmt *get = tpr_db_prepare(
        from, "SELECT routine, started_at FROM sessions WHERE id = ?", "session", err, errlen);
    if (!get)
        return -1;
    sqlite3_bind_int64(get, 1, from_id);
    if (sqlite3_step(get) != SQLITE_ROW) {
        snprintf(err, errlen, "session %lld: %s", (long long)from_id, sqlite3_errmsg(from));
        sqlite3_finalize(get);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof(tables) / sizeof(tables[0]); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "DELETE FROM %s WHERE %s IN (SELECT id FROM sessions WHERE user_id = ?"
                 " AND routine = ? AND started_at = ? AND ended_at IS NULL)",
                 tables[i], strcmp(tables[i], "sessions") ? "session_id" : "id");
        sqlite3_stmt *del = tpr_db_prepare(to, sql, tables[i], err, errlen);
        if (!del) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(del, 1, user);
        sqlite3_bind_value(del, 2, sqlite3_column_value(get, 0));
        sqlite3_bind_value(del, 3, sqlite3_column_value(get, 1));
        if (sqlite3_step(del) != SQLITE_DONE) {
            snprintf(err, errlen, "%s: %s", tables[i], sqlite3_errmsg(to));
            rc = -1;
        }
        sqlite3_finalize(del);
    }
    sqlite3_finalize(get);
    return rc;
}

int64_t tpr_carry_over(sqlite3 *from, int64_t from_id, sqlite3 *to, uint64_t *rows, char *err,
                       size_t errlen)
{
    static const char *const children[] = {"segments", "events", "trace_chunks"};
    char name[256];
    *rows = 0;
    if (user_name(from, from_id, name, sizeof(name), err, errlen) ||
        tpr_db_exec(to, "BEGIN IMMEDIATE", "carrying the session over", err, errlen))
        return -1;
    int64_t user = tpr_db_user_id(to, name, err, errlen);
    if (user < 0 || drop_first_part(from, from_id, to, user, err, errlen) ||
        copy_rows(from, to, "sessions", "id", from_id, "user_id", user, rows, err, errlen))
        goto fail;
    int64_t id = sqlite3_last_insert_rowid(to);
    for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
        if (copy_rows(from, to, children[i], "session_id", from_id, "session_id", id, rows, err,
                      errlen))
            goto fail;
    if (tpr_db_exec(to, "COMMIT", "carrying the session over", err, errlen) == 0)
        return id;
fail:
    sqlite3_exec(to, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}
