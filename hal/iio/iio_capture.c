/* Why a blocking refill and not a non-blocking one: libiio 0.24's network
 * backend (ip:HOST, a remote iiod) has no non-blocking mode, and a refill
 * there is a network round trip. The reader's thread (sampler.h) blocks in
 * iio_buffer_refill() the same way for local: and ip:, and the control loop
 * only ever takes the newest sample it handed over. */
#include "iio_capture.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tpr_iio_capture {
    struct iio_buffer *buf;
    tpr_iio_chan ch[TPR_MAX_CHANNELS];
    uint32_t n;
    tpr_cal_unit unit;
    tpr_combine how;
};

static int64_t decode(const struct iio_channel *chn, const void *src)
{
    const struct iio_data_format *f = iio_channel_get_data_format(chn);
    union {
        int8_t s8;
        uint8_t u8;
        int16_t s16;
        uint16_t u16;
        int32_t s32;
        uint32_t u32;
        int64_t s64;
    } v = {0};
    iio_channel_convert(chn, &v, src);
    switch (f->length) {
    case 8:
        return f->is_signed ? (int64_t)v.s8 : (int64_t)v.u8;
    case 16:
        return f->is_signed ? (int64_t)v.s16 : (int64_t)v.u16;
    case 32:
        return f->is_signed ? (int64_t)v.s32 : (int64_t)v.u32;
    default:
        return v.s64;
    }
}

/* The last complete frame of the buffer, combined. */
static bool newest(tpr_iio_capture *cap, double *value)
{
    ptrdiff_t step = iio_buffer_step(cap->buf);
    const char *start = iio_buffer_start(cap->buf);
    const char *end = iio_buffer_end(cap->buf);
    if (step <= 0 || end - start < step)
        return false;
    ptrdiff_t last = (end - start) / step - 1;
    int64_t raw[TPR_MAX_CHANNELS];
    for (uint32_t i = 0; i < cap->n; i++)
        raw[i] = decode(cap->ch[i].chn,
                        (const char *)iio_buffer_first(cap->buf, cap->ch[i].chn) + last * step);
    *value = tpr_iio_combine(cap->ch, raw, cap->n, cap->unit, cap->how);
    return true;
}

int tpr_iio_capture_refill(tpr_iio_capture *cap, double *value)
{
    ssize_t got = iio_buffer_refill(cap->buf);
    if (got < 0)
        return (int)got;
    return newest(cap, value) ? 1 : 0;
}

void tpr_iio_capture_cancel(tpr_iio_capture *cap)
{
    iio_buffer_cancel(cap->buf);
}

static int check_channel(const tpr_iio_chan *ch, const char *who, char *err, size_t errlen)
{
    const char *id = iio_channel_get_id(ch->chn);
    if (!iio_channel_is_scan_element(ch->chn)) {
        snprintf(err, errlen, "%s: channel %s has no scan element (buffered mode needs it)", who,
                 id);
        return -1;
    }
    const struct iio_data_format *f = iio_channel_get_data_format(ch->chn);
    if (f->repeat > 1 ||
        (f->length != 8 && f->length != 16 && f->length != 32 && f->length != 64)) {
        snprintf(err, errlen, "%s: channel %s: sample format of %u bits x %u is not supported", who,
                 id, f->length, f->repeat);
        return -1;
    }
    return 0;
}

tpr_iio_capture *tpr_iio_capture_open(struct iio_device *dev, const tpr_iio_chan *ch, uint32_t n,
                                      const tpr_iio_options *o, const char *who, char *err,
                                      size_t errlen)
{
    tpr_iio_capture *cap = calloc(1, sizeof(*cap));
    if (!cap) {
        snprintf(err, errlen, "%s: out of memory", who);
        return NULL;
    }
    memcpy(cap->ch, ch, n * sizeof(*ch));
    cap->n = n;
    cap->unit = o->cal_unit;
    cap->how = o->combine;
    for (uint32_t i = 0; i < n; i++) {
        if (check_channel(&ch[i], who, err, errlen)) {
            free(cap);
            return NULL;
        }
        iio_channel_enable(ch[i].chn);
    }
    cap->buf = iio_device_create_buffer(dev, o->buffer_samples, false);
    if (!cap->buf) {
        snprintf(err, errlen, "%s: cannot create a buffer of %u samples: %s", who,
                 o->buffer_samples, strerror(errno));
        free(cap);
        return NULL;
    }
    return cap;
}

void tpr_iio_capture_close(tpr_iio_capture *cap)
{
    if (!cap)
        return;
    iio_buffer_destroy(cap->buf);
    free(cap);
}
