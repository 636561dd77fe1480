/* tprd's command line: what a person typing options would notice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"
#include "system_config.h"

/* Parse a NULL-terminated list of words; the error text lands in errbuf. */
static char errbuf[512];

static int parse(tpr_args *a, ...)
{
    char *argv[32] = {"tprd"};
    int argc = 1;
    va_list ap;
    va_start(ap, a);
    for (char *w; (w = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = w;
    va_end(ap);
    FILE *f = fmemopen(errbuf, sizeof(errbuf), "w");
    int rc = tpr_args_parse(argc, argv, a, f);
    fclose(f);
    return rc;
}

static void test_defaults_run_the_routine(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, NULL), 0);
    assert_int_equal(a.mode, TPR_MODE_RUN);
    assert_null(a.config);
    assert_int_equal(a.rate_hz, 0);
}

static void test_replay_needs_a_muscle(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, "--replay", "t.csv", NULL), 2);
    assert_non_null(strstr(errbuf, "--muscle"));
    assert_int_equal(parse(&a, "--replay", "t.csv", "-m", "soleus", NULL), 0);
    assert_int_equal(a.mode, TPR_MODE_REPLAY);
    assert_string_equal(a.replay, "t.csv");
    assert_string_equal(a.muscle, "soleus");
}

static void test_help_and_version_win(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, "--profile", "x.ini", "--help", NULL), 0);
    assert_int_equal(a.mode, TPR_MODE_HELP);
    assert_int_equal(parse(&a, "-V", NULL), 0);
    assert_int_equal(a.mode, TPR_MODE_VERSION);
}

static void test_bad_values_are_named(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, "--rate", "fast", NULL), 2);
    assert_non_null(strstr(errbuf, "--rate"));
    assert_non_null(strstr(errbuf, "fast"));
    assert_int_equal(parse(&a, "--rate", "500", NULL), 0);
    assert_int_equal(a.rate_hz, 500);
    assert_int_equal(parse(&a, "--duration", "-1", NULL), 2);
    assert_non_null(strstr(errbuf, "--duration"));
}

/* --rate and [device] rate accept the same: one range, declared in the
 * system config's table. */
static void test_rate_has_the_range_of_device_rate(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, "--rate", "10", NULL), 2);
    assert_non_null(strstr(errbuf, "--rate: 10 Hz is below the minimum 100 Hz"));
    assert_int_equal(parse(&a, "--rate", "20000", NULL), 2);
    assert_non_null(strstr(errbuf, "--rate: 20000 Hz is above the maximum 10000 Hz"));
    assert_int_equal(parse(&a, "--rate", "2 kHz", NULL), 0);
    assert_int_equal(a.rate_hz, 2000);
    assert_int_equal(parse(&a, "--rate", "2 s", NULL), 2);

    const tpr_option *o =
        &tpr_system_options.opt[tpr_option_index(&tpr_system_options, "device", "rate")];
    char v[32];
    snprintf(v, sizeof(v), "%.0f", o->min);
    assert_int_equal(parse(&a, "--rate", v, NULL), 0);
    assert_int_equal(a.rate_hz, (uint32_t)o->min);
    snprintf(v, sizeof(v), "%.0f", o->max);
    assert_int_equal(parse(&a, "--rate", v, NULL), 0);
    assert_int_equal(a.rate_hz, (uint32_t)o->max);
    snprintf(v, sizeof(v), "%.0f", o->min - 1);
    assert_int_equal(parse(&a, "--rate", v, NULL), 2);
    snprintf(v, sizeof(v), "%.0f", o->max + 1);
    assert_int_equal(parse(&a, "--rate", v, NULL), 2);
}

static void test_unknown_and_missing_values(void **state)
{
    (void)state;
    tpr_args a;
    assert_int_equal(parse(&a, "--frobnicate", NULL), 2);
    assert_non_null(strstr(errbuf, "--frobnicate"));
    assert_int_equal(parse(&a, "--profile", NULL), 2);
    assert_non_null(strstr(errbuf, "needs a value"));
    assert_int_equal(parse(&a, "stray", NULL), 2);
    assert_non_null(strstr(errbuf, "stray"));
    assert_int_equal(parse(&a, "-p", "a.ini", "-u", "bob", NULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_run_the_routine),
        cmocka_unit_test(test_replay_needs_a_muscle),
        cmocka_unit_test(test_help_and_version_win),
        cmocka_unit_test(test_bad_values_are_named),
        cmocka_unit_test(test_rate_has_the_range_of_device_rate),
        cmocka_unit_test(test_unknown_and_missing_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
