#include "store_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "schema.h"
#include "trace_gen.h"

void scratch_make(scratch *s)
{
    snprintf(s->dir, sizeof(s->dir), "/tmp/tprd-store-XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->db, sizeof(s->db), "%s/sessions.db", s->dir);
}

void scratch_remove(const scratch *s)
{
    static const char *const files[] = {"sessions.db", "sessions.db-wal", "sessions.db-shm"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char p[128];
        snprintf(p, sizeof(p), "%s/%s", s->dir, files[i]);
        unlink(p);
    }
    rmdir(s->dir);
}

sqlite3 *db_check_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static sqlite3_stmt *first_row(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("%s: no row", sql);
    return st;
}

int64_t db_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = first_row(db, sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

const char *db_text(sqlite3 *db, const char *sql, char *buf, size_t len)
{
    sqlite3_stmt *st = first_row(db, sql);
    const unsigned char *t = sqlite3_column_text(st, 0);
    snprintf(buf, len, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    return buf;
}

void db_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

void fixture_routine(tpr_routine *r, uint32_t muscles)
{
    static const char *const names[] = {"vastus_lateralis", "rectus_femoris", "soleus"};
    memset(r, 0, sizeof(*r));
    r->name = "test";
    r->count = muscles;
    for (uint32_t i = 0; i < muscles; i++) {
        trace_dose(&r->dose[i]);
        r->dose[i].muscle = names[i % 3];
    }
}

tpr_session_info fixture_info(const tpr_routine *r, uint32_t trace_every)
{
    return (tpr_session_info){
        .user = "tester",
        .routine_name = "test",
        .routine = r,
        .rate_hz = 1000,
        .trace_every = trace_every,
    };
}

void db_make_version3(const char *path)
{
    sqlite3 *db = db_check_open(path);
    for (int i = 0; i < 3; i++)
        db_exec(db, tpr_store_migrations[i]);
    db_exec(db, "PRAGMA user_version = 3;"
                "INSERT INTO users(name) VALUES ('tester');"
                "INSERT INTO sessions(user_id, routine, started_at, ended_at, end_reason,"
                " rate_hz, trace_rate_hz) VALUES (1, 'old', 1000, 2000, 'completed', 1000, 100);");
    sqlite3_close(db);
}
