/* What replay accepts and refuses: layouts of the same trace give the same
 * output; each kind of malformed input gives exit status 2 and names the
 * line and the column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "replay.h"
#include "replay_fixture.h"
#include "trace_gen.h"

#define SESSION_ROWS 4000 /* 4 s: rest, contact and the start of the hold */

/* The fixture session written with layout fmt; the last row without a line
 * break when !final_eol. */
static void write_session(char *path, const trace_format *fmt, int final_eol)
{
    tpr_dose d;
    trace_session s;
    trace_dose(&d);
    trace_session_for(&s, &d, 1000);
    FILE *f = fixture_create(path);
    trace_write_header(f, fmt);
    char kpa[32];
    for (uint64_t i = 0; i < SESSION_ROWS; i++) {
        int64_t t = trace_sample_time(&s, i);
        trace_write_row(f, fmt, t, trace_kpa_text(kpa, trace_session_kpa(&s, t)));
    }
    if (!final_eol) {
        /* Drop the last line break ("\n" or "\r\n"). */
        fflush(f);
        long end = ftell(f);
        assert_int_equal(ftruncate(fileno(f), end - (long)strlen(fmt->eol)), 0);
    }
    assert_int_equal(fclose(f), 0);
}

/* Replay of the session in layout fmt; the output must equal the plain
 * layout's, which is returned in plain (when want is NULL) or checked. */
static void replay_layout(const trace_format *fmt, int final_eol, const char *want, char **plain)
{
    char path[64];
    replay_result res;
    write_session(path, fmt, final_eol);
    fixture_replay(path, NULL, &res);
    unlink(path);
    if (res.rc != 0)
        fail_msg("rc %d: %s", res.rc, res.err);
    if (want) {
        assert_int_equal(res.out_len, strlen(want));
        assert_string_equal(res.out, want);
        fixture_result_free(&res);
    } else {
        *plain = res.out;
    }
}

static void layouts_give_the_same_output(void **state)
{
    (void)state;
    char *plain = NULL;
    replay_layout(&(trace_format){.eol = "\n"}, 1, NULL, &plain);

    out_table t;
    table_parse(&t, plain);
    assert_int_equal(t.rows, SESSION_ROWS + 1);
    assert_string_equal(t.cell[0][COL_T], "t_ms");
    table_free(&t);

    replay_layout(&(trace_format){.eol = "\r\n"}, 1, plain, NULL);
    replay_layout(&(trace_format){.eol = "\n"}, 0, plain, NULL);
    replay_layout(&(trace_format){.eol = "\r\n"}, 0, plain, NULL);
    replay_layout(&(trace_format){.eol = "\n", .pressure_first = true}, 1, plain, NULL);
    replay_layout(&(trace_format){.eol = "\r\n", .pressure_first = true, .extra_columns = true}, 1,
                  plain, NULL);
    replay_layout(&(trace_format){.eol = "\n", .extra_columns = true}, 0, plain, NULL);
    free(plain);
}

/* Replay text, expecting success; the output table goes to t. */
static void replay_text_ok(const char *text, out_table *t)
{
    char path[64];
    replay_result res;
    fixture_replay_text(text, path, &res);
    if (res.rc != 0)
        fail_msg("rc %d: %s", res.rc, res.err);
    table_parse(t, res.out);
    fixture_result_free(&res);
}

static void pressure_text_variants(void **state)
{
    (void)state;
    out_table t;
    replay_text_ok("\xEF\xBB\xBF"
                   " t_ms , \"pressure_kpa\" \n"
                   "\n"
                   "0,  12.3456 \n"
                   "1,\n"
                   "2,nan\n"
                   "3,ERR\n"
                   "4.5,1e2\n"
                   "5,\"250.125\"\n"
                   "\n"
                   "5,  \n",
                   &t);
    assert_int_equal(t.rows, 8); /* header + 7 rows; blank lines skipped */
    static const char *const want[][2] = {
        {"0", "12.35"},      {"1", ""},       {"2", ""}, {"3", ""},
        {"4.500", "100.00"}, {"5", "250.12"}, {"5", ""},
    };
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(t.cell[i + 1][COL_T], want[i][0]);
        assert_string_equal(t.cell[i + 1][COL_KPA], want[i][1]);
    }
    table_free(&t);
}

static void header_only_gives_header_only(void **state)
{
    (void)state;
    out_table t;
    replay_text_ok("t_ms,pressure_kpa", &t);
    assert_int_equal(t.rows, 1);
    assert_string_equal(t.cell[0][COL_EVENT], "event");
    table_free(&t);
}

/* A malformed trace: exit status 2 and "PATH:LINE: " then a message that
 * contains needle; the output keeps the out_lines lines (header and rows)
 * before the bad line. */
static void expect_malformed(const char *text, unsigned line, const char *needle, size_t out_lines)
{
    char path[64];
    replay_result res;
    fixture_replay_text(text, path, &res);
    if (res.rc != 2)
        fail_msg("rc %d for line %u (%s): %s", res.rc, line, needle, res.err);
    char prefix[96];
    snprintf(prefix, sizeof(prefix), "%s:%u: ", path, line);
    if (strncmp(res.err, prefix, strlen(prefix)) != 0 || !strstr(res.err, needle))
        fail_msg("'%s' should start '%s' and name '%s'", res.err, prefix, needle);
    size_t lines = 0;
    for (size_t i = 0; i < res.out_len; i++)
        lines += res.out[i] == '\n';
    assert_int_equal(lines, out_lines);
    fixture_result_free(&res);
}

