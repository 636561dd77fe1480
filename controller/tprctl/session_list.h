/* Sessions as tprctl lists them: the sessions row, its user, and totals
 * over its segments. */
#ifndef TPRCTL_SESSION_LIST_H
#define TPRCTL_SESSION_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "tprctl.h"

typedef struct tprctl_session {
    int64_t id;
    char user[128];
    char routine[128];
    int64_t started_at; /* Unix ms */
    bool ended;         /* ended_at is set */
    int64_t ended_at;
    char end_reason[32]; /* "" while the session runs */
    int64_t rate_hz;
    int64_t trace_rate_hz;
    int64_t samples_dropped; /* not recorded: the recorder fell behind */
    int64_t events_dropped;  /* ticks whose events were lost as well */
    int64_t trace_gap_ticks; /* trace the disk refused (full): ticks, */
    int64_t trace_gap_ms;    /* and the session time they cover */
    bool trace_pruned;
    int64_t reps_done; /* segments that ran to their end */
    int64_t releases;
    char muscles[512]; /* in the order treated, comma-separated */
} tprctl_session;

/* Which sessions; NULL or 0 fields do not filter. since/until are Unix ms
 * (until exclusive). */
typedef struct tprctl_session_filter {
    int64_t id;
    const char *user;
    const char *muscle;
    int64_t since, until;
    bool has_since, has_until;
} tprctl_session_filter;

/* Call fn for each matching session, oldest first. Returns TPRCTL_OK, an
 * error after a message, or the first non-zero value fn returns. */
int tprctl_sessions_each(tprctl *t, const tprctl_session_filter *f,
                         int (*fn)(void *ctx, const tprctl_session *s), void *ctx);

/* Look up one session; "no session ID in FILE" when there is none. */
int tprctl_session_get(tprctl *t, int64_t id, tprctl_session *s);

/* How the session ended, or "running" while it runs. */
const char *tprctl_session_end(const tprctl_session *s);

/* For the commands that take a session ID: read id_text, open the
 * database and look the session up. Returns an exit status. */
int tprctl_session_open(tprctl *t, const char *id_text, tprctl_session *s);

/* Write s as a JSON object (member key, or NULL inside an array). */
struct tprctl_json;
void tprctl_session_json(struct tprctl_json *j, const char *key, const tprctl_session *s);
#endif
