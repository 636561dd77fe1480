#include "db_setup.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "trace_chunk.h"

int tpr_db_exec(sqlite3 *db, const char *sql, const char *what, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    snprintf(err, errlen, "%s: %s", what, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return -1;
}

sqlite3_stmt *tpr_db_prepare(sqlite3 *db, const char *sql, const char *what, char *err,
                             size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

int64_t tpr_db_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int user_version(sqlite3 *db, int *v, char *err, size_t errlen)
{
    sqlite3_stmt *st = tpr_db_prepare(db, "PRAGMA user_version", "schema version", err, errlen);
    if (!st)
        return -1;
    int rc = sqlite3_step(st);
    *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) {
        snprintf(err, errlen, "schema version: %s", sqlite3_errmsg(db));
        return -1;
    }
    return 0;
}

/* Migration i and the version bump commit together, or not at all. */
static int migrate(sqlite3 *db, int i, char *err, size_t errlen)
{
    char what[64], bump[48];
    snprintf(what, sizeof(what), "migration %d", i + 1);
    snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", i + 1);
    if (tpr_db_exec(db, "BEGIN IMMEDIATE", what, err, errlen))
        return -1;
    if (tpr_db_exec(db, tpr_store_migrations[i], what, err, errlen) ||
        tpr_db_exec(db, bump, what, err, errlen) || tpr_db_exec(db, "COMMIT", what, err, errlen)) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

static int upgrade(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    char why[256];
    int v;
    if (user_version(db, &v, why, sizeof(why)))
        goto fail;
    if (v > tpr_store_schema_version) {
        snprintf(err, errlen,
                 "%s: written by a newer tprd (schema version %d; this tprd knows up to %d)", path,
                 v, tpr_store_schema_version);
        return -1;
    }
    for (int i = v; i < tpr_store_schema_version; i++)
        if (migrate(db, i, why, sizeof(why)))
            goto fail;
    return 0;
fail:
    snprintf(err, errlen, "%s: %s", path, why);
    return -1;
}

/* WAL: readers (tprctl) never block the writer. synchronous=FULL: a commit
 * is on the disk when it returns, so a power cut keeps every batch. */
static const char settings[] = "PRAGMA journal_mode=WAL;"
                               "PRAGMA synchronous=FULL;"
                               "PRAGMA foreign_keys=ON;";

/* s as one shell word: in single quotes, each quote in it as '\'', so
 * that the command the message suggests works for any path. */
static void shell_quote(char *out, size_t len, const char *s)
{
    size_t n = 0;
    out[n++] = '\'';
    for (; *s && n + 6 < len; s++) {
        if (*s == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else {
            out[n++] = *s;
        }
    }
    out[n++] = '\'';
    out[n] = '\0';
}

/* PRAGMA quick_check on a read-only connection of its own (which never
 * checkpoints a leftover WAL into the file), before anything is written: a
 * damaged database is refused with the way out. A new file passes. Returns
 * 0 when intact. */
static int check_intact(const char *path, char *err, size_t errlen)
{
    if (access(path, F_OK) != 0)
        return 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, TPR_DB_BUSY_MS);
        rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    const char *said = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    if (!said)
        said = db ? sqlite3_errmsg(db) : "out of memory";
    /* Its last line names the problem ("*** in database main ***" first). */
    const char *nl = strrchr(said, '\n');
    char why[160];
    snprintf(why, sizeof(why), "%s", nl ? nl + 1 : said);
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (rc == SQLITE_ROW && strcmp(why, "ok") == 0)
        return 0;
    if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB) {
        snprintf(err, errlen, "%s: checking the database: %s", path, why);
        return -1;
    }
    /* Moved as a whole with its -wal and -shm, under the same names, the
     * old database can still be read or salvaged. */
    char dir[PATH_MAX], stamp[32], aside[PATH_MAX + 48];
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
    time_t now = time(NULL);
    struct tm tm;
    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime_r(&now, &tm));
    snprintf(aside, sizeof(aside), "%s/damaged-%s", dir, stamp);
    char q_aside[2 * sizeof(aside)], q_path[2 * PATH_MAX];
    shell_quote(q_aside, sizeof(q_aside), aside);
    shell_quote(q_path, sizeof(q_path), path);
    snprintf(err, errlen,
             "%s: damaged (%s); tprd will not record into it. Move it aside and start again "
             "(sqlite3's .recover may salvage it): mkdir %s && mv %s* %s/",
             path, why, q_aside, q_path, q_aside);
    return -1;
}

