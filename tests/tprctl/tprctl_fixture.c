#include "tprctl_fixture.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "schema.h"

extern char **environ;

static const char *const SESSIONS_SQL =
    "INSERT INTO users(id, name) VALUES (1, 'alice'), (2, 'bob'), (3, 'zoë \"z\"');"
    "INSERT INTO sessions(id, user_id, routine, started_at, ended_at, end_reason, rate_hz,"
    " trace_rate_hz, samples_dropped, trace_pruned, events_dropped) VALUES"
    " (1, 1, 'knee_front', 1790870400000, 1790871000000, 'completed', 1000, 1000, 0, 1, 0),"
    " (2, 2, 'knee_back', 1790929800000, 1790930125000, 'completed', 1000, 1000, 0, 0, 0),"
    " (3, 1, 'knee_front', 1791043200000, 1791043245000, 'completed', 1000, 50, 12, 0, 3),"
    " (4, 3, 'custom', 1791633600000, 1791633690000, 'completed', 1000, 1000, 0, 0, 0),"
    " (5, 2, 'knee_back', 1792485000000, NULL, 'interrupted', 1000, 1000, 0, 0, 0),"
    " (6, 1, 'knee_outside', 1793376000000, 1793376630000, 'stopped', 1000, 1000, 0, 0, 0),"
    " (7, 1, 'knee_front', 1793894400000, 1793895005000, 'completed', 1000, 1000, 0, 0, 0);"
    /* session, muscle, rep, start, end, in band, over, target, band min, max, limit, peak,
     * mean, intensity, released, release_ms, done reason, complete */
    "INSERT INTO segments(session_id, muscle, rep, start_ms, end_ms, in_band_ms, over_ms,"
    " hold_target_ms, band_min_kpa, band_max_kpa, limit_kpa, peak_kpa, mean_kpa,"
    " mean_intensity_pct, released, release_ms, done_reason, complete) VALUES"
    " (1, 'rectus_femoris', 1, 0, 40000, 30000, 1000, 30000, 120, 300, 450, 310.5, 200.25,"
    "  40, 0, NULL, 'target', 1),"
    " (1, 'vastus_lateralis', 1, 50000, 80000, 24000, 0, 30000, 120, 300, 450, 280, 190, 45,"
    "  1, 24000, 'release', 1),"
    " (1, 'vastus_lateralis', 2, 90000, 115000, 20000, 0, 30000, 120, 300, 450, 300, 210, 45,"
    "  1, 20000, 'release', 1),"
    " (2, 'gastrocnemius', 1, 0, 25000, 20000, 500, 30000, 100, 220, 350, 230, 160, 35, 1,"
    "  20000, 'release', 1),"
    " (3, 'rectus_femoris', 1, 0, 12000, 9000, 400, 10000, 120, 300, 450, 470.25, 205, 42,"
    "  1, 9000, 'release', 1),"
    " (3, 'vastus_lateralis', 1, 13000, 26000, 11000, 0, 10000, 120, 300, 450, 305, 195, 45,"
    "  1, 22000, 'release', 1),"
    " (3, 'vastus_lateralis', 2, 27000, 40000, 10000, 0, 10000, 120, 300, 450, 295, 205, 45,"
    "  0, NULL, 'target', 1),"
    " (4, 'popliteus', 1, 0, 60000, 20000, 0, 20000, 50, 120, 180, 118, 90, 25, 0, NULL,"
    "  'target', 1),"
    " (5, 'gastrocnemius', 1, 0, 9000, 4000, 0, 30000, 100, 220, 350, 200, 150, 35, 0, NULL,"
    "  NULL, 0),"
    " (6, 'vastus_lateralis', 1, 0, 30000, 18000, 0, 30000, 120, 300, 450, 290, 220, 45, 1,"
    "  18000, 'release', 1),"
    " (6, 'vastus_lateralis', 2, 40000, 50000, 5000, 2000, 30000, 120, 300, 450, 400, 300,"
    "  45, 0, NULL, NULL, 0),"
    " (7, 'rectus_femoris', 1, 0, 40000, 25000, 0, 30000, 120, 300, 450, 320, 215, 42, 1,"
    "  25000, 'release', 1),"
    " (7, 'vastus_lateralis', 1, 50000, 80000, 16000, 0, 30000, 120, 300, 450, 310, 230, 45,"
    "  1, 16000, 'release', 1),"
    " (7, 'vastus_lateralis', 2, 90000, 115000, 14000, 0, 30000, 120, 300, 450, 315, 240, 45,"
    "  1, 14000, 'release', 1);"
    "INSERT INTO events(session_id, t_ms, type, detail) VALUES"
    " (3, 1000, 'contact', 'rectus_femoris#1'), (3, 1500, 'hold_start', 'rectus_femoris#1'),"
    " (3, 5000, 'over_limit', 'rectus_femoris#1'), (3, 10500, 'release', 'rectus_femoris#1'),"
    " (3, 10500, 'done', 'rectus_femoris#1'), (3, 20000, 'sensor_fault', NULL),"
    " (3, 38000, 'routine_done', 'vastus_lateralis#2'),"
    " (4, 100, 'contact', 'popliteus#1, \"left\"'), (4, 200, 'hold_start', 'a\nb'),"
    " (1, 24000, 'release', 'vastus_lateralis#1');"
    "UPDATE sessions SET trace_gap_ticks = 10150, trace_gap_ms = 10200 WHERE id = 6;"
    /* user, muscle, side, taken at, target rate, threshold, reliable trials */
    "INSERT INTO measurements(user_id, muscle, side, taken_at, target_kpa_s, ppt_kpa,"
    " reliable_trials) VALUES"
    " (1, 'rectus_femoris', 'left', 1790866800000, 100, 280, 3),"
    " (1, 'rectus_femoris', 'left', 1791039600000, 100, 295, 2),"
    " (1, 'rectus_femoris', 'left', 1793890800000, 100, 330, 3),"
    " (1, 'rectus_femoris', 'right', 1790867400000, 100, 300, 3),"
    " (1, 'rectus_femoris', 'right', 1793891400000, 100, 280, 3),"
    " (1, 'vastus_lateralis', 'left', 1793372400000, 100, 250, 3),"
    " (1, 'vastus_lateralis', 'left', 1793890800000, 100, NULL, 0);";

