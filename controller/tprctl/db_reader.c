#include "db_reader.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

/* How long a read waits while tprd holds a lock (checkpoint, recovery). */
#define BUSY_TIMEOUT_MS 5000

int tprctl_db_fail(tprctl *t)
{
    return tprctl_fail("%s: %s", t->db_path, sqlite3_errmsg(t->db));
}

/* Open name into t->db and read the schema version. Returns the SQLite
 * result; on failure t->db (if any) still holds the error message. */
static int connect(tprctl *t, const char *name, int flags, int *version)
{
    int rc = sqlite3_open_v2(name, &t->db, flags, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_busy_timeout(t->db, BUSY_TIMEOUT_MS);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(t->db, "PRAGMA user_version", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *version = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc & 0xff;
}

/* "file:PATH?immutable=1" with the path percent-encoded. */
static void immutable_uri(const char *path, char *uri, size_t len)
{
    size_t n = (size_t)snprintf(uri, len, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < len; p++) {
        if (isalnum(*p) || strchr("/-._~", *p))
            uri[n++] = (char)*p;
        else
            n += (size_t)snprintf(uri + n, len - n, "%%%02X", *p);
    }
    snprintf(uri + n, len - n, "?immutable=1");
}

static bool wal_exists(const char *path)
{
    char wal[PATH_MAX + 8];
    snprintf(wal, sizeof(wal), "%s-wal", path);
    return access(wal, F_OK) == 0;
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
    int version = 0;
    int rc = connect(t, path, SQLITE_OPEN_READONLY, &version);
    if ((rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) && !wal_exists(path)) {
        /* A WAL database wants its -shm file, which a reader cannot create
         * in a directory it may not write (the service's data directory,
         * read by another user). Without a -wal file no one is writing, so
         * the file can be read as it stands. */
        tprctl_db_close(t);
        char uri[3 * PATH_MAX + 32];
        immutable_uri(path, uri, sizeof(uri));
        rc = connect(t, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &version);
    }
    if (rc != SQLITE_OK) {
        tprctl_db_fail(t);
        tprctl_db_close(t);
        return TPRCTL_ERR;
    }
    if (version != tpr_store_schema_version) {
        if (version > tpr_store_schema_version)
            tprctl_fail("%s: schema version %d is newer than this tprctl reads (%d); "
                        "update tprctl",
                        path, version, tpr_store_schema_version);
        else
            tprctl_fail("%s: schema version %d is older than this tprctl reads (%d); %s", path,
                        version, tpr_store_schema_version,
                        version == 0 ? "is it a tprd session database?"
                                     : "start tprd once to upgrade it");
        tprctl_db_close(t);
        return TPRCTL_ERR;
    }
    return TPRCTL_OK;
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
