/* The motor's faults through the real PWM backend (hal/pwm) on its test
 * rig: a temporary directory stands in for /sys/class/pwm, the enable line
 * runs on the libgpiod mocks of tests/hal_gpio, pwrite is wrapped so that a
 * write to the channel can fail. "Off" is read back from the rig: duty_cycle
 * 0, the PWM output disabled or the enable line low.
 * Usage: faults_pwm [INJECTIONS_PER_FAULT [SEED]] */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mock_gpiod.h"
#include "pwm_motor.h"
#include "rig.h"
#include "standin_attr.h"

typedef struct pwm_rig {
    char root[64], chan[128];
    mock_line *enable;
    bool fail_write; /* the next write to the channel fails */
} pwm_rig;

static pwm_rig pr;

ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
    if (pr.fail_write) {
        pr.fail_write = false;
        errno = EIO;
        return -1;
    }
    return __real_pwrite(fd, buf, n, off);
}

static void put(const char *dir, const char *name, const char *text)
{
    if (standin_put(dir, name, text)) {
        perror(name);
        exit(1);
    }
}

static long attr(const char *name)
{
    return standin_get(pr.chan, name);
}

static bool is_off(void *ctx)
{
    (void)ctx;
    return attr("duty_cycle") == 0 || attr("enable") == 0 || pr.enable->value == 0;
}

static void fail_write(void *ctx)
{
    (void)ctx;
    pr.fail_write = true;
}

static void fail_enable(void *ctx)
{
    (void)ctx;
    pr.enable->fail_set = EIO;
}

static void repaired(void *ctx)
{
    (void)ctx;
    pr.fail_write = false;
    pr.enable->fail_set = 0;
}

/* A fresh stand-in channel and enable line, and the motor opened on them. */
static tpr_motor open_motor(void)
{
    mock_gpiod_reset();
    snprintf(pr.root, sizeof(pr.root), "/tmp/tpr_faults_pwm.XXXXXX");
    char chip[96];
    if (!mkdtemp(pr.root))
        exit(1);
    snprintf(chip, sizeof(chip), "%s/pwmchip0", pr.root);
    snprintf(pr.chan, sizeof(pr.chan), "%s/pwm0", chip);
    if (mkdir(chip, 0755) || mkdir(pr.chan, 0755))
        exit(1);
    put(chip, "export", "");
    put(chip, "npwm", "1\n");
    put(pr.chan, "period", "0\n");
    put(pr.chan, "duty_cycle", "0\n");
    put(pr.chan, "enable", "0\n");
    pr.enable = mock_gpiod_add("gpiochip0", 17, "GPIO17");
    tpr_pwm_options o = {.period_ns = 40000, .min_duty_pct = 20};
    snprintf(o.root, sizeof(o.root), "%s", pr.root);
    o.enable = mock_line_cfg("gpiochip0", 17, NULL, false);
    tpr_motor m;
    char err[256];
    if (tpr_pwm_motor_open(&m, &o, "tprd.conf", err, sizeof(err))) {
        fprintf(stderr, "PWM motor: %s\n", err);
        exit(1);
    }
    return m;
}

static int rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    unsigned n;
    uint64_t seed;
    rig_args(argc, argv, &n, &seed);
    static const struct {
        const char *name, *due;
        void (*inject)(void *ctx);
    } faults[] = {
        {"motor write failure (duty_cycle)", "at once (the write's tick)", fail_write},
        /* The line is written when the motor starts or stops. */
        {"enable-line failure", "at its next write (the write's tick)", fail_enable},
    };
    enum { N = sizeof(faults) / sizeof(faults[0]) };
    rig_row rows[N];
    bool db_ok = true;
    for (int i = 0; i < N; i++) {
        rig_motor m = {.part = open_motor(),
                       .fail_next_set = faults[i].inject,
                       .repaired = repaired,
                       .is_off = is_off};
        rows[i] = (rig_row){
            .name = faults[i].name, .through = "PWM backend, libgpiod mocks", .due = faults[i].due};
        rig *r = rig_new(seed + (uint64_t)i, &m);
        rig_run(r, RIG_MOTOR_SET, n, 1, &rows[i]);
        db_ok = rig_db_ok(r) && db_ok;
        rig_free(r); /* closes the motor */
        nftw(pr.root, rm, 8, FTW_DEPTH | FTW_PHYS);
    }
    rig_print(rows, N);
    printf("integrity_check: %s\n", db_ok ? "ok" : "FAILED");
    return rig_all_good(rows, N) && db_ok ? 0 : 1;
}
