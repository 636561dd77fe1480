/* Pressure through the real libiio on the fake ads1115 of
 * tests/support/fake_iio.sh: local: directly, or ip: through a real iiod
 * (the same binary, run by ctest both ways). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_iio.h"
#include "iio_pressure.h"
#include "iio_reader.h"

static char err[512];

/* The reader thread at 1 kHz, as the daemon runs it at that rate. */
static const tpr_sampler_opts reader_opts = {.period_us = 1000, .name = "test-reader"};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void reset_device(void)
{
    fake_iio_set("in_voltage0_raw", "0\n");
    fake_iio_set("in_voltage1_raw", "0\n");
}

/* Open with a tip of tip_area_cm2. */
static tpr_pressure open_pressure(const tpr_iio_options *c, float tip_area_cm2)
{
    tpr_pressure p = {0};
    err[0] = '\0';
    int rc = tpr_iio_open(&p, c, tip_area_cm2, "", &reader_opts, err, sizeof(err));
    if (rc)
        fail_msg("open: %s", err);
    return p;
}

static double read_reader(const tpr_iio_options *c)
{
    tpr_iio_reader *r = tpr_iio_reader_open(c, "", &reader_opts, err, sizeof(err));
    if (!r)
        fail_msg("open: %s", err);
    double v = NAN;
    int64_t t_us;
    assert_int_equal(tpr_iio_reader_read(r, &v, &t_us), 1); /* open waited for it */
    tpr_iio_reader_close(r);
    return v;
}

/* The error text of an open that must fail, for options of config_path. */
static const char *open_error_in(const tpr_iio_options *c, const char *config_path)
{
    err[0] = '\0';
    tpr_iio_reader *r = tpr_iio_reader_open(c, config_path, &reader_opts, err, sizeof(err));
    if (r)
        fail_msg("%s, device %s, %u channels: opened although it must fail", c->uri, c->device,
                 c->channels);
    return err;
}

