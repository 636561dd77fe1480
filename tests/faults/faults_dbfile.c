/* The session database's file replaced or removed under a running
 * session, the daemon's loop on the virtual clock (rig.h)
 * recording through the real recorder: moved aside with its -wal and -shm
 * (the command tprd gives for a damaged one), the main file removed, a
 * backup copy renamed over it, a file that is not a database renamed over
 * it and then removed. Each happens at a random moment of a session, an
 * over-limit spike comes once the recorder has left the file, and the
 * session's record must
 * be whole in the database the path names at its end: every tick a trace
 * point, or counted lost while no database there would take it. A file
 * moved aside intact must be left intact; a backup's copy of the session's
 * first part must not stay beside it. Exit status 1 when any row is not
 * all good.
 * Usage: faults_dbfile [INJECTIONS_PER_FAULT [SEED]] */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rig.h"
#include "rig_record.h"

/* A batch every 5 ms of real time instead of 2 s, so that a hundred
 * replacements run in seconds. */
#define BATCH_MS 5

typedef enum change {
    MOVED_ASIDE,     /* mkdir aside && mv sessions.db* aside/ */
    MAIN_REMOVED,    /* rm sessions.db: the -wal and -shm stay */
    BACKUP_RESTORED, /* a copy taken now (VACUUM INTO) renamed over it */
    NOT_A_DATABASE,  /* a text file renamed over it, removed once the spike is over */
} change;

typedef struct file_fault {
    rig *rig;
    change how;
    unsigned count;
    uint32_t left, carried;               /* the recorder's moves when armed */
    unsigned aside_checked, aside_intact; /* files moved aside, and intact */
    unsigned failed;                      /* a step of the change itself failed */
    unsigned stale;                       /* unfinished rows besides the session's */
} file_fault;

static void path_of(const file_fault *f, char *out, size_t len, const char *name)
{
    snprintf(out, len, "%s/%s", rig_dir(f->rig), name);
}

static void step_failed(file_fault *f, const char *what)
{
    if (f->failed++ < 5)
        fprintf(stderr, "faults_dbfile: %s: %s\n", what, strerror(errno));
}

static void move_aside(file_fault *f, const char *db)
{
    char dir[160], from[160], to[200];
    path_of(f, dir, sizeof(dir), "");
    snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "aside-%u", f->count);
    if (mkdir(dir, 0700))
        step_failed(f, "mkdir");
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(from, sizeof(from), "%s%s", db, suffix[i]);
        snprintf(to, sizeof(to), "%s/sessions.db%s", dir, suffix[i]);
        if (rename(from, to) && !(i && errno == ENOENT))
            step_failed(f, "rename aside");
    }
}

/* A consistent copy of the database as it is now, as a backup tool makes
 * one, then put in its place. */
static void restore_backup(file_fault *f, const char *db)
{
    char copy[160], sql[200];
    path_of(f, copy, sizeof(copy), "backup.db");
    snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", copy);
    sqlite3 *c = NULL;
    if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_exec(c, sql, NULL, NULL, NULL) != SQLITE_OK) {
        errno = EIO;
        step_failed(f, c ? sqlite3_errmsg(c) : "backup");
    }
    sqlite3_close(c);
    if (rename(copy, db))
        step_failed(f, "rename backup");
}

static void put_junk(file_fault *f, const char *db)
{
    char junk[160];
    path_of(f, junk, sizeof(junk), "junk");
    FILE *j = fopen(junk, "w");
    for (int i = 0; j && i < 200; i++)
        fputs("not a database, whatever its name says\n", j);
    if (!j || fclose(j) || rename(junk, db))
        step_failed(f, "junk");
}

/* Unfinished session rows in the database at the path besides the one
 * being recorded: a first part left behind. */
