/* Session store figures:
 * - insert: a long session pushed as fast as the recorder takes it (ring
 *   big enough for all), timed until every batch is committed: samples/s;
 * - sustained: a 1 kHz producer paced by a timerfd, as the control loop is,
 *   for a few seconds: its overruns, the samples the recorder made it drop,
 *   and the longest push;
 * - growth: database bytes per hour of session at 1 kHz, from the
 *   sustained runs (every tick, and the trace decimated to 100 Hz).
 * The database goes to --dir (default $TMPDIR or /tmp): point it at the
 * device's data directory to measure its storage. */
#include <errno.h>
#include <sched.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "recorder.h"
#include "trace_gen.h"

#define RATE_HZ 1000

typedef struct tick_source {
    tpr_core core;
    trace_session hand;
    tpr_routine routine;
    uint64_t i;
} tick_source;

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A realistic session: trace_gen's hand on its dose, repeated for ever. */
static void source_init(tick_source *src)
{
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    memset(&src->routine, 0, sizeof(src->routine));
    src->routine.name = "bench";
    src->routine.count = 1;
    trace_dose(&src->routine.dose[0]);
    src->routine.dose[0].reps = 100000;
    tpr_core_init(&src->core, &cfg, &src->routine);
    trace_session_for(&src->hand, &src->routine.dose[0], RATE_HZ);
    src->i = 0;
}

static void source_next(tick_source *src, int64_t t_us, tpr_sample *s, tpr_output *o)
{
    int64_t st = (int64_t)src->i++ * 1000000 / RATE_HZ;
    *s = (tpr_sample){.t_us = t_us, .kpa = trace_session_kpa(&src->hand, st), .ok = true};
    tpr_core_step(&src->core, t_us, s, o);
}

static tpr_session_info session_info(const tpr_routine *r, uint32_t every, uint32_t ring)
{
    return (tpr_session_info){.user = "bench",
                              .routine_name = "bench",
                              .routine = r,
                              .rate_hz = RATE_HZ,
                              .trace_every = every,
                              .ring_ticks = ring};
}

static void remove_db(const char *db)
{
    char p[600];
    static const char *const ext[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s%s", db, ext[i]);
        unlink(p);
    }
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) ? -1 : (long long)st.st_size;
}