static const char *open_error(const tpr_iio_options *c)
{
    return open_error_in(c, "");
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* Read p as the loop does, once a millisecond, until the sample is a
 * good one of kpa (a value written is read by the reader thread soon),
 * or fail after 3 s. Returns that sample and the read's result. */
static tpr_sample wait_kpa(tpr_pressure *p, double kpa, int *rc)
{
    tpr_sample s = {0};
    for (int i = 0; i < 3000; i++) {
        *rc = p->read(p->ctx, mono_us(), &s);
        if (s.ok && fabs(s.kpa - kpa) < 1e-3)
            return s;
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    fail_msg("no sample of %g kPa within 3 s (last %g, ok %d)", kpa, (double)s.kpa, s.ok);
    return s;
}

/* The same until a failed read shows. */
static tpr_sample wait_fault(tpr_pressure *p, int *rc)
{
    tpr_sample s = {0};
    for (int i = 0; i < 3000; i++) {
        *rc = p->read(p->ctx, mono_us(), &s);
        if (!s.ok)
            return s;
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    fail_msg("no failed read within 3 s");
    return s;
}

static void test_single_channel_kpa(void **state)
{
    (void)state;
    reset_device();
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0");
    c.cal_zero = 1000;
    c.cal_scale = 0.01; /* N per count */
    fake_iio_set("in_voltage0_raw", "1234\n");
    int64_t before = mono_us();
    tpr_pressure p = open_pressure(&c, 2.0f);
    tpr_sample s;
    /* Open waited for the reader thread's first sample: the first read
     * has it, stamped with the time it was read, not the caller's now. */
    assert_int_equal(p.read(p.ctx, 5000, &s), 0);
    assert_true(s.ok);
    assert_true(s.t_us >= before && s.t_us <= mono_us());
    assert_float_equal(s.kpa, 11.7, 1e-4); /* 234 counts = 2.34 N on 2 cm2 */
    /* Nothing new yet or a newer reading of the same value: never older. */
    tpr_sample again;
    assert_int_equal(p.read(p.ctx, 5001, &again), 0);
    assert_true(again.t_us >= s.t_us);
    fake_iio_set("in_voltage0_raw", "1334\n");
    int rc;
    tpr_sample later = wait_kpa(&p, 16.7, &rc);
    assert_int_equal(rc, 0);
    assert_true(later.t_us > s.t_us);
    p.close(p.ctx);
}

static void test_sum_and_max_raw(void **state)
{
    (void)state;
    tpr_iio_options c;
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
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0,voltage1");
    c.cal_unit = TPR_CAL_VOLT;
    fake_iio_set("in_voltage0_raw", "8000\n"); /* 1.0 V */
    fake_iio_set("in_voltage1_raw", "1900\n"); /* (1900 + 100) * 0.125 mV = 0.25 V */
    assert_float_equal(read_reader(&c), 1.25, 1e-9);
    c.combine = TPR_COMBINE_MAX;
    assert_float_equal(read_reader(&c), 1.0, 1e-9);

    c.cal_zero = 0.25; /* V */
    c.cal_scale = 40;  /* N per V */
    tpr_pressure p = open_pressure(&c, 1.0f);
    int rc;
    wait_kpa(&p, 300.0, &rc); /* 0.75 V * 40 N/V = 30 N on 1 cm2 */
    assert_int_equal(rc, 0);
    p.close(p.ctx);
}

static void test_start_up_errors(void **state)
{
    (void)state;
    reset_device();
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0");
    snprintf(c.device, sizeof(c.device), "ads1015");
    const char *e = open_error(&c);
    assert_contains(e, c.uri);
    assert_contains(e, "no IIO device named ads1015");
    assert_contains(e, "ads1115");
    assert_contains(e, "cpu-temp");

    fake_iio_config(&c, "voltage0,voltage7");
    e = open_error(&c);
    assert_contains(e, "device ads1115");
    assert_contains(e, "no input channel voltage7 (it has: voltage0 voltage1)");

    fake_iio_config(&c, "temp0");
    snprintf(c.device, sizeof(c.device), "cpu-temp");
    c.cal_unit = TPR_CAL_VOLT;
    assert_contains(open_error(&c), "channel temp0 has no scale attribute");
    c.mode = TPR_IIO_BUFFERED;
    c.cal_unit = TPR_CAL_RAW;
    assert_contains(open_error(&c), "channel temp0 has no scan element");

    fake_iio_config(&c, "voltage1");
    fake_iio_set("in_voltage1_raw", "x7\n");
    assert_contains(open_error(&c), "channel voltage1: cannot read raw");

    fake_iio_config(&c, "voltage0");
    snprintf(c.uri, sizeof(c.uri), "ip:127.0.0.1:1");
    assert_contains(open_error(&c), "uri ip:127.0.0.1:1: cannot open the IIO context");
    assert_contains(open_error_in(&c, "tprd.conf"), "tprd.conf: [pressure] uri ip:127.0.0.1:1:");
}

static void test_read_errors_at_run_time(void **state)
{
    (void)state;
    reset_device();
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0,voltage1");
    tpr_pressure p = open_pressure(&c, 1.0f);
    int rc;
    fake_iio_set("in_voltage1_raw", "12\n");
    wait_kpa(&p, 120.0, &rc); /* 12 N on 1 cm2 */
    assert_int_equal(rc, 0);

    /* A failed read reaches the loop as a failed sample, stamped with the
     * read's time, and stays one until a good read follows. */
    fake_iio_set("in_voltage1_raw", "garbage\n");
    int64_t before = mono_us();
    tpr_sample s = wait_fault(&p, &rc);
    assert_true(rc < 0);
    assert_true(isnan(s.kpa));
    assert_true(s.t_us >= before);
    tpr_sample again;
    assert_true(p.read(p.ctx, mono_us(), &again) < 0 || again.ok);

    fake_iio_set("in_voltage1_raw", "13\n");
    wait_kpa(&p, 130.0, &rc);
    assert_int_equal(rc, 0);

    fake_iio_remove("in_voltage0_raw");
    wait_fault(&p, &rc);
    assert_true(rc < 0);
    fake_iio_set("in_voltage0_raw", "1\n");
    wait_kpa(&p, 140.0, &rc);
    assert_int_equal(rc, 0);
    p.close(p.ctx);
}

/* A device back after a failure may be back with another gain: a driver
 * unbound and bound again starts from its default gain, whatever was set
 * through sysfs before (seen with ti-ads1015 in tests/kernel). The first
 * good read after a failure takes the kernel's scale again. */
static void test_scale_read_again_after_a_failure(void **state)
{
    (void)state;
    reset_device();
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0");
    c.cal_unit = TPR_CAL_VOLT;
    c.cal_scale = 10;                          /* N per V */
    fake_iio_set("in_voltage0_raw", "8000\n"); /* 1.0 V at 0.125 mV */
    tpr_pressure p = open_pressure(&c, 1.0f);
    int rc;
    wait_kpa(&p, 100.0, &rc);

    fake_iio_remove("in_voltage0_raw");
    wait_fault(&p, &rc);
    assert_true(rc < 0);
    fake_iio_set("in_voltage0_scale", "0.062500000\n");
    fake_iio_set("in_voltage0_raw", "8000\n"); /* now 0.5 V */
    wait_kpa(&p, 50.0, &rc);
    assert_int_equal(rc, 0);
    p.close(p.ctx);
    fake_iio_set("in_voltage0_scale", "0.125000000\n");
}

/* Read until the sample is a new one (a t_us after *then) or 3 s have
 * passed; *then becomes its time. */
static tpr_sample read_new(tpr_pressure *p, int64_t *then)
{
    tpr_sample s = {0};
    for (int i = 0; i < 3000; i++) {
        p->read(p->ctx, mono_us(), &s);
        if (s.t_us > *then) {
            *then = s.t_us;
            return s;
        }
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    fail_msg("no new sample within 3 s");
    return s;
}

static void test_buffered_newest_sample(void **state)
{
    (void)state;
    tpr_iio_options c;
    fake_iio_config(&c, "voltage0,voltage1");
    c.mode = TPR_IIO_BUFFERED;
    c.buffer_samples = 4;
    const int16_t first[4][2] = {{10, 1}, {20, 2}, {30, 3}, {40, 4}};
    fake_iio_frames(first, 4);
    tpr_pressure p = open_pressure(&c, 1.0f);

    int64_t then = INT64_MIN;
    tpr_sample s = read_new(&p, &then);
    assert_true(s.ok);
    assert_float_equal(s.kpa, 440.0, 1e-5); /* the newest frame, summed */

    /* Nothing new (the next refill waits for frames): the same sample,
     * with its old time, for the stale check. */
    assert_int_equal(p.read(p.ctx, mono_us(), &s), 0);
    assert_int_equal(s.t_us, then);
    assert_float_equal(s.kpa, 440.0, 1e-5);

    const int16_t second[4][2] = {{1, 1}, {2, 2}, {3, 3}, {-300, 5}};
    fake_iio_frames(second, 4);
    s = read_new(&p, &then);
    assert_true(s.ok);
    assert_float_equal(s.kpa, -2950.0, 1e-4); /* signed 16-bit samples */

    /* The device stops delivering: once a refill times out the read
     * reports it. */
    do
        s = read_new(&p, &then);
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
        cmocka_unit_test(test_scale_read_again_after_a_failure),
        cmocka_unit_test(test_start_up_errors),
        cmocka_unit_test(test_read_errors_at_run_time),
        cmocka_unit_test(test_buffered_newest_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
