/* Helpers for the store tests: a scratch directory, and reading the
 * database back with plain SQLite, apart from the code under test. */
#ifndef STORE_FIXTURE_H
#define STORE_FIXTURE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "recorder.h"

/* A fresh directory for one test; path of its sessions.db in db. */
typedef struct scratch {
    char dir[64];
    char db[96];
} scratch;

void scratch_make(scratch *s);
void scratch_remove(const scratch *s);

/* Open path read-write for checks (fails the test on error). */
sqlite3 *db_check_open(const char *path);

/* The integer the query's first row and column holds (fails the test if
 * there is no row). */
int64_t db_int(sqlite3 *db, const char *sql);

/* The text of the first row and column, into buf ("" for NULL). */
const char *db_text(sqlite3 *db, const char *sql, char *buf, size_t len);

/* Run sql (fails the test on error). */
void db_exec(sqlite3 *db, const char *sql);

/* A database at path as tprd wrote it at schema version 3 (before the
 * loop's timing columns and measurements): user 'tester' and one completed
 * session, id 1. */
void db_make_version3(const char *path);

/* A routine of n muscles, each with trace_gen.h's dose under its own name
 * (vastus_lateralis, rectus_femoris, soleus). */
void fixture_routine(tpr_routine *r, uint32_t n);

/* Session settings for the routine: user "tester", 1 kHz, every Nth. */
tpr_session_info fixture_info(const tpr_routine *r, uint32_t trace_every);

#endif
