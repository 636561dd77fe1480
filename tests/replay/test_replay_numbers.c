/* The hand-written number reading and writing of replay must give exactly
 * what the C library would (strtof, printf "%.2f"), only faster. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "row_format.h"
#include "trace_number.h"
#include "trace_gen.h"

static tpr_kpa_status parse_kpa_text(const char *text, float *v)
{
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", text);
    return tpr_parse_kpa(buf, buf + strlen(buf), v);
}

static void expect_kpa_like_strtof(const char *text)
{
    float got;
    if (parse_kpa_text(text, &got) != TPR_KPA_OK)
        fail_msg("'%s' not read as a number", text);
    float want = strtof(text, NULL);
    if (memcmp(&got, &want, sizeof(float)) != 0)
        fail_msg("'%s': got %.9g, strtof gives %.9g", text, (double)got, (double)want);
}

static void kpa_matches_strtof(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "0",           "-0",          "250",
        "250.5",       "0.1",         "16777215",
        "16777216",    "16777217",    "1677721.5",
        "123.4567891", "0.000000001", "1.0000000001",
        "99999.999",   "-12.125",     "+7.5",
        "1e2",         "2.5E-3",      "340282346638528859811704183484516925440",
        "1e-45",       "5.",          ".5",
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        expect_kpa_like_strtof(fixed[i]);

    /* Random pressures as loggers write them: 0 to 6 decimals. */
    uint32_t seed = 99;
    char text[64];
    for (int i = 0; i < 200000; i++) {
        float v = 600.0f * (trace_uniform(&seed) + 1.0f) - 100.0f;
        int decimals = i % 7;
        snprintf(text, sizeof(text), "%.*f", decimals, (double)v);
        expect_kpa_like_strtof(text);
    }
}

static void expect_kpa_status(const char *const *texts, size_t n, tpr_kpa_status want)
{
    for (size_t i = 0; i < n; i++) {
        float v = 1.0f;
        tpr_kpa_status got = parse_kpa_text(texts[i], &v);
        if (got != want)
            fail_msg("'%s': status %d (value %g), expected %d", texts[i], got, (double)v, want);
    }
}

#define EXPECT_KPA(want, ...)                                                                      \
    expect_kpa_status((const char *const[]){__VA_ARGS__},                                          \
                      sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), want)

static void failed_read_markers(void **state)
{
    (void)state;
    EXPECT_KPA(TPR_KPA_FAILED_READ, "", "nan", "NaN", "-nan", "+NAN", "err", "ERR");
}

/* 0x10 was read as 16 kPa: a trace's numbers are decimal only. */
static void numbers_are_decimal_only(void **state)
{
    (void)state;
    EXPECT_KPA(TPR_KPA_SYNTAX, "0x10", "0X1A", "0x1p4", "inf", "-inf", "Infinity", "abc", "1.2.3",
               "-", "+", "12x", "1,5", ".", "1e", "1e+", "--1", " 12", "12 ", "12 kPa", "1e5x",
               "nan1", "errr", "-err", "1_000");
    EXPECT_KPA(TPR_KPA_RANGE, "1e39", "3.4028236e38", "-1e999");
}

static void parse_kpa_leaves_the_terminator(void **state)
{
    (void)state;
    char line[] = "1.23456789e1,x"; /* slow path: borrows the ',' */
    float v;
    assert_int_equal(tpr_parse_kpa(line, line + 12, &v), TPR_KPA_OK);
    assert_true(fabsf(v - 12.3456789f) < 1e-5f);
    assert_string_equal(line, "1.23456789e1,x");
}

/* Read text as a time, expecting the error want; returns the microseconds. */
static int64_t time_us(const char *text, tpr_time_error want)
{
    int64_t us = -1;
    tpr_time_error got = tpr_parse_time_ms(text, text + strlen(text), &us);
    if (got != want)
        fail_msg("'%s': error %d, expected %d", text, got, want);
    return us;
}

static void time_is_read_to_the_microsecond(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t us;
    } cases[] = {
        {"0", 0},
        {"1500", 1500000},
        {"1.5", 1500},
        {"0.25", 250},
        {"2.001", 2001},
        {"1.0004", 1000},
        {"1.0005", 1001},
        {"0.9995", 1000},
        {"1.00049999", 1000},
        {".5", 500},
        {"5.", 5000},
        {"007", 7000},
        {"999999999999999", 999999999999999000LL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(time_us(cases[i].text, TPR_TIME_OK), cases[i].us);
}

static void bad_times_say_why(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        tpr_time_error why;
    } cases[] = {
        {"", TPR_TIME_EMPTY},        {"-1", TPR_TIME_NEGATIVE},
        {"-0.5", TPR_TIME_NEGATIVE}, {"1e3", TPR_TIME_SYNTAX},
        {"abc", TPR_TIME_SYNTAX},    {"1.2.3", TPR_TIME_SYNTAX},
        {".", TPR_TIME_SYNTAX},      {"+5", TPR_TIME_SYNTAX},
        {"12 34", TPR_TIME_SYNTAX},  {"1000000000000000", TPR_TIME_RANGE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        time_us(cases[i].text, cases[i].why);
}

static void expect_float2_like_printf(float v)
{
    char got[64], want[64];
    *tpr_format_float2(got, v) = '\0';
    snprintf(want, sizeof(want), "%.2f", (double)v);
    if (strcmp(got, want) != 0)
        fail_msg("%.9g: got '%s', printf gives '%s'", (double)v, got, want);
}

static void float2_matches_printf(void **state)
{
    (void)state;
    static const float fixed[] = {0.0f,    -0.0f,   0.125f,   0.375f,   -0.125f,   0.005f,
                                  -0.001f, 0.995f,  99.995f,  1e15f,    -1e15f,    9.99e14f,
                                  1e20f,   FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, FLT_MIN};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        expect_float2_like_printf(fixed[i]);

    /* Every kind of float: random bit patterns (NaN aside). */
    uint32_t seed = 7;
    for (int i = 0; i < 300000; i++) {
        uint32_t bits = trace_random(&seed);
        float v;
        memcpy(&v, &bits, sizeof(v));
        if (!isnan(v))
            expect_float2_like_printf(v);
    }
    /* And the range pressures and intensities live in. */
    for (int i = 0; i < 300000; i++)
        expect_float2_like_printf(500.0f * trace_uniform(&seed));
}

static void nan_prints_nothing(void **state)
{
    (void)state;
    char buf[8] = "x";
    assert_ptr_equal(tpr_format_float2(buf, NAN), buf);
}

static void times_print_in_milliseconds(void **state)
{
    (void)state;
    static const struct {
        int64_t us;
        const char *text;
    } cases[] = {{0, "0"},
                 {1500000, "1500"},
                 {1500, "1.500"},
                 {999, "0.999"},
                 {1, "0.001"},
                 {123456789, "123456.789"},
                 {999999999999999000LL, "999999999999999"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[32];
        *tpr_format_ms(buf, cases[i].us) = '\0';
        assert_string_equal(buf, cases[i].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kpa_matches_strtof),
        cmocka_unit_test(failed_read_markers),
        cmocka_unit_test(numbers_are_decimal_only),
        cmocka_unit_test(parse_kpa_leaves_the_terminator),
        cmocka_unit_test(time_is_read_to_the_microsecond),
        cmocka_unit_test(bad_times_say_why),
        cmocka_unit_test(float2_matches_printf),
        cmocka_unit_test(nan_prints_nothing),
        cmocka_unit_test(times_print_in_milliseconds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
