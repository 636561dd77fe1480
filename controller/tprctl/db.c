#include "db.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "schema.h"

/* How long a read waits while tprd holds a lock (checkpoint, recovery). */
#define BUSY_TIMEOUT_MS 5000

int tprctl_db_fail(tprctl *t)
{
    return tprctl_fail("%s: %s", t->db_path, sqlite3_errmsg(t->db));
}

static int user_version(tprctl *t, int *version)
{
    sqlite3_stmt *st = tprctl_db_prepare(t, "PRAGMA user_version");
    if (!st)
        return TPRCTL_ERR;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? TPRCTL_OK : tprctl_db_fail(t);
}

int tprctl_db_open(tprctl *t)
{
    const char *path = t->db_path;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return tprctl_fail("%s: %s%s", path, strerror(errno),
                           errno == ENOENT ? " (no session recorded there yet?)" : "");
    if (S_ISDIR(sb.st_mode))
        return tprctl_fail("%s: is a directory, not a session database", path);
    if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = tprctl_db_fail(t);
        tprctl_db_close(t);
        return rc;
    }
    sqlite3_busy_timeout(t->db, BUSY_TIMEOUT_MS);
    int version = 0;
    int rc = user_version(t, &version);
    if (rc == TPRCTL_OK && version != tpr_store_schema_version) {
        if (version > tpr_store_schema_version)
            rc = tprctl_fail("%s: schema version %d is newer than this tprctl reads (%d); "
                             "update tprctl",
                             path, version, tpr_store_schema_version);
        else
            rc = tprctl_fail("%s: schema version %d is older than this tprctl reads (%d); "
                             "%s",
                             path, version, tpr_store_schema_version,
                             version == 0 ? "is it a tprd session database?"
                                          : "start tprd once to upgrade it");
    }
    if (rc != TPRCTL_OK)
        tprctl_db_close(t);
    return rc;
}

void tprctl_db_close(tprctl *t)
{
    sqlite3_close(t->db);
    t->db = NULL;
}

sqlite3_stmt *tprctl_db_prepare(tprctl *t, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(t->db, sql, -1, &st, NULL) != SQLITE_OK) {
        tprctl_db_fail(t);
        return NULL;
    }
    return st;
}

char *tprctl_db_text(sqlite3_stmt *st, int col, char *buf, size_t len)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    snprintf(buf, len, "%s", s ? (const char *)s : "");
    return buf;
}

void tprctl_db_bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, col);
}

int tprctl_db_check_user(tprctl *t, const char *user)
{
    sqlite3_stmt *st = tprctl_db_prepare(t, "SELECT name FROM users ORDER BY name");
    if (!st)
        return TPRCTL_ERR;
    char names[512] = "";
    size_t used = 0;
    bool found = false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        found = found || strcmp(name, user) == 0;
        if (used < sizeof(names))
            used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "",
                                     name);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return tprctl_db_fail(t);
    if (found)
        return TPRCTL_OK;
    return tprctl_fail("no user '%s' in %s (%s%s)", user, t->db_path, used ? "users: " : "no users",
                       names);
}
