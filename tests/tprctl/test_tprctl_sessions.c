/* tprctl sessions and what every command shares: the aligned table, its
 * filters, --json, the database checks (missing, newer or older schema),
 * usage errors and exit statuses, --help and --version. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "schema.h"
#include "tprctl_fixture.h"

/* Column c's start in the header line. */
static size_t column_at(const char *header, const char *name)
{
    const char *p = strstr(header, name);
    assert_non_null(p);
    return (size_t)(p - header);
}

/* The character in column col of a UTF-8 line (a terminal's column). */
static char at(const char *line, size_t col)
{
    for (; *line; line++) {
        if (((unsigned char)*line & 0xC0) == 0x80)
            continue;
        if (col-- == 0)
            return *line;
    }
    return '\0';
}

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcmp(s + n - m, end) == 0;
}

static void test_table_lists_every_session_aligned(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "sessions", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(line_count(r.out), FIXTURE_SESSIONS + 1);
    char *header = line_of(r.out, 0);
    size_t user = column_at(header, "user"), ended = column_at(header, "ended");
    size_t muscles = column_at(header, "muscles");
    /* The duration column ends where its header ends (right-aligned). */
    size_t dur_end = column_at(header, "duration") + strlen("duration");
    for (size_t i = 1; i <= FIXTURE_SESSIONS; i++) {
        char *row = line_of(r.out, i);
        assert_true(strlen(row) > muscles);
        assert_true(at(row, user - 1) == ' ' && at(row, user) != ' ');
        assert_true(at(row, ended - 1) == ' ' && at(row, ended) != ' ');
        assert_true(at(row, dur_end - 1) != ' ' && at(row, dur_end) == ' ');
        free(row);
    }
    /* Oldest first, with local (here UTC) start, duration, how it ended,
     * muscles in the order treated, repetitions that ran to their end and
     * releases. */
    char *first = line_of(r.out, 1), *sixth = line_of(r.out, 6), *fifth = line_of(r.out, 5);
    assert_non_null(strstr(first, "2026-10-01 16:00"));
    assert_non_null(strstr(first, "10:00"));
    assert_non_null(strstr(first, "completed"));
    assert_non_null(strstr(first, "rectus_femoris, vastus_lateralis"));
    assert_true(ends_with(first, "rectus_femoris, vastus_lateralis     3         2"));
    assert_non_null(strstr(sixth, "stopped"));
    assert_non_null(strstr(sixth, "knee_outside"));
    assert_true(ends_with(sixth, "vastus_lateralis                     1         1"));
    assert_non_null(strstr(fifth, "interrupted"));
    assert_non_null(strstr(fifth, "  -  "));
    free(first);
    free(sixth);
    free(fifth);
    free(header);
    tprctl_result_free(&r);
}

static void test_local_time(void **state)
{
    (void)state;
    setenv("TZ", "Europe/Berlin", 1);
    tprctl_result r = run_tprctl("--db", fixture_db, "sessions", "--user", "bob", NULL);
    setenv("TZ", "UTC", 1);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "2026-10-02 10:30")); /* 08:30 UTC in summer time */
    tprctl_result_free(&r);
}

/* The ids of the sessions a filtered listing shows, as "1 3 7". */
static char *ids(const char *a, const char *b, const char *c, const char *d)
{
    tprctl_result r = run_tprctl("--db", fixture_db, "--json", "sessions", a, b, c, d, NULL);
    assert_int_equal(r.status, 0);
    char *v = json_eval(r.out, "' '.join(str(s['id']) for s in d)");
    tprctl_result_free(&r);
    return v;
}

static void test_filters(void **state)
{
    (void)state;
    char *v;
    assert_string_equal(v = ids("--user", "alice", NULL, NULL), "1 3 6 7");
    free(v);
    assert_string_equal(v = ids("--muscle", "gastrocnemius", NULL, NULL), "2 5");
    free(v);
    /* --until takes the whole day. */
    assert_string_equal(v = ids("--since", "2026-10-02", "--until", "2026-10-10"), "2 3 4");
    free(v);
    assert_string_equal(v = ids("--user", "alice", "--muscle", "rectus_femoris"), "1 3 7");
    free(v);
    assert_string_equal(v = ids("--since", "2026-11-06", NULL, NULL), "");
    free(v);
    tprctl_result r = run_tprctl("--db", fixture_db, "sessions", "--since", "2026-11-06", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no matching sessions in"));
    tprctl_result_free(&r);
}

static void test_json_carries_the_values(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "sessions", "--json", NULL);
    assert_int_equal(r.status, 0);
    char *v =
        json_eval(r.out, "[len(d), d[0]['user'], d[0]['started_at'], d[0]['duration_s'],"
                         " d[0]['muscles'], d[0]['reps_done'], d[0]['releases'],"
                         " d[0]['trace_pruned'], d[2]['samples_dropped'],"
                         " d[2]['trace_rate_hz'], d[2]['events_dropped'], d[0]['events_dropped']]");
    assert_string_equal(v, "[7, 'alice', '2026-10-01T16:00:00+00:00', 600, "
                           "['rectus_femoris', 'vastus_lateralis'], 3, 2, True, 12, 50, 3, 0]");
    free(v);
    /* Quotes and non-ASCII survive; an interrupted session has no end. */
    v = json_eval(r.out, "[d[3]['user'], d[4]['end_reason'], d[4]['ended_at'],"
                         " d[4]['duration_s'], d[4]['reps_done']]");
    assert_string_equal(v, "['zoë \"z\"', 'interrupted', None, None, 0]");
    free(v);
    tprctl_result_free(&r);
}

