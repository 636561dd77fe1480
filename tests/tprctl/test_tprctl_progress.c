/* tprctl progress USER [MUSCLE]: the figures per session, the first week
 * against the last, the sessions a week and the thresholds equal the ones
 * worked out by hand from the fixture; repetitions cut short and
 * unreliable thresholds are left out; --json carries them. */
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

/* alice's vastus lateralis, from the fixture's segments:
 *   session 1: releases at 24 and 20 s -> 22.0 s; peaks 280, 300; means 190, 210;
 *              hold 44 of 60 s = 73 %
 *   session 3: one release at 22 s; peaks 305, 295; means 195, 205; 21 of 20 s = 105 %
 *   session 6: rep 2 was cut short (peak 400, mean 300) and does not count:
 *              release at 18 s; peak 290; mean 220; 18 of 30 s = 60 %
 *   session 7: releases at 16 and 14 s -> 15.0 s; peaks 310, 315; means 230, 240; 50 %
 * First week (1, 3): release (24+20+22)/3 = 22.0 s, 3 of 4 released, mean
 * (190+210+195+205)/4 = 200.0, peak 305, hold 65/80 = 81 %. Last week (6, 7):
 * (18+16+14)/3 = 16.0 s (-27 %), 3 of 3, (220+230+240)/3 = 230.0 (+15 %),
 * peak 315 (+3 %), hold 48/90 = 53 %. Sessions 2026-10-01 16:00 to 2026-11-05
 * 16:00: 35 days, 5 whole weeks and the one begun: 4 sessions in 6 weeks,
 * 0.7 a week, fewer than the trials' 2-3. */
static const char VASTUS_LATERALIS[] =
    "vastus_lateralis (alice)\n"
    "started           session  reps  released  release at  peak kPa  mean kPa   hold\n"
    "2026-10-01 16:00        1     2       2/2      22.0 s     300.0     200.0   73 %\n"
    "2026-10-03 16:00        3     2       1/2      22.0 s     305.0     200.0  105 %\n"
    "2026-10-30 16:00        6     1       1/1      18.0 s     290.0     220.0   60 %\n"
    "2026-11-05 16:00        7     2       2/2      15.0 s     315.0     235.0   50 %\n"
    "trend: first week (2026-10-01..2026-10-03, 2 sessions) -> last week "
    "(2026-10-30..2026-11-05, 2 sessions)\n"
    "  time to release      22.0 s -> 16.0 s     (-27 %)\n"
    "  released               75 % -> 100 %\n"
    "  mean pressure     200.0 kPa -> 230.0 kPa  (+15 %)\n"
    "  peak pressure     305.0 kPa -> 315.0 kPa  (+3 %)\n"
    "  hold achieved          81 % -> 53 %\n"
    "sessions: 4 in 6 weeks, 0.7 a week: fewer than the 2-3 of the trials\n";

/* alice's thresholds (the fixture's, reliable ones only):
 *   rectus femoris left: 280 -> 330 kPa (the 295 of two reliable trials
 *     left out) = +50, beyond the MDC of 33;
 *   rectus femoris right: 300 -> 280 = -20, within it;
 *   vastus lateralis left: one threshold, 250 (the one without a reliable
 *     trial left out): no change yet.
 * Asymmetry of the newest: 330 - 280 = +50 kPa, 50 / 305 = +16 % of their
 * mean, beyond the MDC. */
static const char THRESHOLDS_HEAD[] =
    "\nthresholds of alice (reliable measurements; a change is real beyond the MDC95 of 33 "
    "kPa)\n";
static const char RECTUS_FEMORIS_THRESHOLDS[] =
    "muscle            side   n  first on      kPa  latest on     kPa  change  beyond MDC\n"
    "rectus_femoris    left   2  2026-10-01  280.0  2026-11-05  330.0   +50.0  yes\n"
    "rectus_femoris    right  2  2026-10-01  300.0  2026-11-05  280.0   -20.0  no\n"
    "vastus_lateralis  left   1  2026-10-30  250.0  2026-10-30  250.0       -  -\n"
    "asymmetry (newest, left - right)\n"
    "  rectus_femoris       330.0 - 280.0 kPa = +50.0 kPa (+16 % of their mean): beyond the "
    "MDC\n";
static const char VASTUS_LATERALIS_THRESHOLDS[] =
    "muscle            side  n  first on      kPa  latest on     kPa  change  beyond MDC\n"
    "vastus_lateralis  left  1  2026-10-30  250.0  2026-10-30  250.0       -  -\n";

static void test_one_muscle_by_hand(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "progress", "alice", "vastus_lateralis", NULL);
    assert_int_equal(r.status, 0);
    char want[4096];
    snprintf(want, sizeof(want), "%s%s%s", VASTUS_LATERALIS, THRESHOLDS_HEAD,
             VASTUS_LATERALIS_THRESHOLDS);
    assert_string_equal(r.out, want);
    tprctl_result_free(&r);
}