tpr_trace_point fixture_point(size_t i)
{
    /* 20 ms apart with a few odd microseconds, a pressure wave, a failed
     * read every 333rd point and no filter output for the first ten. */
    float x = (float)i;
    tpr_trace_point p = {
        .t_us = (int64_t)i * 20000 + (int64_t)(i % 3),
        .kpa = 150.0f + 100.0f * sinf(x / 40.0f) + x / 7.0f,
        .filtered_kpa = i < 10 ? NAN : 150.0f + 100.0f * sinf((x - 1.0f) / 40.0f),
        .intensity_pct = (float)(i * 37 % 10001) / 100.0f,
        .state = (uint8_t)(i / 100 % 7),
        .ok = i % 333 != 5,
    };
    if (!p.ok)
        p.kpa = NAN;
    return p;
}

static void exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("fixture SQL: %s", msg);
}

static void insert_trace(sqlite3 *db)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "INSERT INTO trace_chunks(session_id, t0_us, points, data)"
                                        " VALUES (?1, ?2, ?3, ?4)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    /* Stored newest first: tprctl must order the chunks by time. */
    for (int c = FIXTURE_TRACE_CHUNKS - 1; c >= 0; c--) {
        tpr_trace_point pts[FIXTURE_CHUNK_POINTS];
        uint8_t buf[FIXTURE_CHUNK_POINTS * TPR_TRACE_POINT_BYTES];
        for (size_t i = 0; i < FIXTURE_CHUNK_POINTS; i++)
            pts[i] = fixture_point((size_t)c * FIXTURE_CHUNK_POINTS + i);
        size_t n = tpr_trace_encode(pts, FIXTURE_CHUNK_POINTS, pts[0].t_us, buf);
        sqlite3_bind_int(st, 1, FIXTURE_TRACE_SESSION);
        sqlite3_bind_int64(st, 2, pts[0].t_us);
        sqlite3_bind_int(st, 3, FIXTURE_CHUNK_POINTS);
        sqlite3_bind_blob(st, 4, buf, (int)n, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
}

void fixture_build(const char *path, int version)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec_sql(db, "PRAGMA journal_mode = WAL; BEGIN");
    for (int i = 0; i < tpr_store_schema_version; i++)
        exec_sql(db, tpr_store_migrations[i]);
    exec_sql(db, SESSIONS_SQL);
    insert_trace(db);
    char pragma[64];
    snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d; COMMIT", version);
    exec_sql(db, pragma);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

void fixture_dir(char *dir)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, 64, "%s/tprctl-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void fixture_rmdir(const char *dir)
{
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

void fixture_mem_device(const char *path, unsigned minor)
{
    if (mknod(path, S_IFCHR | 0666, makedev(1, minor)) != 0) {
        print_message("no device node %s (%s): needs root\n", path, strerror(errno));
        skip();
    }
}

bool fixture_is_device(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && S_ISCHR(sb.st_mode);
}

char *fixture_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s: %s", path, strerror(errno));
    char *buf = calloc(1, 1 << 21);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 21) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static const char PRECIOUS[] = "precious\n";

void fixture_precious(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(PRECIOUS, f);
    assert_int_equal(fclose(f), 0);
}

void fixture_expect_precious(const char *path, const char *dir)
{
    char *text = fixture_read(path);
    assert_string_equal(text, PRECIOUS);
    free(text);
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, ".tprctl-", 8) == 0)
            fail_msg("%s/%s left behind", dir, e->d_name);
    closedir(d);
}

