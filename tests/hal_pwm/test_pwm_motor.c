/* The PWM motor against a temporary directory laid out like
 * /sys/class/pwm, with the enable line on mocked libgpiod calls.
 *
 * A regular file keeps old bytes past a shorter pwrite at offset 0 (sysfs
 * does not): values are written with a newline, so the first line is the
 * value last written, which is what a read of the sysfs file returns. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mock_gpiod.h"
#include "pwm_motor.h"
#include "standin_attr.h"

typedef struct fixture {
    char root[64];
    char chan[128];
    tpr_pwm_options c;
    mock_line *enable;
    tpr_motor m;
} fixture;

/* pwrite is wrapped: a test can make the next writes fail, and count them. */
static int pwrite_errno;
static int pwrites;
ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
    pwrites++;
    if (pwrite_errno) {
        errno = pwrite_errno;
        return -1;
    }
    return __real_pwrite(fd, buf, n, off);
}

static void put(const char *dir, const char *name, const char *text)
{
    assert_int_equal(standin_put(dir, name, text), 0);
}

/* The value a read of the sysfs attribute would give (first line), -1 if none. */
static long get(const fixture *f, const char *name)
{
    return standin_get(f->chan, name);
}

static void make_channel(const char *chan)
{
    assert_int_equal(mkdir(chan, 0755), 0);
    put(chan, "period", "0\n");
    put(chan, "duty_cycle", "0\n");
    put(chan, "enable", "0\n");
}

/* What a process killed while the motor ran leaves behind: sysfs PWM
 * keeps its last setting when its process dies. */
static void left_running(fixture *f)
{
    put(f->chan, "period", "40000\n");
    put(f->chan, "duty_cycle", "19965\n");
    put(f->chan, "enable", "1\n");
}

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof(f));
    mock_gpiod_reset();
    pwrite_errno = 0;
    pwrites = 0;
    snprintf(f.root, sizeof(f.root), "/tmp/tprd-pwm-XXXXXX");
    assert_non_null(mkdtemp(f.root));
    char chip[96];
    snprintf(chip, sizeof(chip), "%s/pwmchip0", f.root);
    assert_int_equal(mkdir(chip, 0755), 0);
    put(chip, "export", "");
    put(chip, "npwm", "2\n");
    snprintf(f.chan, sizeof(f.chan), "%s/pwm0", chip);
    make_channel(f.chan);

    f.c = (tpr_pwm_options){.chip = 0, .channel = 0};
    snprintf(f.c.root, sizeof(f.c.root), "%s", f.root);
    f.c.period_ns = 40000; /* 25 kHz */
    f.c.min_duty_pct = 20;
    f.enable = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    f.c.enable = mock_line_cfg("gpiochip0", 17, NULL, false);
    *state = &f;
    return 0;
}

static int rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->m.close)
        f->m.close(f->m.ctx);
    nftw(f->root, rm, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void open_motor(fixture *f)
{
    char err[256] = "";
    int r = tpr_pwm_motor_open(&f->m, &f->c, "tprd.conf", err, sizeof(err));
    if (r)
        fail_msg("open: %s", err);
}

static void open_sets_up_the_channel_with_the_motor_off(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(get(f, "period"), 40000);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->mode, MOCK_OUTPUT);
    assert_string_equal(f->enable->consumer, "tprd");
    assert_int_equal(f->enable->value, 0);
    assert_int_equal(f->enable->writes, 1); /* requested low, never high */
}

static void set_drives_duty_and_enable(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 50.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 20000);
    assert_int_equal(get(f, "enable"), 1);
    assert_int_equal(f->enable->value, 1);
    assert_int_equal(f->m.set(f->m.ctx, 75.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 30000);
    assert_int_equal(f->m.set(f->m.ctx, 250.0f), 0); /* capped at 100 % */
    assert_int_equal(get(f, "duty_cycle"), 40000);
}

static void below_minimum_duty_is_raised(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 5.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 8000); /* 20 % of 40 us */
    assert_int_equal(f->enable->value, 1);
    assert_int_equal(f->m.set(f->m.ctx, 0.5f), 0);
    assert_int_equal(get(f, "duty_cycle"), 8000);
}

static void zero_and_off_cut_both(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 60.0f), 0);
    assert_int_equal(f->m.set(f->m.ctx, 0.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->value, 0);

    assert_int_equal(f->m.set(f->m.ctx, 70.0f), 0);
    assert_int_equal(f->m.off(f->m.ctx), 0);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->value, 0);

    assert_int_equal(f->m.set(f->m.ctx, 70.0f), 0);
    assert_int_equal(f->m.set(f->m.ctx, -3.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(f->m.set(f->m.ctx, 70.0f), 0);
    assert_int_equal(f->m.set(f->m.ctx, 0.0f / 0.0f), 0); /* NaN */
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(f->enable->value, 0);
}

static void unchanged_duty_is_not_rewritten(void **state)
{
    fixture *f = *state;
    open_motor(f);
    pwrites = 0;
    for (int i = 0; i < 100; i++)
        assert_int_equal(f->m.set(f->m.ctx, 40.0f), 0);
    assert_int_equal(pwrites, 2); /* duty and the PWM output on, once */
    assert_int_equal(f->enable->writes, 2);
}

static void duty_write_failure_returns_error_and_cuts_enable(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 50.0f), 0);
    pwrite_errno = EIO;
    assert_int_equal(f->m.set(f->m.ctx, 80.0f), -EIO);
    assert_int_equal(f->enable->value, 0);
    assert_int_equal(f->m.off(f->m.ctx), -EIO); /* still reports the broken file */
    assert_int_equal(f->enable->value, 0);
    pwrite_errno = 0;
    assert_int_equal(f->m.off(f->m.ctx), 0);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
}

