/* Values with units: conversions a user relies on and the mistakes they make. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config_test.h"
#include "units.h"

static double parse_ok(const char *text, tpr_unit_kind kind)
{
    char err[160] = "";
    double v = -12345.0;
    if (tpr_unit_parse(text, kind, &v, err, sizeof(err)))
        fail_msg("'%s' rejected: %s", text, err);
    return v;
}

/* The value is rejected and the message contains what. */
static void parse_bad(const char *text, tpr_unit_kind kind, const char *what)
{
    char err[160] = "";
    double v = -12345.0;
    assert_int_equal(tpr_unit_parse(text, kind, &v, err, sizeof(err)), -1);
    assert_true(v == -12345.0);
    if (!strstr(err, what))
        fail_msg("'%s': message '%s' does not mention '%s'", text, err, what);
}

static void pressure_units_convert_to_kpa(void **state)
{
    (void)state;
    assert_near(parse_ok("250", TPR_UNIT_PRESSURE), 250.0, 1e-9);
    assert_near(parse_ok("250 kPa", TPR_UNIT_PRESSURE), 250.0, 1e-9);
    assert_near(parse_ok("250kpa", TPR_UNIT_PRESSURE), 250.0, 1e-9);
    assert_near(parse_ok("2.5 N/cm2", TPR_UNIT_PRESSURE), 25.0, 1e-9);
    assert_near(parse_ok("1 kgf/cm2", TPR_UNIT_PRESSURE), 98.07, 0.005);
    assert_near(parse_ok("3 kgf/cm\u00b2", TPR_UNIT_PRESSURE), 294.2, 0.01);
    assert_near(parse_ok("  1.5e2 \t kPa  ", TPR_UNIT_PRESSURE), 150.0, 1e-9);
    assert_near(parse_ok("-20 kPa", TPR_UNIT_PRESSURE), -20.0, 1e-9);
}

static void pressure_rejects_force_and_junk(void **state)
{
    (void)state;
    parse_bad("12 N", TPR_UNIT_PRESSURE, "force");
    parse_bad("12 N", TPR_UNIT_PRESSURE, "N/cm2");
    parse_bad("12 psi", TPR_UNIT_PRESSURE, "unknown unit 'psi'");
    parse_bad("12 kPa extra", TPR_UNIT_PRESSURE, "unexpected 'extra'");
    parse_bad("12 s", TPR_UNIT_PRESSURE, "time");
    parse_bad("", TPR_UNIT_PRESSURE, "missing value");
    parse_bad("   ", TPR_UNIT_PRESSURE, "missing value");
    parse_bad("kPa", TPR_UNIT_PRESSURE, "not a number");
    parse_bad("abc", TPR_UNIT_PRESSURE, "not a number");
    parse_bad("nan", TPR_UNIT_PRESSURE, "not a finite number");
    parse_bad("-inf kPa", TPR_UNIT_PRESSURE, "not a finite number");
    parse_bad("1e999", TPR_UNIT_PRESSURE, "too large");
    parse_bad("0x10", TPR_UNIT_PRESSURE, "unknown unit 'x10'");
    parse_bad("1,5", TPR_UNIT_PRESSURE, "unknown unit ',5'");
}

static void time_plain_number_is_seconds_or_ms_by_kind(void **state)
{
    (void)state;
    assert_near(parse_ok("30", TPR_UNIT_SECONDS), 30000.0, 1e-9);
    assert_near(parse_ok("1.5", TPR_UNIT_SECONDS), 1500.0, 1e-9);
    assert_near(parse_ok("30 s", TPR_UNIT_SECONDS), 30000.0, 1e-9);
    assert_near(parse_ok("500 ms", TPR_UNIT_SECONDS), 500.0, 1e-9);
    assert_near(parse_ok("20", TPR_UNIT_MILLISECONDS), 20.0, 1e-9);
    assert_near(parse_ok("0.02 s", TPR_UNIT_MILLISECONDS), 20.0, 1e-9);
    parse_bad("30 kPa", TPR_UNIT_SECONDS, "pressure");
    parse_bad("30 min", TPR_UNIT_SECONDS, "unknown unit 'min'");
}