sqlite3 *tpr_db_open(const char *path, char *err, size_t errlen)
{
    if (check_intact(path, err, errlen))
        return NULL;
    sqlite3 *db = NULL;
    char why[256];
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, TPR_DB_BUSY_MS);
    if (tpr_db_exec(db, settings, "settings", why, sizeof(why))) {
        snprintf(err, errlen, "%s: %s", path, why);
        sqlite3_close(db);
        return NULL;
    }
    if (upgrade(db, path, err, errlen)) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Session time (ms) of the last point of session id's last trace chunk, or
 * -1 when it has none. */
static int64_t last_trace_ms(sqlite3_stmt *st, int64_t id)
{
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW)
        return -1;
    int64_t t0 = sqlite3_column_int64(st, 0);
    const uint8_t *data = sqlite3_column_blob(st, 1);
    int len = sqlite3_column_bytes(st, 1);
    if (!data || len < TPR_TRACE_POINT_BYTES)
        return -1;
    size_t last = (size_t)len / TPR_TRACE_POINT_BYTES - 1;
    return tpr_trace_decode(data, last, t0).t_us / 1000;
}

int tpr_db_mark_interrupted(sqlite3 *db, char *err, size_t errlen)
{
    static const char open_sql[] =
        "SELECT id, started_at,"
        " max(coalesce((SELECT max(t_ms) FROM events WHERE session_id = s.id), 0),"
        "     coalesce((SELECT max(end_ms) FROM segments WHERE session_id = s.id), 0))"
        " FROM sessions s WHERE ended_at IS NULL";
    static const char chunk_sql[] = "SELECT t0_us, data FROM trace_chunks WHERE session_id = ?"
                                    " ORDER BY t0_us DESC LIMIT 1";
    static const char end_sql[] = "UPDATE sessions SET ended_at = ?, end_reason = 'interrupted'"
                                  " WHERE id = ?";
    const char *what = "marking interrupted sessions";
    sqlite3_stmt *open = tpr_db_prepare(db, open_sql, what, err, errlen);
    sqlite3_stmt *chunk = tpr_db_prepare(db, chunk_sql, what, err, errlen);
    sqlite3_stmt *end = tpr_db_prepare(db, end_sql, what, err, errlen);
    int marked = -1;
    if (!open || !chunk || !end || tpr_db_exec(db, "BEGIN IMMEDIATE", what, err, errlen))
        goto out;
    marked = 0;
    int rc;
    while ((rc = sqlite3_step(open)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(open, 0);
        int64_t last_ms = sqlite3_column_int64(open, 2);
        int64_t trace_ms = last_trace_ms(chunk, id);
        if (trace_ms > last_ms)
            last_ms = trace_ms;
        sqlite3_reset(end);
        sqlite3_bind_int64(end, 1, sqlite3_column_int64(open, 1) + last_ms);
        sqlite3_bind_int64(end, 2, id);
        if (sqlite3_step(end) != SQLITE_DONE)
            break;
        marked++;
    }
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        marked = -1;
    } else if (tpr_db_exec(db, "COMMIT", what, err, errlen)) {
        marked = -1;
    }
out:
    sqlite3_finalize(open);
    sqlite3_finalize(chunk);
    sqlite3_finalize(end);
    return marked;
}

int64_t tpr_db_user_id(sqlite3 *db, const char *name, char *err, size_t errlen)
{
    /* Two statements rather than UPSERT ... RETURNING, which needs SQLite
     * 3.35 (older Raspberry Pi OS releases ship 3.34). */
    sqlite3_stmt *add =
        tpr_db_prepare(db, "INSERT OR IGNORE INTO users(name) VALUES (?)", "user", err, errlen);
    sqlite3_stmt *get =
        add ? tpr_db_prepare(db, "SELECT id FROM users WHERE name = ?", "user", err, errlen) : NULL;
    int64_t id = -1;
    if (get) {
        sqlite3_bind_text(add, 1, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(get, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_step(add) == SQLITE_DONE && sqlite3_step(get) == SQLITE_ROW)
            id = sqlite3_column_int64(get, 0);
        else
            snprintf(err, errlen, "user %s: %s", name, sqlite3_errmsg(db));
    }
    sqlite3_finalize(add);
    sqlite3_finalize(get);
    return id;
}