static void expect_error(int status, const char *message, const char *a, const char *b,
                         const char *c, const char *d, const char *e)
{
    tprctl_result r = run_tprctl(a, b, c, d, e, NULL);
    assert_int_equal(r.status, status);
    if (!strstr(r.err, message))
        fail_msg("expected '%s' in: %s", message, r.err);
    assert_string_equal(r.out, "");
    tprctl_result_free(&r);
}

static void test_errors_and_exit_statuses(void **state)
{
    (void)state;
    char missing[160];
    snprintf(missing, sizeof(missing), "%s/none.db", fixture_tmp);
    expect_error(1, "none.db: No such file or directory", "--db", missing, "sessions", NULL, NULL);
    expect_error(2, "tprctl: --since 2026-13-01: not a date (YYYY-MM-DD)", "--db", fixture_db,
                 "sessions", "--since", "2026-13-01");
    expect_error(2, "--until 2026-02-30: not a date", "--db", fixture_db, "sessions", "--until",
                 "2026-02-30");
    expect_error(2, "--since 1.10.2026: not a date", "--db", fixture_db, "sessions", "--since",
                 "1.10.2026");
    expect_error(1, "no user 'carol' in", "--db", fixture_db, "sessions", "--user", "carol");
    expect_error(1, "users: alice, bob", "--db", fixture_db, "sessions", "--user", "carol");
    expect_error(2, "--muscle quads: not a muscle", "--db", fixture_db, "sessions", "--muscle",
                 "quads");
    expect_error(2, "unknown command 'list'", "--db", fixture_db, "list", NULL, NULL);
    expect_error(2, "no command", "--db", fixture_db, NULL, NULL, NULL);
    expect_error(2, "unknown option --bogus", "--db", fixture_db, "sessions", "--bogus", NULL);
    expect_error(2, "--db needs a value", "--db", NULL, NULL, NULL, NULL);
    expect_error(2, "export does not take --json", "--db", fixture_db, "--json", "export", "3");
    expect_error(2, "sessions does not take -o", "--db", fixture_db, "sessions", "-o", "x.png");
    expect_error(2, "show: expected: tprctl show ID", "--db", fixture_db, "show", NULL, NULL);
    expect_error(2, "'abc' is not a session id", "--db", fixture_db, "show", "abc", NULL);
    expect_error(1, "no session 42 in", "--db", fixture_db, "show", "42", NULL);
    expect_error(1, "is a directory", "--db", fixture_tmp, "sessions", NULL, NULL);
}

static void test_schema_versions(void **state)
{
    (void)state;
    char path[160], msg[300];
    snprintf(path, sizeof(path), "%s/newer.db", fixture_tmp);
    fixture_build(path, tpr_store_schema_version + 1);
    snprintf(msg, sizeof(msg), "%s: schema version %d is newer than this tprctl reads (%d)", path,
             tpr_store_schema_version + 1, tpr_store_schema_version);
    expect_error(1, msg, "--db", path, "sessions", NULL, NULL);
    snprintf(path, sizeof(path), "%s/older.db", fixture_tmp);
    fixture_build(path, 0);
    snprintf(msg, sizeof(msg), "%s: schema version 0 is older than this tprctl reads (%d)", path,
             tpr_store_schema_version);
    expect_error(1, msg, "--db", path, "sessions", NULL, NULL);
    snprintf(path, sizeof(path), "%s/notes.txt", fixture_tmp);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("this is not a database, but long enough to look like one might be one day\n", f);
    fclose(f);
    expect_error(1, "notes.txt: file is not a database", "--db", path, "sessions", NULL, NULL);
}

static void test_database_from_the_config(void **state)
{
    (void)state;
    char conf[160];
    snprintf(conf, sizeof(conf), "%s/tprd.conf", fixture_tmp);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f, "[paths]\ndata_dir = %s\n", fixture_tmp);
    fclose(f);
    tprctl_result r = run_tprctl("--config", conf, "sessions", "--user", "bob", NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(line_count(r.out), 3);
    tprctl_result_free(&r);
    f = fopen(conf, "w");
    assert_non_null(f);
    fputs("[paths]\ndata_dirr = /x\n", f);
    fclose(f);
    expect_error(2, "tprd.conf:2:", "--config", conf, "sessions", NULL, NULL);
    expect_error(2, "give one", "--config", conf, "--db", fixture_db, "sessions");
}