static void enable_failure_returns_error_and_writes_duty_zero(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 50.0f), 0);
    f->enable->fail_set = EIO;
    assert_int_equal(f->m.set(f->m.ctx, 0.0f), -EIO);
    assert_int_equal(get(f, "duty_cycle"), 0);
    /* The line's level is unknown now: the next start tries it again. */
    assert_int_equal(f->m.set(f->m.ctx, 90.0f), -EIO);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(f->m.off(f->m.ctx), -EIO);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
}

static void close_leaves_duty_zero_and_enable_low(void **state)
{
    fixture *f = *state;
    open_motor(f);
    assert_int_equal(f->m.set(f->m.ctx, 65.0f), 0);
    f->m.close(f->m.ctx);
    f->m.close = NULL;
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->value, 0);
    assert_int_equal(f->enable->mode, MOCK_FREE); /* the pull-down takes over */
    assert_int_equal(mock_gpiod_open_chips(), 0);
}

static void open_stops_what_an_earlier_process_left_running(void **state)
{
    fixture *f = *state;
    left_running(f);
    open_motor(f);
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->mode, MOCK_OUTPUT);
    assert_int_equal(f->enable->value, 0);
    assert_int_equal(f->enable->writes, 1); /* requested low, never high */
}

static void enable_request_failure_is_named_and_pwm_still_stopped(void **state)
{
    fixture *f = *state;
    left_running(f);
    f->enable->fail_request = EBUSY;
    char err[256];
    assert_int_equal(tpr_pwm_motor_open(&f->m, &f->c, "tprd.conf", err, sizeof(err)), -1);
    assert_non_null(
        strstr(err, "tprd.conf: [motor] enable gpiochip0:17: cannot request as output"));
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
}

static void unwritable_period_is_named_and_motor_stays_off(void **state)
{
    fixture *f = *state;
    left_running(f);
    char path[192];
    snprintf(path, sizeof(path), "%s/period", f->chan);
    assert_int_equal(remove(path), 0);
    assert_int_equal(mkdir(path, 0755), 0);
    char err[256];
    assert_int_equal(tpr_pwm_motor_open(&f->m, &f->c, "tprd.conf", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "pwmchip0/pwm0/period: cannot open"));
    assert_int_equal(get(f, "duty_cycle"), 0);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->enable->value, 0);
    assert_int_equal(f->enable->mode, MOCK_FREE);
}

/* Stands in for the kernel: the channel appears once export is written,
 * with all its files at once (built aside, then renamed into place). */
static void *kernel_export(void *arg)
{
    fixture *f = arg;
    char path[96], aside[96], buf[16] = "";
    snprintf(path, sizeof(path), "%s/pwmchip0/export", f->root);
    int fd = open(path, O_RDONLY); /* a FIFO: waits for the writer */
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n == 2 && !strcmp(buf, "1\n")) {
        snprintf(aside, sizeof(aside), "%s/pwm1.new", f->root);
        snprintf(path, sizeof(path), "%s/pwmchip0/pwm1", f->root);
        make_channel(aside);
        rename(aside, path);
    }
    return NULL;
}

static void missing_channel_is_exported(void **state)
{
    fixture *f = *state;
    char path[96];
    snprintf(path, sizeof(path), "%s/pwmchip0/export", f->root);
    assert_int_equal(remove(path), 0);
    assert_int_equal(mkfifo(path, 0600), 0);
    f->c.channel = 1;
    snprintf(f->chan, sizeof(f->chan), "%s/pwmchip0/pwm1", f->root);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, kernel_export, f), 0);
    open_motor(f);
    pthread_join(t, NULL);
    assert_int_equal(get(f, "period"), 40000);
    assert_int_equal(get(f, "enable"), 0);
    assert_int_equal(f->m.set(f->m.ctx, 50.0f), 0);
    assert_int_equal(get(f, "enable"), 1);
}

static void channel_that_never_appears_is_an_error(void **state)
{
    fixture *f = *state;
    f->c.channel = 1;
    char err[256];
    assert_int_equal(tpr_pwm_motor_open(&f->m, &f->c, "tprd.conf", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "pwmchip0/pwm1/duty_cycle: not writable after export"));
    char path[96], buf[8] = "";
    snprintf(path, sizeof(path), "%s/pwmchip0/export", f->root);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(buf, sizeof(buf), fp));
    fclose(fp);
    assert_string_equal(buf, "1\n");
    assert_int_equal(f->enable->mode, MOCK_FREE);
}

static void motor_without_enable_line_still_runs(void **state)
{
    fixture *f = *state;
    f->c.enable.used = false;
    open_motor(f);
    assert_int_equal(f->enable->mode, MOCK_FREE);
    assert_int_equal(f->m.set(f->m.ctx, 50.0f), 0);
    assert_int_equal(get(f, "duty_cycle"), 20000);
    assert_int_equal(f->m.off(f->m.ctx), 0);
    assert_int_equal(get(f, "duty_cycle"), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(open_sets_up_the_channel_with_the_motor_off),
        T(set_drives_duty_and_enable),
        T(below_minimum_duty_is_raised),
        T(zero_and_off_cut_both),
        T(unchanged_duty_is_not_rewritten),
        T(duty_write_failure_returns_error_and_cuts_enable),
        T(enable_failure_returns_error_and_writes_duty_zero),
        T(close_leaves_duty_zero_and_enable_low),
        T(open_stops_what_an_earlier_process_left_running),
        T(enable_request_failure_is_named_and_pwm_still_stopped),
        T(unwritable_period_is_named_and_motor_stays_off),
        T(missing_channel_is_exported),
        T(channel_that_never_appears_is_an_error),
        T(motor_without_enable_line_still_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
