/* Pressure through the real libiio on the fake ads1115 of
 * tests/support/fake_iio.sh: local: directly, or ip: through a real iiod
 * (the same binary, run by ctest both ways). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_iio.h"
#include "iio_pressure.h"
#include "iio_reader.h"

static char err[512];

static void reset_device(void)
{
    fake_iio_set("in_voltage0_raw", "0\n");
    fake_iio_set("in_voltage1_raw", "0\n");
}

static tpr_pressure open_pressure(const tpr_system_config *c)
{
    tpr_pressure p = {0};
    err[0] = '\0';
    int rc = tpr_iio_open(&p, c, err, sizeof(err));
    if (rc)
        fail_msg("open: %s", err);
    return p;
}

static double read_reader(const tpr_system_config *c)
{
    tpr_iio_reader *r = tpr_iio_reader_open(c, err, sizeof(err));
    if (!r)
        fail_msg("open: %s", err);
    double v = NAN;
    assert_int_equal(tpr_iio_reader_read(r, &v), 1);
    tpr_iio_reader_close(r);
    return v;
}

/* The error text of an open that must fail. */
static const char *open_error(const tpr_system_config *c)
{
    err[0] = '\0';
    tpr_iio_reader *r = tpr_iio_reader_open(c, err, sizeof(err));
    if (r)
        fail_msg("%s, device %s, %u channels: opened although it must fail", c->iio_uri,
                 c->iio_device, c->iio_channels);
    return err;
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

static void test_single_channel_kpa(void **state)
{
    (void)state;
    reset_device();
    tpr_system_config c;
    fake_iio_config(&c, "voltage0");
    c.cal_zero = 1000;
    c.cal_scale = 0.01; /* N per count */
    c.tip_area_cm2 = 2.0f;
    fake_iio_set("in_voltage0_raw", "1234\n");
    tpr_pressure p = open_pressure(&c);
    tpr_sample s;
    assert_int_equal(p.read(p.ctx, 5000, &s), 0);
    assert_true(s.ok);
    assert_int_equal(s.t_us, 5000);
    assert_float_equal(s.kpa, 11.7, 1e-4); /* 234 counts = 2.34 N on 2 cm2 */
    fake_iio_set("in_voltage0_raw", "1334\n");
    assert_int_equal(p.read(p.ctx, 6000, &s), 0);
    assert_int_equal(s.t_us, 6000);
    assert_float_equal(s.kpa, 16.7, 1e-4);
    p.close(p.ctx);
}

static void test_sum_and_max_raw(void **state)
{
    (void)state;
    tpr_system_config c;
    fake_iio_config(&c, "voltage0,voltage1");
    fake_iio_set("in_voltage0_raw", "100\n");
    fake_iio_set("in_voltage1_raw", "-50\n");
    assert_float_equal(read_reader(&c), 50.0, 1e-9);
    c.combine = TPR_COMBINE_MAX;
    assert_float_equal(read_reader(&c), 100.0, 1e-9);
    fake_iio_set("in_voltage1_raw", "250\n");
    assert_float_equal(read_reader(&c), 250.0, 1e-9);
}

/* (raw + offset) * scale is mV: voltage1 has an offset of 100 counts. */
static void test_volts_apply_scale_and_offset(void **state)
{
    (void)state;
    tpr_system_config c;
    fake_iio_config(&c, "voltage0,voltage1");
    c.cal_unit = TPR_CAL_VOLT;
    fake_iio_set("in_voltage0_raw", "8000\n"); /* 1.0 V */
    fake_iio_set("in_voltage1_raw", "1900\n"); /* (1900 + 100) * 0.125 mV = 0.25 V */
    assert_float_equal(read_reader(&c), 1.25, 1e-9);
    c.combine = TPR_COMBINE_MAX;
    assert_float_equal(read_reader(&c), 1.0, 1e-9);

    c.cal_zero = 0.25; /* V */
    c.cal_scale = 40;  /* N per V */
    tpr_pressure p = open_pressure(&c);
    tpr_sample s;
    assert_int_equal(p.read(p.ctx, 1, &s), 0);
    assert_float_equal(s.kpa, 300.0, 1e-3); /* 0.75 V * 40 N/V = 30 N on 1 cm2 */
    p.close(p.ctx);
}

static void test_start_up_errors(void **state)
{
    (void)state;
    reset_device();
    tpr_system_config c;
    fake_iio_config(&c, "voltage0");
    snprintf(c.iio_device, sizeof(c.iio_device), "ads1015");
    const char *e = open_error(&c);
    assert_contains(e, c.iio_uri);
    assert_contains(e, "no IIO device named ads1015");
    assert_contains(e, "ads1115");
    assert_contains(e, "cpu-temp");

    fake_iio_config(&c, "voltage0,voltage7");
    e = open_error(&c);
    assert_contains(e, "device ads1115");
    assert_contains(e, "no input channel voltage7 (it has: voltage0 voltage1)");

    fake_iio_config(&c, "temp0");
    snprintf(c.iio_device, sizeof(c.iio_device), "cpu-temp");
    c.cal_unit = TPR_CAL_VOLT;
    assert_contains(open_error(&c), "channel temp0 has no scale attribute");
    c.iio_mode = TPR_IIO_BUFFERED;
    c.cal_unit = TPR_CAL_RAW;
    assert_contains(open_error(&c), "channel temp0 has no scan element");

    fake_iio_config(&c, "voltage1");
    fake_iio_set("in_voltage1_raw", "x7\n");
    assert_contains(open_error(&c), "channel voltage1: cannot read raw");

    fake_iio_config(&c, "voltage0");
    snprintf(c.iio_uri, sizeof(c.iio_uri), "ip:127.0.0.1:1");
    assert_contains(open_error(&c), "uri ip:127.0.0.1:1: cannot open the IIO context");
    snprintf(c.path, sizeof(c.path), "tprd.conf");
    assert_contains(open_error(&c), "tprd.conf: [pressure] uri ip:127.0.0.1:1:");
}

static void test_read_errors_at_run_time(void **state)
{
    (void)state;
    reset_device();
    tpr_system_config c;
    fake_iio_config(&c, "voltage0,voltage1");
    tpr_pressure p = open_pressure(&c);
    tpr_sample s;
    fake_iio_set("in_voltage1_raw", "12\n");
    assert_int_equal(p.read(p.ctx, 1000, &s), 0);
    assert_true(s.ok);
    assert_float_equal(s.kpa, 120.0, 1e-5); /* 12 N on 1 cm2 */

    fake_iio_set("in_voltage1_raw", "garbage\n");
    assert_true(p.read(p.ctx, 2000, &s) < 0);
    assert_false(s.ok);
    assert_int_equal(s.t_us, 2000);

    fake_iio_set("in_voltage1_raw", "13\n");
    assert_int_equal(p.read(p.ctx, 3000, &s), 0);
    assert_true(s.ok);
    assert_float_equal(s.kpa, 130.0, 1e-5);

    fake_iio_remove("in_voltage0_raw");
    assert_true(p.read(p.ctx, 4000, &s) < 0);
    assert_false(s.ok);
    fake_iio_set("in_voltage0_raw", "1\n");
    assert_int_equal(p.read(p.ctx, 5000, &s), 0);
    assert_true(s.ok);
    assert_float_equal(s.kpa, 140.0, 1e-5);
    p.close(p.ctx);
}

/* Read until the sample is a new one (t_us == now) or 3 s have passed. */
static tpr_sample read_new(tpr_pressure *p, int64_t *now)
{
    tpr_sample s = {0};
    for (int i = 0; i < 3000; i++) {
        *now += 1000;
        p->read(p->ctx, *now, &s);
        if (s.t_us == *now)
            return s;
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    fail_msg("no new sample within 3 s");
    return s;
}

static void test_buffered_newest_sample(void **state)
{
    (void)state;
    tpr_system_config c;
    fake_iio_config(&c, "voltage0,voltage1");
    c.iio_mode = TPR_IIO_BUFFERED;
    c.iio_buffer_samples = 4;
    const int16_t first[4][2] = {{10, 1}, {20, 2}, {30, 3}, {40, 4}};
    fake_iio_frames(first, 4);
    tpr_pressure p = open_pressure(&c);

    int64_t now = 0;
    tpr_sample s = read_new(&p, &now);
    assert_true(s.ok);
    assert_float_equal(s.kpa, 440.0, 1e-5); /* the newest frame, summed */

    /* Nothing new: the same sample, with its old time, for the stale check. */
    int64_t then = s.t_us;
    assert_int_equal(p.read(p.ctx, now + 50000, &s), 0);
    assert_int_equal(s.t_us, then);
    assert_float_equal(s.kpa, 440.0, 1e-5);

    const int16_t second[4][2] = {{1, 1}, {2, 2}, {3, 3}, {-300, 5}};
    fake_iio_frames(second, 4);
    now += 50000;
    s = read_new(&p, &now);
    assert_true(s.ok);
    assert_float_equal(s.kpa, -2950.0, 1e-4); /* signed 16-bit samples */

    /* The device stops delivering: once a refill times out the read
     * reports it. */
    do
        s = read_new(&p, &now);
    while (s.ok);
    p.close(p.ctx);
}

int main(int argc, char **argv)
{
    (void)argc;
    fake_iio_enter(argv, false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_channel_kpa),
        cmocka_unit_test(test_sum_and_max_raw),
        cmocka_unit_test(test_volts_apply_scale_and_offset),
        cmocka_unit_test(test_start_up_errors),
        cmocka_unit_test(test_read_errors_at_run_time),
        cmocka_unit_test(test_buffered_newest_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