static void test_every_muscle(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "progress", "alice", NULL);
    assert_int_equal(r.status, 0);
    /* rectus femoris first (alphabetical): session 1 had no release. */
    assert_non_null(strstr(r.out, "rectus_femoris (alice)\n"));
    assert_non_null(strstr(r.out,
                           "2026-10-01 16:00        1     1       0/1           -     310.5     "
                           "200.2  100 %\n"));
    assert_non_null(strstr(r.out, "sessions: 3 in 6 weeks, 0.5 a week: fewer than the 2-3 of "
                                  "the trials\n\nvastus_lateralis"));
    const char *vl = strstr(r.out, "\nvastus_lateralis (alice)\n");
    assert_non_null(vl);
    char want[4096];
    snprintf(want, sizeof(want), "%s%s%s", VASTUS_LATERALIS, THRESHOLDS_HEAD,
             RECTUS_FEMORIS_THRESHOLDS);
    assert_string_equal(vl + 1, want);
    tprctl_result_free(&r);

    r = run_tprctl("--db", fixture_db, "progress", "bob", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "trend: all sessions fall within one week"));
    /* The cut-short session 5 is not a row; bob has no thresholds. */
    assert_int_equal(line_count(r.out), 5);
    assert_non_null(strstr(r.out, "sessions: 1 in 1 week, 1.0 a week: fewer than"));
    assert_null(strstr(r.out, "thresholds"));
    tprctl_result_free(&r);

    r = run_tprctl("--db", fixture_db, "progress", "bob", "soleus", NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "bob has no finished repetitions of soleus in"));
    tprctl_result_free(&r);
}

static void test_json(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "--json", "progress", "alice", NULL);
    assert_int_equal(r.status, 0);
    char *v = json_eval(r.out, "[m['muscle'] for m in d['muscles']]");
    assert_string_equal(v, "['rectus_femoris', 'vastus_lateralis']");
    free(v);
    v = json_eval(r.out, "[(s['session'], s['reps'], s['releases'], s['release_s'],"
                         " s['peak_kpa'], s['mean_kpa'], s['hold_ms'], s['hold_target_ms'])"
                         " for s in d['muscles'][1]['sessions']]");
    assert_string_equal(v, "[(1, 2, 2, 22, 300, 200, 44000, 60000), "
                           "(3, 2, 1, 22, 305, 200, 21000, 20000), "
                           "(6, 1, 1, 18, 290, 220, 18000, 30000), "
                           "(7, 2, 2, 15, 315, 235, 30000, 60000)]");
    free(v);
    v = json_eval(r.out, "[(w['sessions'], w['reps'], w['releases'], w['release_s'],"
                         " w['mean_kpa'], w['peak_kpa'], round(w['hold_pct'], 2))"
                         " for w in (d['muscles'][1]['trend']['first_week'],"
                         " d['muscles'][1]['trend']['last_week'])]");
    assert_string_equal(v, "[(2, 4, 3, 22, 200, 305, 81.25), (2, 3, 3, 16, 230, 315, 53.33)]");
    free(v);
    v = json_eval(r.out, "[(f['sessions'], f['weeks'], round(f['per_week'], 3), f['trials_min'],"
                         " f['trials_max']) for f in (m['frequency'] for m in d['muscles'])]");
    assert_string_equal(v, "[(3, 6, 0.5, 2, 3), (4, 6, 0.667, 2, 3)]");
    free(v);
    v = json_eval(r.out, "[d['mdc_kpa']] + [(s['muscle'], s['side'], s['measurements'],"
                         " s['first_kpa'], s['latest_kpa'], s['change_kpa'], s['beyond_mdc'],"
                         " s['first_at'][:10], s['latest_at'][:10]) for s in d['thresholds']]");
    assert_string_equal(v, "[33, ('rectus_femoris', 'left', 2, 280, 330, 50, True, '2026-10-01', "
                           "'2026-11-05'), ('rectus_femoris', 'right', 2, 300, 280, -20, False, "
                           "'2026-10-01', '2026-11-05'), ('vastus_lateralis', 'left', 1, 250, "
                           "250, None, False, '2026-10-30', '2026-10-30')]");
    free(v);
    v = json_eval(r.out, "[(a['muscle'], a['left_kpa'], a['right_kpa'], a['difference_kpa'],"
                         " a['beyond_mdc']) for a in d['asymmetry']]");
    assert_string_equal(v, "[('rectus_femoris', 330, 280, 50, True)]");
    free(v);
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "--json", "progress", "zoë \"z\"", NULL);
    assert_int_equal(r.status, 0);
    v = json_eval(r.out, "[d['user'], d['muscles'][0]['muscle']]");
    assert_string_equal(v, "['zoë \"z\"', 'popliteus']");
    free(v);
    tprctl_result_free(&r);
}

static void test_errors(void **state)
{
    (void)state;
    tprctl_result r = run_tprctl("--db", fixture_db, "progress", "carol", NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no user 'carol' in"));
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "progress", "alice", "quads", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "quads: not a muscle"));
    tprctl_result_free(&r);
    r = run_tprctl("--db", fixture_db, "progress", NULL);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "progress USER [MUSCLE]"));
    tprctl_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_muscle_by_hand),
        cmocka_unit_test(test_every_muscle),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
