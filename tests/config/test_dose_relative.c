/* Doses relative to the measured threshold: the resolution rule, worked by
 * hand on the library's rectus femoris (contact 40, band 120-300, limit and
 * ceiling 450 kPa) and popliteus (contact 20, limit and ceiling 180 kPa). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config_test.h"
#include "dose_relative.h"
#include "muscles.h"

/* The library dose of muscle written 90 / 120 / 140 %ppt on the left. */
static tpr_dose relative_dose(const char *muscle)
{
    tpr_dose d = tpr_muscle_find(muscle)->dose;
    d.relative = (tpr_dose_relative){90.0f, 120.0f, 140.0f, TPR_SIDE_LEFT, 0.0f};
    return d;
}

static void assert_pressures(const tpr_dose *d, double lo, double hi, double limit)
{
    assert_near(d->band_min_kpa, lo, 1e-3);
    assert_near(d->band_max_kpa, hi, 1e-3);
    assert_near(d->limit_kpa, limit, 1e-3);
}

static void a_threshold_sets_the_band_and_limit(void **state)
{
    (void)state;
    tpr_dose d = relative_dose("rectus_femoris");
    /* 300 kPa: band 270-360 (90 and 120 %), limit 420 (140 %). */
    assert_int_equal(tpr_dose_resolve(&d, 300.0f), TPR_DOSE_FROM_PPT);
    assert_pressures(&d, 270.0, 360.0, 420.0);
    assert_near(d.relative.from_kpa, 300.0, 0);
    assert_int_equal(tpr_dose_source_of(&d), TPR_DOSE_FROM_PPT);
    assert_string_equal(tpr_dose_source_name(TPR_DOSE_FROM_PPT), "ppt");
}

static void never_above_the_library_ceiling(void **state)
{
    (void)state;
    tpr_dose d = relative_dose("rectus_femoris");
    /* 400 kPa (a knee-OA patella threshold): 120 % = 480 and 140 % = 560
     * pass the 450 kPa ceiling; the top and the limit stop there, and the
     * bottom keeps the band's proportion, 450 x 90 / 120 = 337.5. */
    assert_int_equal(tpr_dose_resolve(&d, 400.0f), TPR_DOSE_FROM_PPT);
    assert_pressures(&d, 337.5, 450.0, 450.0);
    /* The popliteus's ceiling is its own: 200 kPa gives 180 x 0.75 = 135,
     * 180 (not 240) and 180 (not 280). */
    tpr_dose p = relative_dose("popliteus");
    assert_int_equal(tpr_dose_resolve(&p, 200.0f), TPR_DOSE_FROM_PPT);
    assert_pressures(&p, 135.0, 180.0, 180.0);
    /* However high the threshold. */
    assert_int_equal(tpr_dose_resolve(&p, 5000.0f), TPR_DOSE_FROM_PPT);
    assert_pressures(&p, 135.0, 180.0, 180.0);
}

static void without_a_threshold_the_library_dose_applies(void **state)
{
    (void)state;
    const tpr_dose *lib = &tpr_muscle_find("rectus_femoris")->dose;
    tpr_dose d = relative_dose("rectus_femoris");
    assert_int_equal(tpr_dose_resolve(&d, NAN), TPR_DOSE_LIBRARY);
    assert_pressures(&d, lib->band_min_kpa, lib->band_max_kpa, lib->limit_kpa);
    assert_near(d.relative.from_kpa, 0, 0);
    assert_int_equal(tpr_dose_source_of(&d), TPR_DOSE_LIBRARY);
    assert_string_equal(tpr_dose_source_name(TPR_DOSE_LIBRARY), "library");
    /* A dose resolved before goes back to the library's, not its old kPa. */
    assert_int_equal(tpr_dose_resolve(&d, 300.0f), TPR_DOSE_FROM_PPT);
    assert_int_equal(tpr_dose_resolve(&d, 0.0f), TPR_DOSE_LIBRARY);
    assert_pressures(&d, lib->band_min_kpa, lib->band_max_kpa, lib->limit_kpa);
    /* 44 kPa: the band would start at 39.6 kPa, under the 40 kPa contact
     * pressure: no band to hold in, the library's instead. */
    assert_int_equal(tpr_dose_resolve(&d, 44.0f), TPR_DOSE_LIBRARY);
    assert_pressures(&d, lib->band_min_kpa, lib->band_max_kpa, lib->limit_kpa);
    /* 45 kPa: 40.5 kPa is above it. */
    assert_int_equal(tpr_dose_resolve(&d, 45.0f), TPR_DOSE_FROM_PPT);
    assert_pressures(&d, 40.5, 54.0, 63.0);
}

static void an_absolute_dose_is_left_alone(void **state)
{
    (void)state;
    tpr_dose d = tpr_muscle_find("soleus")->dose;
    d.band_min_kpa = 111.0f;
    tpr_dose before = d;
    assert_int_equal(tpr_dose_resolve(&d, 300.0f), TPR_DOSE_ABSOLUTE);
    assert_memory_equal(&d, &before, sizeof(d));
    assert_int_equal(tpr_dose_source_of(&d), TPR_DOSE_ABSOLUTE);
    assert_string_equal(tpr_dose_source_name(TPR_DOSE_ABSOLUTE), "");
}

static void relative_values_parse(void **state)
{
    (void)state;
    float pct = 0;
    char err[160];
    assert_true(tpr_dose_relative_text("90 %ppt"));
    assert_true(tpr_dose_relative_text("90 %pptx"));
    assert_false(tpr_dose_relative_text("90 kPa"));
    assert_int_equal(tpr_dose_relative_parse("band_min", " 92.5\t%ppt ", &pct, err, sizeof(err)),
                     0);
    assert_near(pct, 92.5, 0);
    assert_int_equal(tpr_dose_relative_parse("band_min", "90 % ppt", &pct, err, sizeof(err)), -1);
    assert_contains(err, "band_min: unknown unit '% ppt'");
    assert_int_equal(tpr_dose_relative_parse("limit", "inf %ppt", &pct, err, sizeof(err)), -1);
    assert_contains(err, "limit: inf %ppt is above the maximum 300 %ppt");
    assert_int_equal(tpr_dose_relative_parse("limit", "9.9 %ppt", &pct, err, sizeof(err)), -1);
    assert_contains(err, "below the minimum 10 %ppt");
    assert_near(pct, 92.5, 0); /* unchanged on error */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_threshold_sets_the_band_and_limit),
        cmocka_unit_test(never_above_the_library_ceiling),
        cmocka_unit_test(without_a_threshold_the_library_dose_applies),
        cmocka_unit_test(an_absolute_dose_is_left_alone),
        cmocka_unit_test(relative_values_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
