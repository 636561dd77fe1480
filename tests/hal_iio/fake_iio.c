#include "fake_iio.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fake_iio_enter(char **argv, bool iiod)
{
    if (getenv("TPRD_FAKE_IIO"))
        return;
    const char *src = getenv("TPRD_SOURCE_DIR");
    char script[512];
    snprintf(script, sizeof(script), "%s/tests/support/fake_iio.sh",
             src ? src : TPRD_SOURCE_DIR_DEFAULT);
    if (iiod)
        execlp("bash", "bash", script, "--iiod", argv[0], (char *)NULL);
    else
        execlp("bash", "bash", script, argv[0], (char *)NULL);
    perror("fake_iio: bash");
    exit(1);
}

static void path_of(char *path, size_t len, const char *attr)
{
    snprintf(path, len, "%s/%s", getenv("TPRD_FAKE_IIO"), attr);
}

void fake_iio_set(const char *attr, const char *text)
{
    /* Written aside and renamed into place: a reader thread reading the
     * attribute meanwhile sees the old value or the new one, never an
     * empty file, as with a real sysfs attribute. */
    char path[512], tmp[520];
    path_of(path, sizeof(path), attr);
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(text, f) < 0 || fclose(f) || rename(tmp, path)) {
        perror(path);
        abort();
    }
}

void fake_iio_remove(const char *attr)
{
    char path[512];
    path_of(path, sizeof(path), attr);
    if (unlink(path)) {
        perror(path);
        abort();
    }
}

void fake_iio_config(tpr_iio_options *c, const char *channels)
{
    *c = (tpr_iio_options){.combine = TPR_COMBINE_SUM, .buffer_samples = 8};
    snprintf(c->uri, sizeof(c->uri), "%s", getenv("TPRD_IIO_URI"));
    snprintf(c->device, sizeof(c->device), "ads1115");
    c->channels = 0;
    for (const char *p = channels; *p && c->channels < TPR_MAX_CHANNELS;) {
        size_t n = strcspn(p, ",");
        snprintf(c->channel[c->channels++], sizeof(c->channel[0]), "%.*s", (int)n, p);
        p += n + (p[n] == ',');
    }
    c->mode = TPR_IIO_POLLED;
    c->cal_unit = TPR_CAL_RAW;
    c->cal_zero = 0.0;
    c->cal_scale = 1.0;
}

void fake_iio_frames(const int16_t (*frames)[2], int n)
{
    /* Opened read-write, like libiio does: no wait for the other end, and
     * what is written stays in the pipe until read. Kept open for the
     * whole test so the data never disappears with the last writer. */
    static int fd = -1;
    if (fd < 0)
        fd = open(getenv("TPRD_FAKE_IIO_DEV"), O_RDWR | O_CLOEXEC);
    uint8_t buf[4 * 64];
    for (int i = 0; i < n && i < 64; i++)
        for (int ch = 0; ch < 2; ch++) {
            uint16_t v = (uint16_t)frames[i][ch];
            buf[4 * i + 2 * ch] = (uint8_t)(v & 0xff);
            buf[4 * i + 2 * ch + 1] = (uint8_t)(v >> 8);
        }
    size_t len = (size_t)(n < 64 ? n : 64) * 4;
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len) {
        perror("fake_iio: buffer FIFO");
        abort();
    }
}
