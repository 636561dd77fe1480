/* The recorder thread: drains the ring, follows the session's segments with
 * the core's summary, decimates the trace and writes everything in batches
 * of about BATCH_MS, each one transaction. */
#include "recorder.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "retention.h"
#include "ring.h"
#include "summary.h"
#include "writer.h"

/* One transaction (and one fsync) about this often. */
#define BATCH_MS 100
/* Ticks taken from the ring at a time. */
#define POP_MAX 512

struct tpr_recorder {
    tpr_ring ring;
    tpr_writer w;
    tpr_routine routine;
    uint32_t trace_every;
    pthread_t thread;
    int wake_fd; /* eventfd: finish wakes the thread without waiting for its timer */
    atomic_bool stop;
    /* recorder thread only */
    bool started;  /* t0_us is known */
    int64_t t0_us; /* loop time of the first tick: session time 0 */
    uint32_t segments_written;
    uint32_t npoints;
    tpr_summary summary;
    tpr_trace_point points[TPR_WRITER_POINTS];
    tpr_tick ticks[POP_MAX];
};

const char *tpr_session_end_name(tpr_session_end e)
{
    static const char *const names[] = {"completed", "stopped", "fault", "terminated",
                                        "interrupted"};
    return (unsigned)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tpr_recorder_push(tpr_recorder *r, int64_t now_us, const tpr_sample *s, const tpr_output *o)
{
    tpr_tick t = {
        .t_us = now_us,
        .kpa = s->kpa,
        .filtered_kpa = o->filtered_kpa,
        .intensity_pct = o->intensity_pct,
        .events = o->events,
        .hold_ms = o->hold_ms,
        .rep = o->rep,
        .muscle = (uint8_t)o->muscle,
        .state = (uint8_t)o->state,
        .reason = (uint8_t)o->reason,
        .ok = s->ok,
    };
    tpr_ring_push(&r->ring, &t);
}

uint64_t tpr_recorder_dropped(const tpr_recorder *r)
{
    return tpr_ring_dropped(&r->ring);
}

uint64_t tpr_recorder_events_lost(const tpr_recorder *r)
{
    return tpr_ring_events_lost(&r->ring);
}

int64_t tpr_recorder_session_id(const tpr_recorder *r)
{
    return r->w.session_id;
}

/* Segments the summary has moved past are final: write them now, so that a
 * crash keeps them. */
static void write_segments(tpr_recorder *r, uint32_t upto)
{
    for (; r->segments_written < upto; r->segments_written++) {
        const tpr_segment *g = &r->summary.seg[r->segments_written];
        tpr_writer_segment(&r->w, g, &r->routine.dose[g->muscle], r->t0_us);
    }
}

static void flush_trace(tpr_recorder *r)
{
    tpr_writer_chunk(&r->w, r->points, r->npoints);
    r->npoints = 0;
}

static void write_events(tpr_recorder *r, const tpr_tick *t, int64_t t_ms)
{
    char detail[64];
    snprintf(detail, sizeof(detail), "%s#%u", r->routine.dose[t->muscle].muscle, t->rep);
    for (unsigned i = 0; i < TPR_EV_COUNT; i++)
        if (t->events & (1u << i))
            tpr_writer_event(&r->w, t_ms, tpr_event_name((tpr_event)(1u << i)), detail);
}

static void record_tick(tpr_recorder *r, const tpr_tick *t)
{
    if (!r->started) {
        r->started = true;
        r->t0_us = t->t_us;
    }
    if (t->muscle >= r->routine.count)
        return; /* not from this routine: nothing to file it under */
    int64_t st = t->t_us - r->t0_us;
    tpr_output o = {
        .filtered_kpa = t->filtered_kpa,
        .intensity_pct = t->intensity_pct,
        .state = (tpr_state)t->state,
        .events = t->events,
        .hold_ms = t->hold_ms,
        .muscle = t->muscle,
        .rep = t->rep,
        .reason = (tpr_done_reason)t->reason,
    };
    tpr_summary_step(&r->summary, t->t_us, &o, &r->routine.dose[t->muscle]);
    if (r->summary.count > 1)
        write_segments(r, r->summary.count - 1);
    if (t->events)
        write_events(r, t, st / 1000);
    /* Every Nth tick of the loop, counted with the dropped ones, so the
     * trace keeps a regular grid; event ticks always. */
    if (t->seq % r->trace_every == 0 || t->events) {
        if (r->npoints == TPR_WRITER_POINTS)
            flush_trace(r);
        r->points[r->npoints++] = (tpr_trace_point){
            .t_us = st,
            .kpa = t->kpa,
            .filtered_kpa = t->filtered_kpa,
            .intensity_pct = t->intensity_pct,
            .state = t->state,
            .ok = t->ok,
        };
    }
}

static void commit(tpr_recorder *r, int64_t *batch_start)
{
    flush_trace(r);
    tpr_writer_commit(&r->w);
    *batch_start = mono_ms();
}

/* Take everything in the ring, committing whenever a batch period is over
 * (a long backlog too commits every BATCH_MS). */
static void drain(tpr_recorder *r, int64_t *batch_start)
{
    uint32_t n;
    do {
        n = tpr_ring_pop(&r->ring, r->ticks, POP_MAX);
        for (uint32_t i = 0; i < n; i++)
            record_tick(r, &r->ticks[i]);
        if (mono_ms() - *batch_start >= BATCH_MS)
            commit(r, batch_start);
    } while (n > 0);
}

static void *recorder_thread(void *arg)
{
    tpr_recorder *r = arg;
    int64_t batch_start = mono_ms();
    for (;;) {
        bool stopping = atomic_load(&r->stop);
        drain(r, &batch_start);
        if (stopping) {
            commit(r, &batch_start);
            return NULL;
        }
        /* Sleep out the rest of the batch period, or until finish. */
        struct pollfd p = {.fd = r->wake_fd, .events = POLLIN};
        int64_t left = batch_start + BATCH_MS - mono_ms();
        uint64_t v;
        if (left > 0 && poll(&p, 1, (int)left) > 0 && read(r->wake_fd, &v, sizeof(v)) < 0)
            continue; /* nothing to read after all: the next round sleeps again */
    }
}

static void destroy(tpr_recorder *r)
{
    tpr_writer_close(&r->w);
    sqlite3_close(r->w.db);
    if (r->wake_fd >= 0)
        close(r->wake_fd);
    tpr_ring_free(&r->ring);
    free(r);
}

/* Everything up to the session row and the thread: the database. */
static int open_store(tpr_recorder *r, const char *path, const tpr_session_info *info, char *err,
                      size_t errlen)
{
    sqlite3 *db = tpr_db_open(path, err, errlen);
    if (!db)
        return -1;
    r->w.db = db;
    char why[256];
    tpr_retention keep = {.keep_days = info->keep_days,
                          .max_bytes = (uint64_t)info->keep_mb * 1000000u};
    int64_t user = -1;
    if (tpr_db_mark_interrupted(db, why, sizeof(why)) < 0 ||
        tpr_retention_prune(db, &keep, tpr_db_now_ms(), why, sizeof(why)) < 0 ||
        (user = tpr_db_user_id(db, info->user, why, sizeof(why))) < 0 ||
        tpr_writer_open(&r->w, db, user, info->routine_name, tpr_db_now_ms(), info->rate_hz,
                        info->rate_hz / info->trace_every, why, sizeof(why))) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    return 0;
}

tpr_recorder *tpr_recorder_start(const char *path, const tpr_session_info *info, char *err,
                                 size_t errlen)
{
    if (!info->trace_every || !info->rate_hz || info->rate_hz % info->trace_every ||
        !info->routine || !info->routine->count) {
        snprintf(err, errlen, "%s: recorder: bad session settings (rate %u Hz, every %u)", path,
                 info->rate_hz, info->trace_every);
        return NULL;
    }
    tpr_recorder *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "recorder: out of memory");
        return NULL;
    }
    r->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    r->routine = *info->routine;
    r->trace_every = info->trace_every;
    atomic_init(&r->stop, false);
    tpr_summary_init(&r->summary);
    uint32_t cap = info->ring_ticks ? info->ring_ticks : TPR_RECORDER_RING;
    if (r->wake_fd < 0 || tpr_ring_init(&r->ring, cap)) {
        snprintf(err, errlen, "recorder: %s (ring of %u ticks)", strerror(errno), cap);
        destroy(r);
        return NULL;
    }
    if (open_store(r, path, info, err, errlen)) {
        destroy(r);
        return NULL;
    }
    if ((errno = pthread_create(&r->thread, NULL, recorder_thread, r))) {
        snprintf(err, errlen, "recorder thread: %s", strerror(errno));
        destroy(r);
        return NULL;
    }
    return r;
}

int tpr_recorder_finish(tpr_recorder *r, tpr_session_end how, char *err, size_t errlen)
{
    atomic_store(&r->stop, true);
    uint64_t one = 1;
    if (write(r->wake_fd, &one, sizeof(one)) < 0)
        (void)0; /* the thread wakes by its timer anyway */
    pthread_join(r->thread, NULL);
    /* The thread is gone: its state is ours. The repetition in progress is
     * written as the summary has it (complete = 0 unless it reached done). */
    write_segments(r, r->summary.count);
    tpr_writer_end(&r->w, tpr_db_now_ms(), tpr_session_end_name(how), tpr_ring_dropped(&r->ring),
                   tpr_ring_events_lost(&r->ring));
    tpr_writer_commit(&r->w);
    int rc = 0;
    if (r->w.error[0]) {
        snprintf(err, errlen, "session record: %s", r->w.error);
        rc = -1;
    }
    destroy(r);
    return rc;
}
