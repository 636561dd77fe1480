/* The built-in muscle library and routines keep the promises of the
 * muscle table: every muscle present, doses that make sense and stay in
 * the conservative bands, routines made of library muscles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config_test.h"
#include "muscles.h"
#include "profile.h"

static const char *const required[] = {
    "rectus_femoris",     "vastus_medialis",      "vastus_lateralis",
    "vastus_intermedius", "biceps_femoris",       "semitendinosus",
    "semimembranosus",    "gastrocnemius",        "soleus",
    "popliteus",          "adductor_longus",      "gracilis",
    "sartorius",          "tensor_fasciae_latae",
};

static void every_muscle_is_in_the_library(void **state)
{
    (void)state;
    assert_int_equal(sizeof(required) / sizeof(required[0]), TPR_MUSCLE_COUNT);
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_muscle_info *m = tpr_muscle_find(required[i]);
        assert_non_null(m);
        assert_string_equal(m->dose.muscle, required[i]);
        int idx = tpr_muscle_index(required[i]);
        assert_true(idx >= 0 && idx < TPR_MUSCLE_COUNT);
        assert_ptr_equal(tpr_muscle_at((size_t)idx), m);
        assert_true(strlen(m->group) > 0 && strlen(m->refers) > 0);
    }
    assert_null(tpr_muscle_find("quadzilla"));
    assert_int_equal(tpr_muscle_index("Rectus_Femoris"), -1);
    assert_null(tpr_muscle_at(TPR_MUSCLE_COUNT));
}

static void every_dose_is_consistent(void **state)
{
    (void)state;
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_dose *d = &tpr_muscle_at(i)->dose;
        assert_true(d->contact_kpa > 0.0f);
        assert_true(d->contact_kpa < d->band_min_kpa);
        assert_true(d->band_min_kpa < d->band_max_kpa);
        assert_true(d->band_max_kpa < d->limit_kpa);
        assert_true(d->hold_min_ms <= d->hold_ms && d->hold_ms <= d->hold_max_ms);
        assert_true(d->reps >= 1);
        assert_true(d->intensity_pct > 0.0f && d->intensity_pct <= 100.0f);
        assert_true(d->release_drop > 0.0f && d->release_drop <= 0.5f);
        /* Contact is about a third of the band's lower edge. */
        assert_true(d->contact_kpa >= 0.25f * d->band_min_kpa);
        assert_true(d->contact_kpa <= 0.45f * d->band_min_kpa);
    }
}

/* Conservative adult starting bands from the muscle table, by group. */
static void doses_stay_in_the_conservative_bands(void **state)
{
    (void)state;
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_muscle_info *m = tpr_muscle_at(i);
        const tpr_dose *d = &m->dose;
        float limit = 280.0f; /* inner thigh, superficial, hip */
        if (!strcmp(m->group, "quadriceps") || !strcmp(m->group, "hamstrings"))
            limit = 450.0f;
        else if (!strcmp(m->group, "lower leg"))
            limit = 350.0f;
        else if (!strcmp(d->muscle, "popliteus"))
            limit = 180.0f;
        assert_true(d->limit_kpa <= limit);
        assert_true(d->band_max_kpa <= limit * 0.72f);
        assert_true(d->band_min_kpa >= 50.0f);
        assert_true(d->hold_ms >= 20000 && d->hold_max_ms <= 90000);
    }
}

static void popliteus_is_the_gentlest(void **state)
{
    (void)state;
    const tpr_dose *pop = &tpr_muscle_find("popliteus")->dose;
    assert_true(pop->intensity_pct <= 30.0f);
    assert_float_equal(pop->intensity_max_pct, 30.0f, 0.0f); /* the core's cap */
    assert_true(pop->limit_kpa <= 180.0f);
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        const tpr_dose *d = &tpr_muscle_at(i)->dose;
        if (d == pop)
            continue;
        assert_true(pop->limit_kpa < d->limit_kpa);
        assert_true(pop->band_max_kpa < d->band_max_kpa);
        assert_true(pop->intensity_pct < d->intensity_pct);
        assert_true(pop->hold_max_ms <= d->hold_max_ms);
        assert_float_equal(d->intensity_max_pct, 100.0f, 0.0f); /* no rule of its own */
    }
}

/* A user must be able to write the library's values back into a profile. */
static void library_values_are_inside_the_profile_ranges(void **state)
{
    (void)state;
    const tpr_option_table *t = &tpr_profile_options;
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++) {
        for (size_t k = 0; k < t->count; k++) {
            if (strcmp(t->opt[k].section, "muscle.NAME") != 0)
                continue;
            double v = tpr_option_number(&t->opt[k], &tpr_muscle_at(i)->dose);
            if (v < t->opt[k].min || v > t->opt[k].max)
                fail_msg("%s %s = %g outside [%g, %g]", tpr_muscle_at(i)->dose.muscle,
                         t->opt[k].key, v, t->opt[k].min, t->opt[k].max);
        }
    }
}

static int routine_has(const tpr_routine_info *r, const char *muscle)
{
    for (size_t i = 0; i < TPR_MAX_ROUTINE && r->muscles[i]; i++)
        if (!strcmp(r->muscles[i], muscle))
            return 1;
    return 0;
}

static void routines_follow_the_referral_areas(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *muscles[6];
    } expected[] = {
        {"knee_front",
         {"rectus_femoris", "vastus_medialis", "vastus_intermedius", "vastus_lateralis"}},
        {"knee_inside", {"vastus_medialis", "gracilis", "sartorius", "adductor_longus"}},
        {"knee_outside", {"vastus_lateralis", "tensor_fasciae_latae", "biceps_femoris"}},
        {"knee_back",
         {"gastrocnemius", "popliteus", "biceps_femoris", "semitendinosus", "semimembranosus"}},
    };
    assert_int_equal(tpr_routine_count(), 4);
    for (size_t i = 0; i < 4; i++) {
        const tpr_routine_info *r = tpr_routine_find(expected[i].name);
        assert_non_null(r);
        assert_true(strlen(r->description) > 10);
        size_t n = 0;
        while (n < TPR_MAX_ROUTINE && r->muscles[n]) {
            assert_non_null(tpr_muscle_find(r->muscles[n]));
            n++;
        }
        for (size_t j = 0; expected[i].muscles[j]; j++)
            assert_true(routine_has(r, expected[i].muscles[j]));
        assert_true(n >= 3);
    }
    assert_ptr_equal(tpr_routine_at(0), tpr_routine_find(tpr_routine_at(0)->name));
    assert_null(tpr_routine_find("knee_sideways"));
    assert_null(tpr_routine_at(4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_muscle_is_in_the_library),
        cmocka_unit_test(every_dose_is_consistent),
        cmocka_unit_test(doses_stay_in_the_conservative_bands),
        cmocka_unit_test(popliteus_is_the_gentlest),
        cmocka_unit_test(library_values_are_inside_the_profile_ranges),
        cmocka_unit_test(routines_follow_the_referral_areas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
