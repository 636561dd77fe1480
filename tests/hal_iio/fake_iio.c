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
    char path[512];
    path_of(path, sizeof(path), attr);
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0 || fclose(f)) {
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

void fake_iio_config(tpr_system_config *c, const char *channels)
{
    tpr_system_config_default(c);
    c->pressure = TPR_PRESSURE_IIO;
    snprintf(c->iio_uri, sizeof(c->iio_uri), "%s", getenv("TPRD_IIO_URI"));
    snprintf(c->iio_device, sizeof(c->iio_device), "ads1115");
    c->iio_channels = 0;
    for (const char *p = channels; *p && c->iio_channels < TPR_MAX_CHANNELS;) {
        size_t n = strcspn(p, ",");
        snprintf(c->iio_channel[c->iio_channels++], sizeof(c->iio_channel[0]), "%.*s", (int)n, p);
        p += n + (p[n] == ',');
    }
    c->iio_mode = TPR_IIO_POLLED;
    c->cal_unit = TPR_CAL_RAW;
    c->cal_zero = 0.0;
    c->cal_scale = 1.0;
    c->tip_area_cm2 = 1.0f;
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