/* Another user reads the service's database in a directory they may not
 * write (no -shm file can be made there). */
static void test_read_only_directory(void **state)
{
    (void)state;
    char ro[128], path[160];
    snprintf(ro, sizeof(ro), "%s/ro", fixture_tmp);
    assert_int_equal(mkdir(ro, 0755), 0);
    snprintf(path, sizeof(path), "%s/sessions.db", ro);
    fixture_build(path, tpr_store_schema_version);
    assert_int_equal(chmod(fixture_tmp, 0755), 0);
    assert_int_equal(chmod(ro, 0555), 0);
    char *bin = getenv("TPRCTL_BIN");
    /* root may write anywhere: read as nobody instead. */
    char *as_nobody[] = {"setpriv",
                         "--reuid=65534",
                         "--regid=65534",
                         "--clear-groups",
                         bin,
                         "--db",
                         path,
                         "sessions",
                         "--user",
                         "bob",
                         NULL};
    tprctl_result r = run_argv(geteuid() == 0 ? as_nobody : as_nobody + 4);
    chmod(ro, 0755);
    if (r.status == 126 || r.status == 127) {
        tprctl_result_free(&r);
        skip(); /* the build directory is out of nobody's reach */
    }
    assert_int_equal(r.status, 0);
    assert_int_equal(line_count(r.out), 3);
    assert_non_null(strstr(r.out, "interrupted"));
    tprctl_result_free(&r);
}

/* A name stored by an older tprd may hold anything: an escape sequence,
 * a line break, a C1 control, a byte that is not UTF-8. Tables, show and
 * messages print them as \xNN; JSON escapes them and stays valid UTF-8. */
static void test_stored_control_bytes_are_escaped(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof(path), "%s/hostile.db", fixture_tmp);
    fixture_build(path, tpr_store_schema_version);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "UPDATE users SET name = CAST(X'65761b5b324a696c0a78c29bff' AS "
                     "TEXT) WHERE id = 2;"
                     "UPDATE sessions SET end_reason = 'done' || char(7) WHERE id = 2;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    static const char shown[] = "ev\\x1b[2Jil\\x0ax\\xc2\\x9b\\xff";

    tprctl_result r = run_tprctl("--db", path, "sessions", NULL);
    assert_int_equal(r.status, 0);
    assert_null(strpbrk(r.out, "\x1b\x07"));
    assert_int_equal(line_count(r.out), FIXTURE_SESSIONS + 1); /* no line broken in two */
    assert_non_null(strstr(r.out, shown));
    assert_non_null(strstr(r.out, "done\\x07"));
    tprctl_result_free(&r);

    r = run_tprctl("--db", path, "show", "2", NULL);
    assert_int_equal(r.status, 0);
    assert_null(strpbrk(r.out, "\x1b\x07"));
    assert_non_null(strstr(r.out, shown));
    tprctl_result_free(&r);

    r = run_tprctl("--db", path, "sessions", "--user", "nobody", NULL);
    assert_int_equal(r.status, 1);
    assert_null(strchr(r.err, '\x1b'));
    assert_non_null(strstr(r.err, shown));
    tprctl_result_free(&r);

    r = run_tprctl("--db", path, "--json", "sessions", NULL);
    assert_int_equal(r.status, 0);
    assert_null(strpbrk(r.out, "\x1b\x07"));
    assert_non_null(strstr(r.out, "\"ev\\u001b[2Jil\\nx\\u009b\\ufffd\""));
    char *v = json_eval(r.out, "[d[1]['user'] == 'ev\\x1b[2Jil\\nx\\x9b\\ufffd',"
                               " d[1]['end_reason'] == 'done\\x07']");
    assert_string_equal(v, "[True, True]");
    free(v);
    tprctl_result_free(&r);
}

static void test_help_and_version(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--help", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Usage: tprctl"));
    assert_non_null(strstr(r.out, "plot-progress USER [MUSCLE] -o FILE.png"));
    tprctl_result_free(&r);
    r = run_tprctl("--version", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "tprctl " TPRD_VERSION "\n");
    tprctl_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_lists_every_session_aligned),
        cmocka_unit_test(test_local_time),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_json_carries_the_values),
        cmocka_unit_test(test_errors_and_exit_statuses),
        cmocka_unit_test(test_schema_versions),
        cmocka_unit_test(test_database_from_the_config),
        cmocka_unit_test(test_read_only_directory),
        cmocka_unit_test(test_stored_control_bytes_are_escaped),
        cmocka_unit_test(test_help_and_version),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