static void percent_and_count(void **state)
{
    (void)state;
    assert_near(parse_ok("15", TPR_UNIT_PERCENT), 15.0, 1e-9);
    assert_near(parse_ok("15 %", TPR_UNIT_PERCENT), 15.0, 1e-9);
    assert_near(parse_ok("15%", TPR_UNIT_PERCENT), 15.0, 1e-9);
    assert_near(parse_ok("200 %/s", TPR_UNIT_SLEW), 200.0, 1e-9);
    assert_near(parse_ok("100 kPa/s", TPR_UNIT_PRESSURE_RATE), 100.0, 1e-9);
    assert_near(parse_ok("10 N/cm2/s", TPR_UNIT_PRESSURE_RATE), 100.0, 1e-9);
    assert_near(parse_ok("80", TPR_UNIT_PRESSURE_RATE), 80.0, 1e-9);
    parse_bad("15 kPa", TPR_UNIT_PERCENT, "percentage");
    assert_near(parse_ok("3", TPR_UNIT_COUNT), 3.0, 0.0);
    parse_bad("3.5", TPR_UNIT_COUNT, "whole number");
    parse_bad("-1", TPR_UNIT_COUNT, "whole number");
    parse_bad("3 s", TPR_UNIT_COUNT, "no unit");
    parse_bad("3 reps", TPR_UNIT_COUNT, "no unit");
    assert_near(parse_ok("-0.0123", TPR_UNIT_NUMBER), -0.0123, 1e-12);
    parse_bad("1 V", TPR_UNIT_NUMBER, "no unit");
}

static void hardware_quantities(void **state)
{
    (void)state;
    assert_near(parse_ok("1 cm2", TPR_UNIT_AREA), 1.0, 1e-12);
    assert_near(parse_ok("100 mm2", TPR_UNIT_AREA), 1.0, 1e-12);
    assert_near(parse_ok("50 mm\u00b2", TPR_UNIT_AREA), 0.5, 1e-12);
    assert_near(parse_ok("2", TPR_UNIT_AREA), 2.0, 1e-12);
    assert_near(parse_ok("1 kHz", TPR_UNIT_FREQUENCY), 1000.0, 1e-9);
    assert_near(parse_ok("500", TPR_UNIT_FREQUENCY), 500.0, 1e-9);
    assert_near(parse_ok("1 kgf", TPR_UNIT_FORCE), 9.80665, 1e-9);
    assert_near(parse_ok("500 g", TPR_UNIT_FORCE), 4.903325, 1e-9);
    assert_near(parse_ok("10 N", TPR_UNIT_FORCE), 10.0, 1e-9);
    parse_bad("10 kPa", TPR_UNIT_FORCE, "pressure");
}

static void period_as_time_or_frequency(void **state)
{
    (void)state;
    assert_near(parse_ok("40000", TPR_UNIT_PERIOD), 40000.0, 1e-6);
    assert_near(parse_ok("40 us", TPR_UNIT_PERIOD), 40000.0, 1e-6);
    assert_near(parse_ok("40 \u00b5s", TPR_UNIT_PERIOD), 40000.0, 1e-6);
    assert_near(parse_ok("1 ms", TPR_UNIT_PERIOD), 1e6, 1e-6);
    assert_near(parse_ok("25 kHz", TPR_UNIT_PERIOD), 40000.0, 1e-6);
    assert_near(parse_ok("200 Hz", TPR_UNIT_PERIOD), 5e6, 1e-6);
    parse_bad("0 Hz", TPR_UNIT_PERIOD, "above 0");
    parse_bad("25 kPa", TPR_UNIT_PERIOD, "pressure");
}

static void format_reads_back(void **state)
{
    (void)state;
    static const struct {
        double v;
        tpr_unit_kind kind;
        const char *text;
    } cases[] = {
        {30000, TPR_UNIT_SECONDS, "30 s"},
        {1500, TPR_UNIT_SECONDS, "1.5 s"},
        {20, TPR_UNIT_MILLISECONDS, "20 ms"},
        {450, TPR_UNIT_PRESSURE, "450 kPa"},
        {15, TPR_UNIT_PERCENT, "15 %"},
        {40000, TPR_UNIT_PERIOD, "40000 ns"},
        {0.5, TPR_UNIT_AREA, "0.5 cm2"},
        {3, TPR_UNIT_COUNT, "3"},
        {(double)98.0665f, TPR_UNIT_PRESSURE, "98.0665 kPa"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[32];
        tpr_unit_format(cases[i].v, cases[i].kind, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].text);
        assert_near(parse_ok(buf, cases[i].kind), cases[i].v, 1e-4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pressure_units_convert_to_kpa),
        cmocka_unit_test(pressure_rejects_force_and_junk),
        cmocka_unit_test(time_plain_number_is_seconds_or_ms_by_kind),
        cmocka_unit_test(percent_and_count),
        cmocka_unit_test(hardware_quantities),
        cmocka_unit_test(period_as_time_or_frequency),
        cmocka_unit_test(format_reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
