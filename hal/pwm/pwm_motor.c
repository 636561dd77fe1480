#include "pwm_motor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gpio_output.h"
#include "pwm_sysfs.h"

/* An attribute file kept open for the loop, and the value last written to
 * it (-1 unknown, after an error): it is written again only on change. */
typedef struct pwm_attr {
    int fd;
    int64_t value;
} pwm_attr;

typedef struct pwm_motor {
    char chan_dir[256];
    pwm_attr duty;   /* duty_cycle in ns */
    pwm_attr output; /* enable: the PWM's own output, on only while the motor runs */
    uint32_t period_ns;
    float min_duty_pct;
    tpr_gpio_out enable;
} pwm_motor;

static int attr_write(pwm_attr *a, uint32_t value, bool force)
{
    if (!force && a->value == (int64_t)value)
        return 0;
    int r = a->fd >= 0 ? tpr_pwm_write_fd(a->fd, value) : -EBADF;
    a->value = r ? -1 : (int64_t)value;
    return r;
}

/* The enable line first (the faster cut), then duty 0 and the PWM output
 * off; each whatever the others did. */
static int switch_off(pwm_motor *s, bool force)
{
    int r_enable =
        force ? tpr_gpio_out_force(&s->enable, false) : tpr_gpio_out_set(&s->enable, false);
    int r_duty = attr_write(&s->duty, 0, force);
    int r_output = attr_write(&s->output, 0, force);
    return r_enable ? r_enable : r_duty ? r_duty : r_output;
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
    int r = attr_write(&s->duty, duty, false);
    if (!r)
        r = attr_write(&s->output, 1, false);
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
    if (s->duty.fd >= 0)
        close(s->duty.fd);
    if (s->output.fd >= 0)
        close(s->output.fd);
    /* Released, the line turns input (the Pi's pin controller does that;
     * a chip without one, as QEMU's PL061, keeps the last level: low, just
     * driven) and the board's pull-down holds the motor off. */
    tpr_gpio_out_close(&s->enable);
    free(s);
}

static int open_attr(pwm_attr *a, const char *chan_dir, const char *name, char *err, size_t errlen)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/%s", chan_dir, name);
    a->fd = open(path, O_WRONLY | O_CLOEXEC);
    if (a->fd < 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    a->value = 0;
    return 0;
}

static int open_pwm(pwm_motor *s, const tpr_pwm_options *o, char *err, size_t errlen)
{
    char chip_dir[200];
    snprintf(chip_dir, sizeof(chip_dir), "%s/pwmchip%u", o->root, o->chip);
    snprintf(s->chan_dir, sizeof(s->chan_dir), "%s/pwm%u", chip_dir, o->channel);
    if (tpr_pwm_export(chip_dir, o->channel, s->chan_dir, err, errlen))
        return -1;
    /* Sysfs PWM keeps running when its process dies: stop whatever an
     * earlier one left (its duty, enabled) before anything else. On a fresh
     * channel whose period is still 0 the kernel may refuse these writes;
     * its output is off then, and the writes below settle it. A duty above
     * the new period would also make the kernel refuse the period. */
    tpr_pwm_write_file(s->chan_dir, "enable", 0, err, errlen);
    tpr_pwm_write_file(s->chan_dir, "duty_cycle", 0, err, errlen);
    if (tpr_pwm_write_file(s->chan_dir, "period", o->period_ns, err, errlen) ||
        tpr_pwm_write_file(s->chan_dir, "duty_cycle", 0, err, errlen) ||
        tpr_pwm_write_file(s->chan_dir, "enable", 0, err, errlen))
        return -1;
    if (open_attr(&s->duty, s->chan_dir, "duty_cycle", err, errlen) ||
        open_attr(&s->output, s->chan_dir, "enable", err, errlen))
        return -1;
    return 0;
}

int tpr_pwm_motor_open(tpr_motor *m, const tpr_pwm_options *o, const char *config_path, char *err,
                       size_t errlen)
{
    pwm_motor *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "motor: out of memory");
        return -1;
    }
    s->duty.fd = s->output.fd = -1;
    s->period_ns = o->period_ns;
    s->min_duty_pct = o->min_duty_pct;
    /* The enable line first: inactive from the first instant, so nothing
     * the PWM does during set-up can spin the motor. The PWM is stopped
     * even when the line cannot be had: its error is the one reported. */
    char who[320], pwm_err[256];
    tpr_line_who(who, sizeof(who), config_path, "motor", "enable");
    int r_enable = tpr_gpio_out_open(&s->enable, &o->enable, who, err, errlen);
    int r_pwm = open_pwm(s, o, r_enable ? pwm_err : err, r_enable ? sizeof(pwm_err) : errlen);
    if (r_enable || r_pwm) {
        motor_close(s);
        return -1;
    }
    *m = (tpr_motor){.set = motor_set, .off = motor_off, .close = motor_close, .ctx = s};
    return 0;
}
