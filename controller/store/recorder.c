/* The recorder thread: drains the ring into the spool (spool.h), which
 * follows the session's segments, decimates the trace and writes it all in
 * batches of about batch_ms, each one transaction. */
#include "recorder.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "carry_over.h"
#include "db_file.h"
#include "db_setup.h"
#include "retention.h"
#include "ring.h"
#include "spool.h"
#include "thread.h"

/* The recorder's stack: SQLite's deepest insert and commit need tens of
 * KB; the rest is headroom. Not pre-faulted: no deadline runs on it. */
#define RECORDER_STACK (512 * 1024)

/* The ring is drained this often in between (or every batch, if shorter),
 * so that it fills only when the disk stalls, as with short batches (a
 * 10 kHz loop fills it in 3 s). */
#define DRAIN_MS 100
/* Ticks taken from the ring at a time. */
#define POP_MAX 512

struct tpr_recorder {
    tpr_ring ring;
    pthread_t thread;
    int wake_fd; /* eventfd: finish wakes the thread without waiting for its timer */
    int64_t batch_ms;
    atomic_bool stop;
    const tpr_summary *summary;      /* the loop's; NULL: no segments */
    uint32_t final_pushed;           /* loop thread: final segments published */
    _Atomic uint32_t segments_final; /* the summary's segments that are final */
    tpr_recorder_report *report;
    void *report_ctx;
    char *path;
    sqlite3 *db;      /* opened and closed here; the spool writes through it (NULL: let_go) */
    tpr_db_file file; /* the file db is on */
    sqlite3 *copy;    /* db NULL: the session so far, in memory, as copy_id */
    int64_t copy_id;
    _Atomic int64_t session_id;
    _Atomic uint32_t files_left, carried; /* see let_go, carry_over */
    bool has_loop;                        /* main thread: tpr_recorder_loop_timing() */
    tpr_session_loop loop;
    /* recorder thread only */
    int64_t outage_ms; /* monotonic time of the first refused batch */
    bool carry_said;   /* why the session cannot be carried over yet was said */
    tpr_spool spool;
    tpr_tick ticks[POP_MAX];
};

uint32_t tpr_recorder_trace_rate(uint32_t rate_hz)
{
    for (uint32_t every = rate_hz / TPR_RECORDER_TRACE_HZ; every > 1; every--)
        if (rate_hz % every == 0)
            return rate_hz / every;
    return rate_hz;
}

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
    /* Published after the tick: a segment is never written before the
     * ticks that close it, and never touched again once moved past. */
    uint32_t final = r->summary && r->summary->count ? r->summary->count - 1 : 0;
    if (final != r->final_pushed) {
        r->final_pushed = final;
        atomic_store_explicit(&r->segments_final, final, memory_order_release);
    }
}

uint64_t tpr_recorder_dropped(const tpr_recorder *r)
{
    return tpr_ring_dropped(&r->ring);
}

uint64_t tpr_recorder_events_lost(const tpr_recorder *r)
{
    return tpr_ring_events_lost(&r->ring);
}

void tpr_recorder_moves(const tpr_recorder *r, uint32_t *left, uint32_t *carried)
{
    *carried = atomic_load(&r->carried);
    *left = atomic_load(&r->files_left);
}

uint64_t tpr_recorder_backlog(const tpr_recorder *r)
{
    return tpr_ring_backlog(&r->ring);
}

int64_t tpr_recorder_session_id(const tpr_recorder *r)
{
    return atomic_load(&r->session_id);
}

