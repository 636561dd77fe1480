/* tprctl show ID: the session header and the per-muscle, per-repetition
 * table, for a normal, a pruned, a stopped and an interrupted session, and
 * the same data as JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schema.h"
#include "tprctl_fixture.h"

static void test_header_and_table(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "show", "3", NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(
        r.out, "session 3: alice, routine knee_front\n"
               "started  2026-10-03 16:00\n"
               "ended    2026-10-03 16:00, completed after 0:45\n"
               "loop     1000 Hz, trace kept at 50 Hz, 12 samples dropped, events of 3 ticks lost\n"
               "\n"
               "muscle            rep  hold/target      %   over  peak kPa  mean kPa  intensity  "
               "result              done\n"
               "rectus_femoris      1   9.0/10.0 s   90 %  0.4 s     470.2     205.0       42 %  "
               "released at 9.0 s   release\n"
               "vastus_lateralis    1  11.0/10.0 s  110 %  0.0 s     305.0     195.0       45 %  "
               "released at 22.0 s  release\n"
               "vastus_lateralis    2  10.0/10.0 s  100 %  0.0 s     295.0     205.0       45 %  "
               "no release          target\n");
    tprctl_result_free(&r);
}

static void test_pruned_stopped_interrupted(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "show", "1", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "trace removed by retention"));
    assert_non_null(strstr(r.out, "released at 24.0 s"));
    tprctl_result_free(&r);

    r = run_tprctl("--db", fixture_db, "show", "6", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "stopped after 10:30"));
    assert_non_null(strstr(r.out, "0 samples dropped\n"
                                  "GAP      10.2 s of trace (10150 ticks) not recorded: the disk "
                                  "refused it\n\n"));
    assert_non_null(strstr(r.out, "2   5.0/30.0 s  17 %  2.0 s     400.0     300.0       45 %  "
                                  "cut short           -\n"));
    tprctl_result_free(&r);

    r = run_tprctl("--db", fixture_db, "show", "5", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "ended    -, interrupted\n"));
    assert_non_null(strstr(r.out, "cut short"));
    tprctl_result_free(&r);
}

static void test_json(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "--json", "show", "6", NULL);
    assert_int_equal(r.status, 0);
    char *v = json_eval(r.out, "[d['session']['id'], d['session']['end_reason'],"
                               " len(d['segments']), d['segments'][0]['release_ms'],"
                               " d['segments'][0]['hold_pct'], d['segments'][1]['complete'],"
                               " d['segments'][1]['done_reason'], d['segments'][1]['peak_kpa'],"
                               " d['segments'][1]['over_ms'], d['segments'][0]['limit_kpa'],"
                               " d['session']['trace_gap_ticks'], d['session']['trace_gap_ms']]");
    assert_string_equal(v,
                        "[6, 'stopped', 2, 18000, 60, False, None, 400, 2000, 450, 10150, 10200]");
    free(v);
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "show", "--json", "1", NULL);
    v = json_eval(r.out, "[d['segments'][0]['mean_kpa'], d['segments'][0]['peak_kpa'],"
                         " d['session']['trace_pruned']]");
    assert_string_equal(v, "[200.25, 310.5, True]");
    free(v);
    tprctl_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_table),
        cmocka_unit_test(test_pruned_stopped_interrupted),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