static void malformed_header(void **state)
{
    (void)state;
    expect_malformed("", 1, "header", 0);
    expect_malformed("\n\n", 1, "header", 0);
    expect_malformed("0,10\n1,12\n", 1, "t_ms", 0);                  /* no header at all */
    expect_malformed("t_ms,pressure\n0,10\n", 1, "pressure_kpa", 0); /* misnamed column */
    expect_malformed("time,pressure_kpa\n", 1, "t_ms", 0);
    expect_malformed("t_ms,pressure_kpa,t_ms\n", 1, "t_ms", 0); /* which t_ms? */
    expect_malformed("t_ms,\"pressure_kpa\n0,1\n", 1, "quote", 0);
}

static void malformed_rows(void **state)
{
    (void)state;
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,11\nabc,12\n", 4, "t_ms", 3);
    expect_malformed("t_ms,pressure_kpa\n0,10\n-5,12\n", 3, "negative", 2);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,12\n,13\n", 4, "t_ms", 3);
    expect_malformed("t_ms,pressure_kpa\r\n0,10\r\n10,11\r\n20,12\r\n15,13\r\n", 5,
                     "t_ms: 15 goes back", 4);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1\n", 3, "pressure_kpa", 2);
    expect_malformed("pressure_kpa,note,t_ms\n10,a,0\n11,b\n", 3, "t_ms", 2);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,11,extra\n", 3, "3 fields", 2);
    expect_malformed("t_ms,pressure_kpa,note\n0,10,\"open\n1,11,x\n", 2, "quote", 1);
    expect_malformed("t_ms,pressure_kpa,note\n0,10,\"a\"b\n", 2, "quote", 1);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1e3,11\n", 3, "t_ms", 2);
}

/* The button column: empty or start_pause; anything else is refused with
 * its line and column, a second button column as a doubtful header. */
static void button_column(void **state)
{
    (void)state;
    expect_malformed("t_ms,pressure_kpa,button\n0,10,\n4,11,start_pause\n8,12,next\n", 4,
                     "button (column 3): 'next' is not a press (start_pause, or empty)", 3);
    expect_malformed("t_ms,button,pressure_kpa\n0,pause,10\n", 2, "button (column 2): 'pause'", 1);
    expect_malformed("t_ms,pressure_kpa,button,button\n", 1, "'button' appears twice", 0);
    expect_malformed("t_ms,pressure_kpa,button\n0,10\n", 2, "2 fields", 1);
}

/* 0x10 was read as 16 kPa, 12abc as 12: numbers are decimal only, and the
 * error names the column. */
static void numbers_are_decimal_only(void **state)
{
    (void)state;
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,0x10\n", 3,
                     "pressure_kpa (column 2): '0x10' is not a decimal number", 2);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,inf\n", 3, "column 2): 'inf'", 2);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,\"12abc\"\n", 3, "column 2): '12abc'", 2);
    expect_malformed("t_ms,pressure_kpa\n0,10\n1,1e40\n", 3, "'1e40' is too large", 2);
    expect_malformed("note,pressure_kpa,t_ms\nx,10,0\ny,11,0x10\n", 3,
                     "t_ms (column 3): '0x10' is not a number of milliseconds", 2);
}

/* A row used to be read up to a NUL, the rest of the line dropped. */
static void control_bytes_are_refused(void **state)
{
    (void)state;
    char path[64];
    FILE *f = fixture_create(path);
    static const char text[] = "t_ms,pressure_kpa\n0,10\n1,500\0,junk\n2,12\n";
    fwrite(text, 1, sizeof(text) - 1, f);
    assert_int_equal(fclose(f), 0);
    replay_result res;
    fixture_replay(path, NULL, &res);
    unlink(path);
    char want[128];
    snprintf(want, sizeof(want), "%s:3: control byte 0x00 at column 6", path);
    assert_int_equal(res.rc, 2);
    assert_non_null(strstr(res.err, want));
    fixture_result_free(&res);

    expect_malformed("t_ms,pressure_kpa\n0,10\n1,1\x1b[2J\n", 3, "control byte 0x1b at column 4",
                     2);
    expect_malformed("t_ms,pressure_kpa\n0,10\r\r\n", 2, "control byte 0x0d at column 5", 1);
}

static void overlong_line_is_refused(void **state)
{
    (void)state;
    size_t len = TPR_REPLAY_MAX_LINE + 1;
    char *text = malloc(len + 64);
    assert_non_null(text);
    int n = snprintf(text, 64, "t_ms,pressure_kpa,note\n0,10,x\n1,11,");
    memset(text + n, 'x', len);
    strcpy(text + (size_t)n + len - 5, "\n2,12,x\n");
    expect_malformed(text, 3, "longer than", 2);

    /* One byte shorter is fine. */
    text[(size_t)n + len - 6] = '\n';
    text[(size_t)n + len - 5] = '\0';
    out_table t;
    replay_text_ok(text, &t);
    assert_int_equal(t.rows, 3);
    table_free(&t);
    free(text);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    replay_result res;
    fixture_replay("/nonexistent/trace.csv", NULL, &res);
    assert_int_equal(res.rc, 1);
    assert_non_null(strstr(res.err, "/nonexistent/trace.csv"));
    assert_int_equal(res.out_len, 0);
    fixture_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layouts_give_the_same_output),
        cmocka_unit_test(pressure_text_variants),
        cmocka_unit_test(header_only_gives_header_only),
        cmocka_unit_test(malformed_header),
        cmocka_unit_test(malformed_rows),
        cmocka_unit_test(button_column),
        cmocka_unit_test(numbers_are_decimal_only),
        cmocka_unit_test(control_bytes_are_refused),
        cmocka_unit_test(overlong_line_is_refused),
        cmocka_unit_test(missing_file_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