void fixture_expect_full_device(const char *dev, const char *const *args)
{
    fixture_mem_device(dev, 7);
    const char *bin = getenv("TPRCTL_BIN");
    assert_non_null(bin);
    char *argv[32] = {(char *)bin};
    size_t n = 1;
    for (; *args; args++) {
        assert_true(n < 28);
        argv[n++] = (char *)*args;
    }
    argv[n++] = "-o";
    argv[n++] = (char *)dev;
    argv[n] = NULL;
    tprctl_result r = run_argv(argv);
    assert_int_equal(r.status, 1);
    if (!strstr(r.err, ": write error: No space left on device"))
        fail_msg("stderr: %s", r.err);
    tprctl_result_free(&r);
    assert_true(fixture_is_device(dev));
}

char fixture_tmp[64];
char fixture_db[128];

int fixture_setup(void **state)
{
    (void)state;
    fixture_dir(fixture_tmp);
    snprintf(fixture_db, sizeof(fixture_db), "%s/sessions.db", fixture_tmp);
    fixture_build(fixture_db, tpr_store_schema_version);
    return 0;
}

int fixture_teardown(void **state)
{
    (void)state;
    fixture_rmdir(fixture_tmp);
    return 0;
}

/* The whole of file fd, NUL-terminated. */
static char *slurp_fd(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    assert_non_null(buf);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    ssize_t n;
    while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)n;
        if (cap - len < 2) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    buf[len] = '\0';
    close(fd);
    return buf;
}

/* An unlinked temporary file, open for reading and writing. */
static int temp_fd(void)
{
    char path[64] = "/tmp/tprctl-out-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

/* Run argv with stdin from in_fd (-1: /dev/null), capturing the output. */
static int spawn_capture(char *const *argv, int in_fd, char **out, char **err)
{
    int out_fd = temp_fd(), err_fd = temp_fd();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (in_fd >= 0)
        posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
    else
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    pid_t pid;
    assert_int_equal(posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    *out = slurp_fd(out_fd);
    *err = slurp_fd(err_fd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

tprctl_result run_tprctl(const char *arg, ...)
{
    const char *bin = getenv("TPRCTL_BIN");
    assert_non_null(bin);
    setenv("TZ", "UTC", 0);
    char *argv[32] = {(char *)bin};
    size_t n = 1;
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a; a = va_arg(ap, const char *)) {
        assert_true(n < 31);
        argv[n++] = (char *)a;
    }
    va_end(ap);
    argv[n] = NULL;
    return run_argv(argv);
}

tprctl_result run_argv(char *const *argv)
{
    tprctl_result r;
    r.status = spawn_capture(argv, -1, &r.out, &r.err);
    return r;
}

void tprctl_result_free(tprctl_result *r)
{
    free(r->out);
    free(r->err);
}

char *json_eval(const char *json, const char *expr)
{
    char script[1024];
    snprintf(script, sizeof(script), "import json, sys\nd = json.load(sys.stdin)\nprint(%s)\n",
             expr);
    int in_fd = temp_fd();
    size_t len = strlen(json);
    assert_int_equal(write(in_fd, json, len), (ssize_t)len);
    assert_int_equal(lseek(in_fd, 0, SEEK_SET), 0);
    char *const argv[] = {"python3", "-c", script, NULL};
    char *out, *err;
    int status = spawn_capture(argv, in_fd, &out, &err);
    close(in_fd);
    if (status != 0)
        fail_msg("python3 on the JSON (%s): %s\n%s", expr, err, json);
    free(err);
    size_t n = strlen(out);
    if (n && out[n - 1] == '\n')
        out[n - 1] = '\0';
    return out;
}

char *line_of(const char *text, size_t n)
{
    for (; n > 0; n--) {
        text = strchr(text, '\n');
        if (!text)
            return NULL;
        text++;
    }
    if (!*text)
        return NULL;
    return strndup(text, strcspn(text, "\n"));
}

size_t line_count(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}
