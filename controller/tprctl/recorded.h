/* The recorded trace and events of one session. */
#ifndef TPRCTL_RECORDED_H
#define TPRCTL_RECORDED_H

#include <stdint.h>

#include "session_list.h"
#include "trace_chunk.h"
#include "tprctl.h"

/* TPRCTL_OK when session s still has its trace; otherwise says that
 * retention removed it (the summaries stay) and returns TPRCTL_ERR. */
int tprctl_trace_kept(const tprctl *t, const tprctl_session *s);

/* Number of trace points of session id into *n. Returns an exit status. */
int tprctl_trace_count(tprctl *t, int64_t id, int64_t *n);

/* Call fn for every trace point of session id in time order. Returns
 * TPRCTL_OK, an error after a message (a damaged chunk is named by its
 * time), or the first non-zero value fn returns. */
int tprctl_trace_each(tprctl *t, int64_t id, int (*fn)(void *ctx, const tpr_trace_point *p),
                      void *ctx);

/* Call fn for every event of session id in time order (detail may be NULL). */
int tprctl_events_each(tprctl *t, int64_t id,
                       int (*fn)(void *ctx, int64_t t_ms, const char *type, const char *detail),
                       void *ctx);

#endif
