/* Shared by the replay tests: a test dose, temporary trace files, running
 * the replay into memory and reading its CSV output back. */
#ifndef REPLAY_FIXTURE_H
#define REPLAY_FIXTURE_H

#include <stddef.h>
#include <stdio.h>

#include "tpr_types.h"

#define OUT_COLS 7 /* t_ms,pressure_kpa,filtered_kpa,state,intensity_pct,hold_ms,event */
enum { COL_T, COL_KPA, COL_FILTERED, COL_STATE, COL_INTENSITY, COL_HOLD, COL_EVENT };

/* Device settings: the defaults at 1000 Hz. */
void fixture_cfg(tpr_core_cfg *c);

/* A new temporary file open for writing; its path goes to path (>= 64). */
FILE *fixture_create(char *path);

/* A temporary file holding text; its path goes to path (>= 64). */
void fixture_write(char *path, const char *text);

typedef struct replay_result {
    int rc;
    char *out; /* everything written to out, NUL-terminated */
    size_t out_len;
    char err[512];
} replay_result;

/* Replay path with the fixture's settings and dose d (NULL: trace_dose). */
void fixture_replay(const char *path, const tpr_dose *d, replay_result *res);

/* Replay text from a temporary file (its path goes to path, >= 64), which
 * is removed afterwards. */
void fixture_replay_text(const char *text, char *path, replay_result *res);

void fixture_result_free(replay_result *res);

/* The output split into rows of OUT_COLS fields (row 0 is the header). */
typedef struct out_table {
    size_t rows;
    char *(*cell)[OUT_COLS];
    char *text; /* owns the cells */
} out_table;

/* Split CSV text; a row without exactly OUT_COLS fields fails the test. */
void table_parse(out_table *t, const char *csv);

void table_free(out_table *t);

/* True when the '|'-joined event list has the event name ev. */
int has_event(const char *events, const char *ev);

#endif