static void say(tpr_recorder *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(tpr_recorder *r, const char *fmt, ...)
{
    if (!r->report)
        return;
    char line[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    r->report(r->report_ctx, line);
}

/* Stop writing to a database file the path no longer names (at a batch's
 * end: nothing of the session is in an open transaction), with a copy of
 * the session in memory to carry over: the file may have no name left. */
static bool let_go(tpr_recorder *r)
{
    tpr_writer *w = &r->spool.w;
    const char *fate = tpr_db_file_fate(&r->file, r->path);
    if (!fate)
        return false;
    char where[512], why[256];
    uint64_t rows;
    tpr_db_file_where(&r->file, where, sizeof(where));
    sqlite3 *copy = tpr_db_open(":memory:", why, sizeof(why));
    int64_t copy_id =
        copy ? tpr_carry_over(r->db, w->session_id, copy, &rows, why, sizeof(why)) : -1;
    if (copy_id >= 0) {
        snprintf(why, sizeof(why), "the database at %s was %s", r->path, fate);
        tpr_writer_detach(w, why);
        if (tpr_db_file_let_go(r->db, why, sizeof(why))) {
            char again[256];
            if (tpr_writer_attach(w, r->db, w->session_id, again, sizeof(again)))
                tpr_writer_detach(w, again);
            copy_id = -1;
        }
    }
    if (copy_id < 0) {
        sqlite3_close(copy);
        say(r, "session %lld: %s was %s, but the file recorded into cannot be let go yet (%s)",
            (long long)w->session_id, r->path, fate, why);
        return false;
    }
    r->db = NULL;
    r->copy = copy;
    r->copy_id = copy_id;
    atomic_fetch_add(&r->files_left, 1);
    bool gone = strstr(where, " (deleted)") != NULL;
    if (!strcmp(where, r->path))
        say(r,
            "session %lld: %s was %s while recording; tprd stops writing into it, and the "
            "session goes on in a database at %s that takes it",
            (long long)w->session_id, r->path, fate, r->path);
    else
        say(r,
            "session %lld: %s was %s while recording; the file recorded into so far %s%s, and "
            "the session goes on in the database at %s",
            (long long)w->session_id, r->path, fate,
            gone ? "is removed" : "is left as it is, complete, at ", gone ? "" : where, r->path);
    return true;
}

/* Whoever replaces or moves the database does it file by file (mv
 * sessions.db* aside/): a database made at the path before they are done
 * could lose its -wal to them. The path and its -wal and -shm must stay as
 * they are for a tenth of a batch period first (200 ms by default). */
static void identify(const char *path, const char *suffix, struct stat *st)
{
    char name[PATH_MAX];
    snprintf(name, sizeof(name), "%s%s", path, suffix);
    if (stat(name, st))
        memset(st, 0, sizeof(*st));
}

static bool settled(const char *path, int64_t ms)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    struct stat before[3], after[3];
    for (int i = 0; i < 3; i++)
        identify(path, suffix[i], &before[i]);
    nanosleep(&(struct timespec){.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L}, NULL);
    for (int i = 0; i < 3; i++) {
        identify(path, suffix[i], &after[i]);
        if (before[i].st_dev != after[i].st_dev || before[i].st_ino != after[i].st_ino)
            return false;
    }
    return true;
}

/* The path names another database, or none: carry the session over to it
 * (created if none), and write there from now on. Until that works, each
 * batch is refused as by a full disk (spool.h), and carrying over is tried
 * again at the next one. */
static void carry_over(tpr_recorder *r)
{
    tpr_writer *w = &r->spool.w;
    char why[1024]; /* tpr_db_open says how to move a damaged file aside */
    uint64_t rows = 0;
    tpr_db_file now = {.fd = -1};
    /* Still changing after a batch period: tried again at the next batch. */
    int tries = 0;
    while (!settled(r->path, r->batch_ms / 10 + 1))
        if (++tries == 10)
            return;
    sqlite3 *to = tpr_db_open(r->path, why, sizeof(why));
    int64_t was = w->session_id;
    int64_t id = to ? tpr_carry_over(r->copy, r->copy_id, to, &rows, why, sizeof(why)) : -1;
    if (id < 0 || tpr_db_file_hold(&now, r->path, why, sizeof(why)) ||
        tpr_writer_attach(w, to, id, why, sizeof(why))) {
        tpr_writer_detach(w, "not carried over to the database at the path yet");
        w->session_id = was;
        sqlite3_close(to);
        tpr_db_file_release(&now);
        if (!r->carry_said)
            say(r, "session %lld: cannot carry it over to %s yet: %s; trying again each batch",
                (long long)w->session_id, r->path, why);
        r->carry_said = true;
        return;
    }
    say(r, "session %lld goes on as session %lld in %s, its %llu rows so far carried over",
        (long long)atomic_load(&r->session_id), (long long)id, r->path, (unsigned long long)rows);
    tpr_db_file_release(&r->file);
    r->file = now;
    r->db = to;
    sqlite3_close(r->copy);
    r->copy = NULL;
    r->carry_said = false;
    atomic_store(&r->session_id, id);
    atomic_fetch_add(&r->carried, 1);
}

/* Write the batch and say at once when the disk starts refusing, and when
 * it takes the session's rows again. */
static void commit(tpr_recorder *r, int64_t *batch_start)
{
    tpr_spool *s = &r->spool;
    bool was_failing = s->failing;
    uint32_t final = atomic_load_explicit(&r->segments_final, memory_order_acquire);
    bool written =
        tpr_spool_commit(s, final, tpr_ring_dropped(&r->ring), tpr_ring_events_lost(&r->ring)) == 0;
    *batch_start = mono_ms();
    if (!written && !was_failing) {
        r->outage_ms = *batch_start;
        say(r,
            "session %lld: cannot write to the database: %s; the control loop goes on, the "
            "trace is dropped until the disk takes it again, events and repetitions are kept "
            "(up to %d ticks with events)",
            (long long)s->w.session_id, s->error, TPR_SPOOL_EVENTS);
    } else if (written && was_failing) {
        say(r,
            "session %lld: writing again after %.1f s; the session's gap so far: %.1f s of "
            "trace (%llu ticks)",
            (long long)s->w.session_id, (double)(*batch_start - r->outage_ms) / 1000.0,
            (double)s->lost.gap_us / 1e6, (unsigned long long)s->lost.gap_ticks);
    }
    if (!r->db || let_go(r))
        carry_over(r);
}

/* Take everything in the ring, committing whenever a batch period is over
 * (a long backlog too commits every batch_ms). */
static void drain(tpr_recorder *r, int64_t *batch_start)
{
    uint32_t n;
    do {
        n = tpr_ring_pop(&r->ring, r->ticks, POP_MAX);
        for (uint32_t i = 0; i < n; i++)
            tpr_spool_tick(&r->spool, &r->ticks[i]);
        if (mono_ms() - *batch_start >= r->batch_ms)
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
        /* Sleep until the next drain, or until finish. */
        struct pollfd p = {.fd = r->wake_fd, .events = POLLIN};
        int64_t left = batch_start + r->batch_ms - mono_ms();
        left = left < DRAIN_MS ? left : DRAIN_MS;
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            continue;
        /* Clear the wake-up. EAGAIN: nothing to clear, the next round sleeps
         * again; anything else only costs the wake-up, the timer remains. */
        uint64_t v;
        if (read(r->wake_fd, &v, sizeof(v)) < 0 && errno != EAGAIN)
            say(r, "recorder: wake-up: %s", strerror(errno));
    }
}

static void destroy(tpr_recorder *r)
{
    tpr_spool_close(&r->spool);
    if (r->db && sqlite3_close(r->db) != SQLITE_OK)
        say(r, "recorder: closing the database: %s", sqlite3_errmsg(r->db));
    tpr_db_file_release(&r->file); /* after the close: it would drop SQLite's locks */
    sqlite3_close(r->copy);
    free(r->path);
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
    r->db = db;
    char why[256];
    if (tpr_db_file_hold(&r->file, path, err, errlen))
        return -1;
    tpr_retention keep = {.keep_days = info->keep_days,
                          .max_bytes = (uint64_t)info->keep_mb * 1000000u};
    int64_t user = -1;
    if (tpr_db_mark_interrupted(db, why, sizeof(why)) < 0 ||
        tpr_retention_prune(db, &keep, tpr_db_now_ms(), why, sizeof(why)) < 0 ||
        (user = tpr_db_user_id(db, info->user, why, sizeof(why))) < 0 ||
        tpr_spool_open(&r->spool, db, info->routine, info->summary, info->rate_hz,
                       info->trace_every, user, info->routine_name, tpr_db_now_ms(), why,
                       sizeof(why))) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    atomic_init(&r->session_id, r->spool.w.session_id);
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
    r->file.fd = -1;
    r->path = strdup(path);
    r->report = info->report;
    r->report_ctx = info->report_ctx;
    r->summary = info->summary;
    r->batch_ms = info->batch_ms ? info->batch_ms : TPR_RECORDER_BATCH_MS;
    atomic_init(&r->stop, false);
    atomic_init(&r->segments_final, 0);
    atomic_init(&r->files_left, 0);
    atomic_init(&r->carried, 0);
    uint32_t cap = info->ring_ticks ? info->ring_ticks : TPR_RECORDER_RING;
    if (r->wake_fd < 0 || !r->path || tpr_ring_init(&r->ring, cap)) {
        snprintf(err, errlen, "recorder: %s (ring of %u ticks)", strerror(errno), cap);
        destroy(r);
        return NULL;
    }
    if (open_store(r, path, info, err, errlen)) {
        destroy(r);
        return NULL;
    }
    if ((errno = tpr_thread_start(&r->thread, RECORDER_STACK, recorder_thread, r))) {
        snprintf(err, errlen, "recorder thread: %s", strerror(errno));
        destroy(r);
        return NULL;
    }
    return r;
}

void tpr_recorder_loop_timing(tpr_recorder *r, const tpr_session_loop *t)
{
    r->loop = *t;
    r->has_loop = true;
}

int tpr_recorder_finish(tpr_recorder *r, tpr_session_end how, char *err, size_t errlen)
{
    atomic_store(&r->stop, true);
    uint64_t one = 1;
    if (write(r->wake_fd, &one, sizeof(one)) < 0)
        say(r, "recorder: waking the thread: %s (it ends at its next timer)", strerror(errno));
    pthread_join(r->thread, NULL);
    /* The thread is gone: its state is ours. */
    tpr_spool *s = &r->spool;
    s->has_loop = r->has_loop;
    s->loop = r->loop;
    int rc = tpr_spool_finish(s, tpr_db_now_ms(), tpr_session_end_name(how),
                              tpr_ring_dropped(&r->ring), tpr_ring_events_lost(&r->ring));
    if (rc)
        snprintf(err, errlen,
                 "session %lld: its end could not be recorded (%s); the next start of tprd "
                 "marks it interrupted",
                 (long long)s->w.session_id, s->w.error);
    else if (s->lost.gap_ticks || s->lost.event_ticks)
        snprintf(err, errlen,
                 "session %lld: the disk refused %.1f s of its trace (%llu ticks) and %llu "
                 "ticks with events (%s); the session row records the gap",
                 (long long)s->w.session_id, (double)s->lost.gap_us / 1e6,
                 (unsigned long long)s->lost.gap_ticks, (unsigned long long)s->lost.event_ticks,
                 s->error);
    rc = rc || s->lost.gap_ticks || s->lost.event_ticks ? -1 : 0;
    destroy(r);
    return rc;
}
