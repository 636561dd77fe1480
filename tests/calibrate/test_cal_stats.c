/* The calibration arithmetic: mean and sd, zero and scale, the noise floor
 * in kPa, and the refusal of a weight lost in the noise. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cal_stats.h"

/* cmocka 1.1 compares floats; these are doubles. */
#define assert_near(a, b, eps) assert_true(fabs((a) - (b)) <= (eps))

static tpr_cal_stats of(const double *x, int n)
{
    tpr_cal_stats s = {0};
    for (int i = 0; i < n; i++)
        tpr_cal_stats_add(&s, x[i]);
    return s;
}

static void test_mean_and_sd(void **state)
{
    (void)state;
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    tpr_cal_stats s = of(x, 8);
    assert_int_equal(s.n, 8);
    assert_near(s.mean, 5.0, 1e-12);
    assert_near(tpr_cal_stats_sd(&s), sqrt(32.0 / 7.0), 1e-12);
    tpr_cal_stats one = of(x, 1);
    assert_near(tpr_cal_stats_sd(&one), 0.0, 0);
}

static void test_zero_scale_noise(void **state)
{
    (void)state;
    const double empty[] = {99, 101, 99, 101};
    const double loaded[] = {1099, 1101, 1100, 1100};
    tpr_cal_stats e = of(empty, 4), l = of(loaded, 4);
    tpr_cal_result r;
    char err[256];
    assert_int_equal(tpr_cal_solve(&e, &l, 9.80665, 0.5, &r, err, sizeof(err)), 0);
    assert_near(r.zero, 100.0, 1e-12);
    assert_near(r.scale, 9.80665 / 1000.0, 1e-12);
    /* sd of the empty tip (1.1547 counts) in N, on 0.5 cm2, in kPa */
    assert_near(r.noise_kpa, sqrt(4.0 / 3.0) * 9.80665 / 1000.0 / 0.5 * 10.0, 1e-9);

    /* A sensor that reads lower under load: a negative scale, same noise. */
    const double down[] = {-899, -901, -900, -900};
    tpr_cal_stats d = of(down, 4);
    assert_int_equal(tpr_cal_solve(&e, &d, 9.80665, 0.5, &r, err, sizeof(err)), 0);
    assert_near(r.scale, -9.80665 / 1000.0, 1e-12);
    assert_true(r.noise_kpa > 0.0);
}

static void test_refuses_weight_in_the_noise(void **state)
{
    (void)state;
    const double empty[] = {90, 110, 95, 105};    /* sd ~ 9 */
    const double loaded[] = {120, 140, 125, 135}; /* moved by 30 < 5 sd */
    tpr_cal_stats e = of(empty, 4), l = of(loaded, 4);
    tpr_cal_result r;
    char err[256];
    assert_int_equal(tpr_cal_solve(&e, &l, 5.0, 1.0, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "right one"));

    const double same[] = {100, 100, 100};
    tpr_cal_stats s = of(same, 3);
    assert_int_equal(tpr_cal_solve(&s, &s, 5.0, 1.0, &r, err, sizeof(err)), -1);

    /* Far beyond the noise: accepted. */
    const double far[] = {220, 240, 225, 235};
    tpr_cal_stats f = of(far, 4);
    assert_int_equal(tpr_cal_solve(&e, &f, 5.0, 1.0, &r, err, sizeof(err)), 0);

    tpr_cal_stats few = of(empty, 1);
    assert_int_equal(tpr_cal_solve(&few, &f, 5.0, 1.0, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "too few readings"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_and_sd),
        cmocka_unit_test(test_zero_scale_noise),
        cmocka_unit_test(test_refuses_weight_in_the_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
