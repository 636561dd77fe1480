/* The tprctl tests' session database, built through SQL with the store's
 * own migrations and trace encoding, and a way to run the real tprctl.
 *
 * Content (times UTC; the tests run with TZ=UTC unless they say otherwise):
 *   1 alice knee_front   2026-10-01 16:00 completed, trace pruned
 *   2 bob   knee_back    2026-10-02 08:30 completed
 *   3 alice knee_front   2026-10-03 16:00 completed, 2 trace chunks at 50 Hz,
 *                                           12 samples and 3 ticks of events dropped
 *   4 zoë "z" custom     2026-10-10 12:00 completed, awkward event details
 *   5 bob   knee_back    2026-10-20 08:30 interrupted, no end time
 *   6 alice knee_outside 2026-10-30 16:00 stopped, one repetition cut short,
 *                                           a trace gap of 10.2 s (10150 ticks)
 *   7 alice knee_front   2026-11-05 16:00 completed
 * Thresholds (alice; reliable unless said):
 *   rectus_femoris left   2026-10-01 15:00 280, 2026-10-03 15:00 295 (2 reliable
 *                         trials: not reliable), 2026-11-05 15:00 330
 *   rectus_femoris right  2026-10-01 15:10 300, 2026-11-05 15:10 280
 *   vastus_lateralis left 2026-10-30 15:00 250, 2026-11-05 15:00 none (no reliable trial) */
#ifndef TPRCTL_FIXTURE_H
#define TPRCTL_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "trace_chunk.h"

#define FIXTURE_SESSIONS 7
#define FIXTURE_TRACE_SESSION 3
#define FIXTURE_TRACE_CHUNKS 2
#define FIXTURE_CHUNK_POINTS 1000
#define FIXTURE_TRACE_POINTS (FIXTURE_TRACE_CHUNKS * FIXTURE_CHUNK_POINTS)

/* Point i of session 3's trace, as encoded into the database. */
tpr_trace_point fixture_point(size_t i);

/* Build the database at path (in a fresh temporary directory, see
 * fixture_dir) with PRAGMA user_version set to version. */
void fixture_build(const char *path, int version);

/* The temporary directory of a group of tests and the database in it
 * (fixture_tmp/sessions.db), made by fixture_setup and removed by
 * fixture_teardown (cmocka group set-up and tear-down). */
extern char fixture_tmp[64];
extern char fixture_db[128];
int fixture_setup(void **state);
int fixture_teardown(void **state);

/* A new temporary directory for one test (>= 64 bytes in dir). */
void fixture_dir(char *dir);

/* Remove dir and everything in it. */
void fixture_rmdir(const char *dir);

/* Make a character device node of the kernel's memory devices at path
 * (minor 3: null, 7: full); skips the test when not allowed (not root). */
void fixture_mem_device(const char *path, unsigned minor);

/* Whether path is still a character device. */
bool fixture_is_device(const char *path);

/* Whole text of path, malloc'd (the test fails when it cannot be read). */
char *fixture_read(const char *path);

/* Write a file that a failed command must leave as it was. */
void fixture_precious(const char *path);

/* path still holds what fixture_precious wrote, and its directory dir no
 * temporary file of tprctl's output. */
void fixture_expect_precious(const char *path, const char *dir);

/* Run tprctl with args (NULL-terminated) and -o the full device made at
 * dev (skipped when not root): it must end with status 1 and the reason,
 * and dev must still be a device. */
void fixture_expect_full_device(const char *dev, const char *const *args);

typedef struct tprctl_result {
    int status; /* exit status, or 128 + signal */
    char *out;  /* standard output, NUL-terminated */
    char *err;  /* standard error */
} tprctl_result;

/* Run $TPRCTL_BIN with the NULL-terminated arguments (TZ=UTC unless the
 * caller set TZ). */
tprctl_result run_tprctl(const char *arg, ...);

/* Run the NULL-terminated argv (a program from PATH or a path) likewise. */
tprctl_result run_argv(char *const *argv);

void tprctl_result_free(tprctl_result *r);

/* Evaluate a Python expression over JSON text (as d) and return what
 * print() makes of it, without the final newline (malloc'd). The test
 * fails when the text is not valid JSON. */
char *json_eval(const char *json, const char *expr);

/* Line n (from 0) of text, malloc'd, or NULL when there are fewer lines. */
char *line_of(const char *text, size_t n);

/* Number of lines in text. */
size_t line_count(const char *text);

#endif
