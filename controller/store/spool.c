#include "spool.h"

#include <stdio.h>
#include <string.h>

int tpr_spool_open(tpr_spool *s, sqlite3 *db, const tpr_routine *routine,
                   const tpr_summary *summary, uint32_t rate_hz, uint32_t trace_every,
                   int64_t user_id, const char *routine_name, int64_t started_ms, char *err,
                   size_t errlen)
{
    s->routine = *routine;
    s->summary = summary;
    s->trace_every = trace_every;
    s->tick_us = 1000000 / rate_hz;
    return tpr_writer_open(&s->w, db, user_id, routine_name, started_ms, rate_hz,
                           rate_hz / trace_every, err, errlen);
}

/* The chunk of points so far joins the open batch, unless a chunk of it
 * was refused already (the whole batch is then lost). */
static void flush_trace(tpr_spool *s)
{
    if (s->npoints && !s->batch_failed && tpr_writer_chunk(&s->w, s->points, s->npoints))
        s->batch_failed = true;
    s->npoints = 0;
}

static void keep_events(tpr_spool *s, const tpr_tick *t, int64_t t_ms)
{
    if (s->nevents == TPR_SPOOL_EVENTS) {
        s->lost.event_ticks++;
        return;
    }
    s->event[s->nevents++] =
        (tpr_spool_event){.t_ms = t_ms, .events = t->events, .rep = t->rep, .muscle = t->muscle};
}

void tpr_spool_tick(tpr_spool *s, const tpr_tick *t)
{
    if (!s->started) {
        s->started = true;
        s->t0_us = t->t_us;
    }
    if (t->muscle >= s->routine.count)
        return; /* not from this routine: nothing to file it under */
    int64_t st = t->t_us - s->t0_us;
    if (t->events)
        keep_events(s, t, st / 1000);
    if (!s->batch_ticks++)
        s->batch_first_us = st;
    s->batch_last_us = st;
    /* Every Nth tick of the loop, counted with the dropped ones, so the
     * trace keeps a regular grid; event ticks always. */
    if (t->seq % s->trace_every == 0 || t->events) {
        if (s->npoints == TPR_WRITER_POINTS)
            flush_trace(s);
        s->points[s->npoints++] = (tpr_trace_point){
            .t_us = st,
            .kpa = t->kpa,
            .filtered_kpa = t->filtered_kpa,
            .intensity_pct = t->intensity_pct,
            .state = t->state,
            .ok = t->ok,
        };
    }
}

static int write_events(tpr_spool *s)
{
    for (uint32_t i = 0; i < s->nevents; i++) {
        const tpr_spool_event *e = &s->event[i];
        char detail[64];
        snprintf(detail, sizeof(detail), "%s#%u", s->routine.dose[e->muscle].muscle, e->rep);
        for (unsigned b = 0; b < TPR_EV_COUNT; b++)
            if ((e->events & (1u << b)) &&
                tpr_writer_event(&s->w, e->t_ms, tpr_event_name((tpr_event)(1u << b)), detail))
                return -1;
    }
    return 0;
}

/* The rows that are small and must not be lost: kept events, repetitions
 * up to (not including) segment upto, the counts when they changed, and
 * the end when reason is set. They join the open batch. */
static int write_rows(tpr_spool *s, uint32_t upto, int64_t ended_ms, const char *reason)
{
    if (write_events(s))
        return -1;
    for (uint32_t i = s->segments_written; i < upto; i++) {
        const tpr_segment *g = &s->summary->seg[i];
        if (tpr_writer_segment(&s->w, g, &s->routine.dose[g->muscle], s->t0_us))
            return -1;
    }
    const tpr_spool_losses *l = &s->lost;
    if (memcmp(l, &s->stored, sizeof(*l)) &&
        tpr_writer_counts(&s->w, l->ring_dropped, l->ring_events + l->event_ticks, l->gap_ticks,
                          l->gap_us / 1000))
        return -1;
    if (reason && s->has_loop && tpr_writer_loop(&s->w, &s->loop))
        return -1;
    if (reason && tpr_writer_end(&s->w, ended_ms, reason))
        return -1;
    return 0;
}

/* The batch's trace is gone: its ticks and their time join the gap. */
static void drop_trace(tpr_spool *s)
{
    s->lost.gap_ticks += s->batch_ticks;
    if (s->batch_ticks)
        s->lost.gap_us += s->batch_last_us - s->batch_first_us + s->tick_us;
}

/* Write the open batch; when it is refused, again without its trace.
 * Returns 0, 1 when only the trace was dropped, -1 when the rows are kept
 * for later too. */
static int store(tpr_spool *s, uint32_t upto, int64_t ended_ms, const char *reason)
{
    flush_trace(s);
    int rc = 0;
    if (s->batch_failed || write_rows(s, upto, ended_ms, reason) || tpr_writer_commit(&s->w)) {
        if (!s->failing)
            snprintf(s->error, sizeof(s->error), "%s", s->w.error);
        drop_trace(s);
        rc = write_rows(s, upto, ended_ms, reason) || tpr_writer_commit(&s->w) ? -1 : 1;
    }
    if (rc >= 0) {
        s->nevents = 0;
        s->segments_written = upto;
        s->stored = s->lost;
    }
    s->failing = rc != 0;
    s->batch_ticks = 0;
    s->batch_failed = false;
    return rc;
}

int tpr_spool_commit(tpr_spool *s, uint32_t final_segments, uint64_t ring_dropped,
                     uint64_t ring_events)
{
    s->lost.ring_dropped = ring_dropped;
    s->lost.ring_events = ring_events;
    /* Final segments are written now, so that a crash keeps them. */
    return store(s, s->summary ? final_segments : 0, 0, NULL) ? -1 : 0;
}

int tpr_spool_finish(tpr_spool *s, int64_t ended_ms, const char *reason, uint64_t ring_dropped,
                     uint64_t ring_events)
{
    s->lost.ring_dropped = ring_dropped;
    s->lost.ring_events = ring_events;
    return store(s, s->summary ? s->summary->count : 0, ended_ms, reason) < 0 ? -1 : 0;
}

void tpr_spool_close(tpr_spool *s)
{
    tpr_writer_close(&s->w);
}
