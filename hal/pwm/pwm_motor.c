#include "pwm_motor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gpio_output.h"
#include "pwm_sysfs.h"

typedef struct pwm_motor {
    char chan_dir[256];
    int duty_fd; /* duty_cycle, kept open: one pwrite per change */
    uint32_t period_ns;
    float min_duty_pct;
    int64_t duty_ns; /* last duty written; -1 unknown (after an error) */
    tpr_gpio_out enable;
} pwm_motor;

static int write_duty(pwm_motor *s, uint32_t duty_ns, bool force)
{
    if (!force && s->duty_ns == (int64_t)duty_ns)
        return 0;
    int r = s->duty_fd >= 0 ? tpr_pwm_write_fd(s->duty_fd, duty_ns) : -EBADF;
    s->duty_ns = r ? -1 : (int64_t)duty_ns;
    return r;
}

/* Enable first (the faster cut), then duty; both whatever the first did. */
static int switch_off(pwm_motor *s, bool force)
{
    int r_enable =
        force ? tpr_gpio_out_force(&s->enable, false) : tpr_gpio_out_set(&s->enable, false);
    int r_duty = write_duty(s, 0, force);
    return r_enable ? r_enable : r_duty;
}

static int motor_off(void *ctx)
{
    return switch_off(ctx, true);
}

static int motor_set(void *ctx, float pct)
{
    pwm_motor *s = ctx;
    if (!(pct > 0.0f)) /* also NaN */
        return switch_off(s, false);
    if (pct < s->min_duty_pct)
        pct = s->min_duty_pct;
    if (pct > 100.0f)
        pct = 100.0f;
    uint32_t duty = (uint32_t)((double)s->period_ns * pct / 100.0 + 0.5);
    int r = write_duty(s, duty, false);
    if (!r)
        r = tpr_gpio_out_set(&s->enable, true);
    if (r)
        switch_off(s, true);
    return r;
}

static void motor_close(void *ctx)
{
    pwm_motor *s = ctx;
    switch_off(s, true);
    if (s->duty_fd >= 0) {
        char err[8];
        tpr_pwm_write_file(s->chan_dir, "enable", 0, err, sizeof(err));
        close(s->duty_fd);
    }
    /* Released, the line turns input and the board's pull-down holds the
     * motor off. */
    tpr_gpio_out_close(&s->enable);
    free(s);
}

static int open_pwm(pwm_motor *s, const tpr_system_config *c, char *err, size_t errlen)
{
    char chip_dir[200];
    snprintf(chip_dir, sizeof(chip_dir), "%s/pwmchip%u", c->pwm_root, c->pwm_chip);
    snprintf(s->chan_dir, sizeof(s->chan_dir), "%s/pwm%u", chip_dir, c->pwm_channel);
    if (tpr_pwm_export(chip_dir, c->pwm_channel, s->chan_dir, err, errlen))
        return -1;
    /* A duty left from before above the new period would make the kernel
     * refuse the period: lower it first. That may fail on a fresh channel
     * whose period is still 0, which the writes below then settle. */
    tpr_pwm_write_file(s->chan_dir, "duty_cycle", 0, err, errlen);
    if (tpr_pwm_write_file(s->chan_dir, "period", c->pwm_period_ns, err, errlen) ||
        tpr_pwm_write_file(s->chan_dir, "duty_cycle", 0, err, errlen) ||
        tpr_pwm_write_file(s->chan_dir, "enable", 1, err, errlen))
        return -1;
    char path[300];
    snprintf(path, sizeof(path), "%s/duty_cycle", s->chan_dir);
    s->duty_fd = open(path, O_WRONLY | O_CLOEXEC);
    if (s->duty_fd < 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    s->duty_ns = 0;
    return 0;
}

int tpr_pwm_motor_open(tpr_motor *m, const tpr_system_config *c, char *err, size_t errlen)
{
    pwm_motor *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "motor: out of memory");
        return -1;
    }
    s->duty_fd = -1;
    s->period_ns = c->pwm_period_ns;
    s->min_duty_pct = c->min_duty_pct;
    /* The enable line first: inactive from the first instant, so nothing
     * the PWM does during set-up can spin the motor. */
    char who[320];
    tpr_line_who(who, sizeof(who), c, "motor", "enable");
    if (tpr_gpio_out_open(&s->enable, &c->enable, who, err, errlen)) {
        free(s);
        return -1;
    }
    if (open_pwm(s, c, err, errlen)) {
        motor_close(s);
        return -1;
    }
    *m = (tpr_motor){.set = motor_set, .off = motor_off, .close = motor_close, .ctx = s};
    return 0;
}
