/* The newest reliable threshold of a site read back: newer and older,
 * reliable and not, other sides, users and muscles; no database, and one
 * from before measurements, read as "none" and left untouched. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "measurement.h"
#include "measurement_read.h"
#include "schema.h"
#include "store_fixture.h"

/* Store a measurement of threshold kpa from reliable of three trials. */
static void store(const scratch *dir, const char *user, const char *muscle, tpr_side side,
                  int64_t at, float kpa, uint32_t reliable)
{
    tpr_ppt_result res = {.target_kpa_s = 100, .attempts = 3, .reliable = reliable, .ppt_kpa = kpa};
    for (uint32_t i = 0; i < 3; i++)
        res.trial[i] =
            (tpr_ppt_trial){kpa, 100, i < reliable, i < reliable ? TPR_PPT_OK : TPR_PPT_TOO_FAST};
    tpr_measurement m = {
        .user = user, .muscle = muscle, .side = side, .taken_at_ms = at, .result = &res};
    char err[256];
    if (tpr_measurement_save(dir->db, &m, err, sizeof(err)) < 0)
        fail_msg("%s", err);
}

/* The newest threshold of (tester, vastus_medialis, side): its kPa, 0 for none. */
static float newest(const scratch *dir, tpr_side side, int64_t *at)
{
    float kpa = -1;
    char err[256] = "";
    int rc = tpr_measurement_newest(dir->db, "tester", "vastus_medialis", side, &kpa, at, err,
                                    sizeof(err));
    if (rc < 0)
        fail_msg("%s", err);
    return rc ? kpa : 0;
}

static void test_the_newest_reliable_one(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    int64_t at = 0;
    assert_true(newest(&dir, TPR_SIDE_LEFT, &at) == 0); /* no database yet */
    struct stat sb;
    assert_int_equal(stat(dir.db, &sb), -1); /* and none made */
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_LEFT, 1000, 250, 3);
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_LEFT, 3000, 300, 3);
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_LEFT, 2000, 270, 3); /* stored later, older */
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_LEFT, 4000, 200, 2); /* not reliable */
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_LEFT, 5000, NAN, 0); /* no threshold */
    store(&dir, "tester", "vastus_medialis", TPR_SIDE_RIGHT, 6000, 150, 3);
    store(&dir, "tester", "rectus_femoris", TPR_SIDE_LEFT, 7000, 400, 3);
    store(&dir, "other", "vastus_medialis", TPR_SIDE_LEFT, 8000, 500, 3);
    assert_true(newest(&dir, TPR_SIDE_LEFT, &at) == 300.0f);
    assert_int_equal(at, 3000);
    assert_true(newest(&dir, TPR_SIDE_RIGHT, &at) == 150.0f);
    assert_int_equal(at, 6000);
    assert_true(newest(&dir, TPR_SIDE_NONE, &at) == 0);
    scratch_remove(&dir);
}

static void test_a_database_from_before_measurements(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    sqlite3 *db = db_check_open(dir.db);
    for (int i = 0; i < 4; i++) /* the schema before migration 5 */
        db_exec(db, tpr_store_migrations[i]);
    db_exec(db, "PRAGMA user_version = 4");
    sqlite3_close(db);
    int64_t at = 0;
    assert_true(newest(&dir, TPR_SIDE_LEFT, &at) == 0);
    db = db_check_open(dir.db);
    assert_int_equal(db_int(db, "PRAGMA user_version"), 4); /* not upgraded by a reader */
    sqlite3_close(db);
    scratch_remove(&dir);
}

static void test_an_unreadable_file_is_an_error(void **state)
{
    (void)state;
    scratch dir;
    scratch_make(&dir);
    FILE *f = fopen(dir.db, "w");
    assert_non_null(f);
    fputs("not a database, but long enough to be read as one's header.......", f);
    fclose(f);
    float kpa = 0;
    int64_t at = 0;
    char err[256] = "";
    assert_int_equal(tpr_measurement_newest(dir.db, "tester", "vastus_medialis", TPR_SIDE_LEFT,
                                            &kpa, &at, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, dir.db));
    scratch_remove(&dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_newest_reliable_one),
        cmocka_unit_test(test_a_database_from_before_measurements),
        cmocka_unit_test(test_an_unreadable_file_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
