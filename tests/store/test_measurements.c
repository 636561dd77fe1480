/* Pressure-pain-threshold measurements in the session database: a site's
 * trials and threshold stored and read back with plain SQLite, a trial
 * without a value stored as NULL, a database of the schema before
 * measurements upgraded with its sessions kept, and a refused row leaving
 * nothing behind. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "measurement.h"
#include "schema.h"
#include "store_fixture.h"

/* Four attempts: one too fast, then three on rate (mean 280 kPa). */
static tpr_ppt_result four_trials(void)
{
    return (tpr_ppt_result){
        .target_kpa_s = 100,
        .attempts = 4,
        .reliable = 3,
        .trial = {{320, 190, false, TPR_PPT_TOO_FAST},
                  {250, 101, true, TPR_PPT_OK},
                  {280, 98, true, TPR_PPT_OK},
                  {310, 104, true, TPR_PPT_OK}},
        .ppt_kpa = 280,
        .finished = true,
    };
}

static int64_t save(const scratch *dir, const tpr_ppt_result *res, tpr_side side, char *err)
{
    tpr_measurement m = {.user = "tester",
                         .muscle = "vastus_medialis",
                         .side = side,
                         .taken_at_ms = 1700000000000,
                         .result = res};
    return tpr_measurement_save(dir->db, &m, err, 256);
}

static void test_a_site_and_its_trials_are_stored(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    char err[256], buf[128];
    tpr_ppt_result res = four_trials();
    assert_int_equal(save(&dir, &res, TPR_SIDE_LEFT, err), 1);
    sqlite3 *db = db_check_open(dir.db);
    assert_string_equal(db_text(db,
                                "SELECT u.name || ' ' || m.muscle || ' ' || m.side FROM"
                                " measurements m JOIN users u ON u.id = m.user_id",
                                buf, sizeof(buf)),
                        "tester vastus_medialis left");
    assert_int_equal(db_int(db, "SELECT taken_at FROM measurements"), 1700000000000);
    assert_int_equal(db_int(db, "SELECT ppt_kpa FROM measurements"), 280);
    assert_int_equal(db_int(db, "SELECT target_kpa_s FROM measurements"), 100);
    assert_int_equal(db_int(db, "SELECT reliable_trials FROM measurements"), 3);
    assert_int_equal(db_int(db, "SELECT count(*) FROM measurement_trials"), 4);
    assert_string_equal(db_text(db,
                                "SELECT group_concat(trial || ':' || CAST(threshold_kpa AS INT)"
                                " || ':' || CAST(rate_kpa_s AS INT) || ':' || reliable || ':' ||"
                                " reason, ' ') FROM (SELECT * FROM measurement_trials"
                                " ORDER BY trial)",
                                buf, sizeof(buf)),
                        "1:320:190:0:too_fast 2:250:101:1:ok 3:280:98:1:ok 4:310:104:1:ok");
    sqlite3_close(db);

    /* The same user again: one user, two sites. */
    res = (tpr_ppt_result){.target_kpa_s = 100,
                           .attempts = 1,
                           .trial = {{NAN, NAN, false, TPR_PPT_FAULT}},
                           .ppt_kpa = NAN};
    assert_int_equal(save(&dir, &res, TPR_SIDE_NONE, err), 2);
    db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT count(*) FROM users"), 1);
    assert_int_equal(db_int(db, "SELECT ppt_kpa IS NULL FROM measurements WHERE id = 2"), 1);
    assert_int_equal(db_int(db, "SELECT threshold_kpa IS NULL AND rate_kpa_s IS NULL"
                                " FROM measurement_trials WHERE measurement_id = 2"),
                     1);
    assert_string_equal(db_text(db, "SELECT side FROM measurements WHERE id = 2", buf, sizeof(buf)),
                        "none");
    sqlite3_close(db);
    scratch_remove(&dir);
}

/* A database as tprd wrote it before measurements: schema version 3. */
static void test_a_database_before_measurements_is_upgraded(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    db_make_version3(dir.db);
    char err[256], buf[64];
    tpr_ppt_result res = four_trials();
    assert_int_equal(save(&dir, &res, TPR_SIDE_RIGHT, err), 1);
    sqlite3 *db = db_check_open(dir.db);
    assert_true(tpr_store_schema_version >= 4);
    assert_int_equal(db_int(db, "PRAGMA user_version"), tpr_store_schema_version);
    assert_string_equal(db_text(db, "SELECT routine FROM sessions", buf, sizeof(buf)),
                        "old"); /* the session from before, kept */
    assert_int_equal(db_int(db, "SELECT user_id FROM measurements"), 1);
    sqlite3_close(db);
    scratch_remove(&dir);
}

static void test_a_refused_row_leaves_nothing(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    char err[256], want[160];
    tpr_ppt_result res = four_trials();
    /* A side the table does not know fails its check: nothing is kept,
     * not even the new user. */
    assert_int_equal(save(&dir, &res, (tpr_side)7, err), -1);
    snprintf(want, sizeof(want), "%s: measurement: ", dir.db);
    assert_memory_equal(err, want, strlen(want));
    sqlite3 *db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "SELECT count(*) FROM measurements"), 0);
    assert_int_equal(db_int(db, "SELECT count(*) FROM users"), 0);
    sqlite3_close(db);

    scratch bad = dir;
    snprintf(bad.db, sizeof(bad.db), "%s/missing/sessions.db", dir.dir);
    assert_int_equal(save(&bad, &res, TPR_SIDE_LEFT, err), -1);
    assert_memory_equal(err, bad.db, strlen(bad.db));
    scratch_remove(&dir);
}

static void test_sides_by_name(void **state)
{
    (void)state;
    tpr_side s = TPR_SIDE_NONE;
    assert_int_equal(tpr_side_parse("left", &s), 0);
    assert_int_equal(s, TPR_SIDE_LEFT);
    assert_int_equal(tpr_side_parse("right", &s), 0);
    assert_int_equal(s, TPR_SIDE_RIGHT);
    assert_int_equal(tpr_side_parse("none", &s), 0);
    assert_int_equal(s, TPR_SIDE_NONE);
    assert_int_equal(tpr_side_parse("Left", &s), -1);
    assert_int_equal(tpr_side_parse("", &s), -1);
    assert_int_equal(tpr_side_parse(NULL, &s), -1);
    assert_string_equal(tpr_side_name(TPR_SIDE_RIGHT), "right");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_site_and_its_trials_are_stored),
        cmocka_unit_test(test_a_database_before_measurements_is_upgraded),
        cmocka_unit_test(test_a_refused_row_leaves_nothing),
        cmocka_unit_test(test_sides_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