/* The number sql finds in the database at path, or -1. */
static long long query(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int finish(tpr_recorder *r, const char *what)
{
    char err[512];
    if (tpr_recorder_finish(r, TPR_END_COMPLETED, err, sizeof(err))) {
        fprintf(stderr, "bench_store: %s: %s\n", what, err);
        return -1;
    }
    return 0;
}

static uint32_t ring_for(uint64_t n)
{
    uint32_t cap = 1024;
    while (cap < n + 64)
        cap <<= 1;
    return cap;
}

static int bench_insert(const char *db, uint64_t n)
{
    static tick_source src;
    source_init(&src);
    tpr_sample *s = malloc(n * sizeof(*s));
    tpr_output *o = malloc(n * sizeof(*o));
    if (!s || !o) {
        fprintf(stderr, "bench_store: out of memory for %llu samples\n", (unsigned long long)n);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++)
        source_next(&src, (int64_t)i * 1000, &s[i], &o[i]);
    remove_db(db);
    tpr_session_info info = session_info(&src.routine, 1, ring_for(n));
    char err[512];
    double t0 = seconds_now();
    tpr_recorder *r = tpr_recorder_start(db, &info, err, sizeof(err));
    if (!r) {
        fprintf(stderr, "bench_store: %s\n", err);
        return -1;
    }
    for (uint64_t i = 0; i < n; i++)
        tpr_recorder_push(r, (int64_t)i * 1000, &s[i], &o[i]);
    uint64_t dropped = tpr_recorder_dropped(r);
    if (finish(r, "insert"))
        return -1;
    double dt = seconds_now() - t0;
    printf("insert: %llu samples in %.3f s = %.0f samples/s (every tick in the trace, "
           "%llu dropped, %lld trace points and %lld events stored)\n",
           (unsigned long long)n, dt, (double)n / dt, (unsigned long long)dropped,
           query(db, "SELECT sum(points) FROM trace_chunks"),
           query(db, "SELECT count(*) FROM events"));
    free(s);
    free(o);
    remove_db(db);
    return 0;
}

/* The empty database's size, to take off the growth figures. */
static long long empty_size(const char *db)
{
    static tick_source src;
    source_init(&src);
    remove_db(db);
    tpr_session_info info = session_info(&src.routine, 1, 0);
    char err[512];
    tpr_recorder *r = tpr_recorder_start(db, &info, err, sizeof(err));
    if (!r || finish(r, "empty"))
        return -1;
    long long size = file_size(db);
    remove_db(db);
    return size;
}

/* 1 kHz from a timerfd with absolute deadlines, as tprd's loop runs. */
static int bench_sustained(const char *db, double seconds, uint32_t every, long long base)
{
    static tick_source src;
    source_init(&src);
    remove_db(db);
    tpr_session_info info = session_info(&src.routine, every, 0);
    char err[512];
    tpr_recorder *r = tpr_recorder_start(db, &info, err, sizeof(err));
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (!r || tfd < 0) {
        fprintf(stderr, "bench_store: %s\n", r ? strerror(errno) : err);
        return -1;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec its = {.it_value = {.tv_sec = now.tv_sec + 1, .tv_nsec = 0},
                             .it_interval = {.tv_sec = 0, .tv_nsec = 1000000000 / RATE_HZ}};
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    uint64_t ticks = 0, overruns = 0, want = (uint64_t)(seconds * RATE_HZ);
    double push_max = 0;
    while (ticks < want) {
        uint64_t exp;
        if (read(tfd, &exp, sizeof(exp)) != sizeof(exp))
            break;
        overruns += exp - 1;
        double t = seconds_now();
        tpr_sample s;
        tpr_output o;
        source_next(&src, (int64_t)(t * 1e6), &s, &o);
        double p0 = seconds_now();
        tpr_recorder_push(r, s.t_us, &s, &o);
        double p = seconds_now() - p0;
        push_max = p > push_max ? p : push_max;
        ticks++;
    }
    close(tfd);
    uint64_t dropped = tpr_recorder_dropped(r), lost = tpr_recorder_events_lost(r);
    if (finish(r, "sustained"))
        return -1;
    long long bytes = file_size(db) - base;
    printf("sustained: %llu ticks at %d Hz, trace %u Hz: %llu overruns, %llu dropped, "
           "%llu events lost, longest push %.1f us\n",
           (unsigned long long)ticks, RATE_HZ, RATE_HZ / every, (unsigned long long)overruns,
           (unsigned long long)dropped, (unsigned long long)lost, push_max * 1e6);
    /* The file grows by whole pages: say how coarse the figure is. */
    double hours = (double)ticks / RATE_HZ / 3600.0;
    printf("growth: trace %u Hz: %.1f MB per hour of session (%lld bytes in %.1f s, +/- %.1f "
           "MB/h for one page)\n",
           RATE_HZ / every, (double)bytes / hours / 1e6, bytes, hours * 3600.0,
           (double)query(db, "PRAGMA page_size") / hours / 1e6);
    remove_db(db);
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t samples = 500000;
    double seconds = 8;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--samples") == 0)
            samples = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--seconds") == 0)
            seconds = strtod(argv[i + 1], NULL);
        else if (strcmp(argv[i], "--dir") == 0)
            dir = argv[i + 1];
        else
            argc = 0;
    }
    if (argc % 2 == 0 || !samples || seconds <= 0) {
        fprintf(stderr, "usage: %s [--samples N] [--seconds S] [--dir DIR]\n", argv[0]);
        return 2;
    }
    /* The producer stands in for the control loop: real time if allowed. */
    struct sched_param sp = {.sched_priority = 40};
    bool rt = sched_setscheduler(0, SCHED_FIFO, &sp) == 0;
    printf("store: database in %s; producer %s\n", dir,
           rt ? "SCHED_FIFO 40" : "not real-time (no permission)");
    char db[512];
    snprintf(db, sizeof(db), "%s/tprd-bench-store.db", dir);
    long long base;
    if (bench_insert(db, samples) || (base = empty_size(db)) < 0 ||
        bench_sustained(db, seconds, 1, base) || bench_sustained(db, seconds, 10, base))
        return 1;
    return 0;
}
