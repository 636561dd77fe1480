/* tprctl figures: how long reading a long session takes — export --csv of
 * its trace and plot — on a database with --minutes of 1 kHz trace (default
 * 60: an hour), written straight through the store's schema and encoding.
 * Prints points per second and the sizes. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "schema.h"
#include "trace_chunk.h"

#define RATE_HZ 1000
#define CHUNK_POINTS 1000

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        fprintf(stderr, "bench_tprctl: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

/* One session of the given length with one repetition and its trace. */
static void build(const char *path, long minutes)
{
    sqlite3 *db;
    check(sqlite3_open(path, &db), db, path);
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; BEGIN", NULL, NULL, NULL), db, "begin");
    for (int i = 0; i < tpr_store_schema_version; i++)
        check(sqlite3_exec(db, tpr_store_migrations[i], NULL, NULL, NULL), db, "migration");
    char sql[1024];
    long ms = minutes * 60000;
    snprintf(sql, sizeof(sql),
             "INSERT INTO users VALUES (1, 'bench');"
             "INSERT INTO sessions(id, user_id, routine, started_at, ended_at, end_reason,"
             " rate_hz, trace_rate_hz) VALUES (1, 1, 'knee_front', 1790870400000, %ld,"
             " 'completed', %d, %d);"
             "INSERT INTO segments(session_id, muscle, rep, start_ms, end_ms, in_band_ms, over_ms,"
             " hold_target_ms, band_min_kpa, band_max_kpa, limit_kpa, released, complete)"
             " VALUES (1, 'vastus_lateralis', 1, 0, %ld, %ld, 0, 30000, 120, 300, 450, 0, 1);"
             "PRAGMA user_version = %d",
             1790870400000L + ms, RATE_HZ, RATE_HZ, ms, ms, tpr_store_schema_version);
    check(sqlite3_exec(db, sql, NULL, NULL, NULL), db, "session");
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(db, "INSERT INTO trace_chunks VALUES (1, ?1, ?2, ?3)", -1, &st, NULL),
          db, "prepare");
    static tpr_trace_point p[CHUNK_POINTS];
    static uint8_t blob[CHUNK_POINTS * TPR_TRACE_POINT_BYTES];
    long points = minutes * 60 * RATE_HZ;
    for (long c = 0; c * CHUNK_POINTS < points; c++) {
        for (int i = 0; i < CHUNK_POINTS; i++) {
            long k = c * CHUNK_POINTS + i;
            float x = (float)k / (float)RATE_HZ;
            p[i] = (tpr_trace_point){.t_us = k * (1000000 / RATE_HZ),
                                     .kpa = 180.0f + 40.0f * sinf(x) + 3.0f * sinf(x * 900.0f),
                                     .filtered_kpa = 180.0f + 40.0f * sinf(x),
                                     .intensity_pct = 45.0f,
                                     .state = 2,
                                     .ok = true};
        }
        size_t n = tpr_trace_encode(p, CHUNK_POINTS, p[0].t_us, blob);
        sqlite3_bind_int64(st, 1, p[0].t_us);
        sqlite3_bind_int(st, 2, CHUNK_POINTS);
        sqlite3_bind_blob(st, 3, blob, (int)n, SQLITE_STATIC);
        check(sqlite3_step(st), db, "chunk");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    sqlite3_close(db);
}

/* Run tprctl with args; returns the seconds it took. */
static double run(char *const *argv)
{
    double t0 = seconds_now();
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench_tprctl: %s %s failed\n", argv[0], argv[3]);
        exit(1);
    }
    return seconds_now() - t0;
}

static double megabytes(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (double)sb.st_size / 1e6 : 0.0;
}

int main(int argc, char **argv)
{
    long minutes = 60;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--minutes") == 0 && i + 1 < argc)
            minutes = atol(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_tprctl [--minutes N]\n");
            return 2;
        }
    }
    if (minutes < 1) {
        fprintf(stderr, "bench_tprctl: --minutes must be at least 1\n");
        return 2;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[256], db[300], csv[300], png[300];
    snprintf(dir, sizeof(dir), "%s/bench_tprctl-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("bench_tprctl: mkdtemp");
        return 1;
    }
    snprintf(db, sizeof(db), "%s/sessions.db", dir);
    snprintf(csv, sizeof(csv), "%s/trace.csv", dir);
    snprintf(png, sizeof(png), "%s/plot.png", dir);
    build(db, minutes);
    long points = minutes * 60 * RATE_HZ;

    char *export_argv[] = {TPRCTL_BIN, "--db", db, "export", "1", "--csv", "-o", csv, NULL};
    char *plot_argv[] = {TPRCTL_BIN, "--db", db, "plot", "1", "-o", png, NULL};
    double export_s = run(export_argv), plot_s = run(plot_argv);
    printf("tprctl: session of %ld min at %d Hz, %ld points, database %.1f MB\n", minutes, RATE_HZ,
           points, megabytes(db));
    printf("export --csv: %.2f s = %.2f M points/s, CSV %.1f MB\n", export_s,
           (double)points / export_s / 1e6, megabytes(csv));
    printf("plot: %.2f s (PNG %.0f kB)\n", plot_s, megabytes(png) * 1000.0);
    unlink(csv);
    unlink(png);
    unlink(db);
    char side[320];
    snprintf(side, sizeof(side), "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", db);
    unlink(side);
    rmdir(dir);
    return 0;
}