static unsigned unfinished_others(file_fault *f)
{
    char db[160];
    path_of(f, db, sizeof(db), "sessions.db");
    sqlite3 *c = NULL;
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(c, "SELECT count(*) FROM sessions WHERE ended_at IS NULL", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(c);
    return n == 1 ? 0 : 1;
}

static void file_arm(void *ctx)
{
    file_fault *f = ctx;
    char db[160];
    path_of(f, db, sizeof(db), "sessions.db");
    f->count++;
    /* The last change is behind the recorder: it writes at the path (a
     * file moved away is not there until the recorder made a new one). */
    for (int ms = 0; ms < 10000; ms++) {
        tpr_recording_moves(rig_recording(f->rig), &f->left, &f->carried);
        if (f->left == f->carried && access(db, F_OK) == 0)
            break;
        usleep(1000);
    }
    if (f->left != f->carried || access(db, F_OK) != 0) {
        errno = ETIMEDOUT;
        step_failed(f, "the last change never carried over");
    }
    switch (f->how) {
    case MOVED_ASIDE:
        move_aside(f, db);
        break;
    case MAIN_REMOVED:
        if (unlink(db))
            step_failed(f, "unlink");
        break;
    case BACKUP_RESTORED:
        restore_backup(f, db);
        break;
    case NOT_A_DATABASE:
        put_junk(f, db);
        break;
    }
}

/* The recorder has left the file it was writing, and carried the session
 * over to the database now at the path (a damaged one: left it, waiting). */
static bool file_hit(void *ctx)
{
    file_fault *f = ctx;
    uint32_t left, carried;
    tpr_recording_moves(rig_recording(f->rig), &left, &carried);
    return f->how == NOT_A_DATABASE ? left > f->left : carried > f->carried;
}

static void file_clear(void *ctx)
{
    file_fault *f = ctx;
    char path[200];
    if (f->how == NOT_A_DATABASE) {
        /* A few batches refused while it is there: the ticks since the
         * file was left are drained and counted as the gap. */
        usleep(4 * BATCH_MS * 1000);
        path_of(f, path, sizeof(path), "sessions.db");
        if (unlink(path))
            step_failed(f, "unlink junk");
    } else if (f->how == BACKUP_RESTORED) {
        f->stale += unfinished_others(f);
    } else if (f->how == MOVED_ASIDE) {
        /* Left by the recorder (hit): what it had written is all there. */
        snprintf(path, sizeof(path), "%s/aside-%u/sessions.db", rig_dir(f->rig), f->count);
        f->aside_checked++;
        f->aside_intact += rig_record_db_ok(path);
    }
}

int main(int argc, char **argv)
{
    unsigned n;
    uint64_t seed;
    rig_args(argc, argv, &n, &seed);
    static const struct {
        change how;
        const char *name;
    } faults[] = {
        {MOVED_ASIDE, "database moved aside (with -wal, -shm)"},
        {MAIN_REMOVED, "database file removed (-wal, -shm left)"},
        {BACKUP_RESTORED, "database replaced by a backup copy"},
        {NOT_A_DATABASE, "database replaced by a damaged file, then removed"},
    };
    enum { N = sizeof(faults) / sizeof(faults[0]) };
    const tpr_recording_pace pace = {.batch_ms = BATCH_MS};
    rig_row rows[N];
    file_fault ff[N];
    bool db_ok = true, all_done = true;
    for (int i = 0; i < N; i++) {
        rows[i] = (rig_row){.name = faults[i].name,
                            .through = "real recorder and SQLite",
                            .due = "at once (a spike once the file was left)"};
        rig *r = rig_new(seed + (uint64_t)i, NULL);
        ff[i] = (file_fault){.rig = r, .how = faults[i].how};
        rig_hazard h = {.arm = file_arm,
                        .hit = file_hit,
                        .clear = file_clear,
                        .real_time = true,
                        /* Only while no database at the path takes it. */
                        .costs_record = faults[i].how == NOT_A_DATABASE,
                        .ctx = &ff[i]};
        rig_set_hazard(r, &h, &pace);
        rig_run(r, RIG_SPIKE, n, 25, &rows[i]);
        db_ok = rig_db_ok(r) && db_ok;
        rig_free(r);
        all_done = all_done && !ff[i].failed && !ff[i].stale &&
                   ff[i].aside_checked == ff[i].aside_intact &&
                   (faults[i].how != NOT_A_DATABASE || rows[i].lost_gap);
    }
    rig_print(rows, N);
    printf("\n| change | changes made | moved-aside files intact | trace refused "
           "while no database took it (ticks, counted as the gap) |\n|---|---|---|---|\n");
    for (int i = 0; i < N; i++) {
        char aside[32] = "-";
        if (ff[i].aside_checked)
            snprintf(aside, sizeof(aside), "%u of %u", ff[i].aside_intact, ff[i].aside_checked);
        printf("| %s | %u | %s | %llu |\n", rows[i].name, ff[i].count, aside,
               (unsigned long long)rows[i].lost_gap);
    }
    printf("integrity_check of the database at the path: %s; a backup's first part of the "
           "session left unfinished beside it: %u times\n",
           db_ok ? "ok" : "FAILED", ff[2].stale);
    return rig_all_good(rows, N) && db_ok && all_done ? 0 : 1;
}
