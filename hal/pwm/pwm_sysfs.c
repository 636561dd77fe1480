#include "pwm_sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Decimal digits and a newline; returns the length (at most 11). */
static size_t format_u32(char buf[12], uint32_t v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\n';
    return n + 1;
}

static int written(ssize_t w, size_t n)
{
    if (w == (ssize_t)n)
        return 0;
    return w < 0 && errno ? -errno : -EIO;
}

int tpr_pwm_write_fd(int fd, uint32_t value)
{
    char buf[12];
    size_t n = format_u32(buf, value);
    return written(pwrite(fd, buf, n, 0), n);
}

static int fail(const char *dir, const char *name, const char *what, int errnum, char *err,
                size_t errlen)
{
    if (!errnum)
        errnum = EIO;
    snprintf(err, errlen, "%s/%s: %s: %s", dir, name, what, strerror(errnum));
    return -errnum;
}

int tpr_pwm_write_file(const char *dir, const char *name, uint32_t value, char *err, size_t errlen)
{
    char path[320];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(dir, name, "cannot open", errno, err, errlen);
    char buf[12];
    size_t n = format_u32(buf, value);
    int r = written(write(fd, buf, n), n);
    close(fd);
    if (r) {
        char what[40];
        snprintf(what, sizeof(what), "cannot write %u", value);
        return fail(dir, name, what, -r, err, errlen);
    }
    return 0;
}

static int writable(const char *chan_dir)
{
    char path[320];
    snprintf(path, sizeof(path), "%s/duty_cycle", chan_dir);
    return access(path, W_OK) == 0;
}

int tpr_pwm_export(const char *chip_dir, uint32_t channel, const char *chan_dir, char *err,
                   size_t errlen)
{
    if (access(chan_dir, F_OK) != 0) {
        int r = tpr_pwm_write_file(chip_dir, "export", channel, err, errlen);
        if (r)
            return r;
    }
    /* The kernel creates the directory at once; udev fixes the files'
     * group a moment later. Wait for both, briefly (start-up only). */
    const struct timespec step = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 100 && !writable(chan_dir); i++)
        nanosleep(&step, NULL);
    if (!writable(chan_dir))
        return fail(chan_dir, "duty_cycle", "not writable after export", errno, err, errlen);
    return 0;
}
