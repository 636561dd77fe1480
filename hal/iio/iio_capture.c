/* Why a thread and not a non-blocking refill: libiio 0.24's network backend
 * (ip:HOST, a remote iiod) has no non-blocking mode, and a refill there is a
 * network round trip. A thread that blocks in iio_buffer_refill() works the
 * same for local: and ip:, and the control loop only ever reads the newest
 * sample through a sequence lock: it never waits for the device, the
 * network or the thread. */
#include "iio_capture.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tpr_iio_capture {
    struct iio_buffer *buf;
    tpr_iio_chan ch[TPR_MAX_CHANNELS];
    uint32_t n;
    tpr_cal_unit unit;
    tpr_combine how;
    pthread_t thread;
    atomic_bool stop;
    /* Sequence lock, one writer (the thread): odd while a sample is being
     * written. The fields are atomics so that a torn read is not a data
     * race; the sequence tells the reader to retry. */
    _Atomic uint64_t seq;
    _Atomic double value;
    atomic_int error; /* 0, or the failed refill's negative errno */
    uint64_t seen;    /* reader side: the last sequence handed out */
};

static void publish(tpr_iio_capture *cap, double value, int error)
{
    uint64_t s = atomic_load_explicit(&cap->seq, memory_order_relaxed);
    atomic_store_explicit(&cap->seq, s + 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    atomic_store_explicit(&cap->value, value, memory_order_relaxed);
    atomic_store_explicit(&cap->error, error, memory_order_relaxed);
    atomic_store_explicit(&cap->seq, s + 2, memory_order_release);
}

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

static void *run(void *arg)
{
    tpr_iio_capture *cap = arg;
    while (!atomic_load(&cap->stop)) {
        ssize_t got = iio_buffer_refill(cap->buf);
        if (atomic_load(&cap->stop))
            break;
        double v;
        if (got < 0) {
            publish(cap, 0.0, (int)got);
            /* A device that keeps failing must not spin a core. */
            nanosleep(&(struct timespec){.tv_nsec = 10 * 1000 * 1000}, NULL);
        } else if (newest(cap, &v)) {
            publish(cap, v, 0);
        }
    }
    return NULL;
}

int tpr_iio_capture_newest(tpr_iio_capture *cap, double *value)
{
    /* A writer in the middle of a sample is a few stores from done; after
     * a few tries the loop goes on with what it had (its stale check
     * covers a thread that never finishes). */
    for (int tries = 0; tries < 8; tries++) {
        uint64_t s1 = atomic_load_explicit(&cap->seq, memory_order_acquire);
        if (s1 & 1)
            continue;
        if (s1 == cap->seen)
            return 0;
        double v = atomic_load_explicit(&cap->value, memory_order_relaxed);
        int e = atomic_load_explicit(&cap->error, memory_order_relaxed);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&cap->seq, memory_order_relaxed) != s1)
            continue;
        cap->seen = s1;
        if (e)
            return e;
        *value = v;
        return 1;
    }
    return 0;
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

static int wait_first(tpr_iio_capture *cap, unsigned timeout_ms, double *v)
{
    for (unsigned waited = 0; waited < timeout_ms; waited++) {
        int r = tpr_iio_capture_newest(cap, v);
        if (r)
            return r;
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    return -ETIMEDOUT;
}

tpr_iio_capture *tpr_iio_capture_start(struct iio_device *dev, const tpr_iio_chan *ch, uint32_t n,
                                       const tpr_system_config *c, unsigned timeout_ms,
                                       const char *who, char *err, size_t errlen)
{
    tpr_iio_capture *cap = calloc(1, sizeof(*cap));
    if (!cap) {
        snprintf(err, errlen, "%s: out of memory", who);
        return NULL;
    }
    memcpy(cap->ch, ch, n * sizeof(*ch));
    cap->n = n;
    cap->unit = c->cal_unit;
    cap->how = c->combine;
    for (uint32_t i = 0; i < n; i++) {
        if (check_channel(&ch[i], who, err, errlen)) {
            free(cap);
            return NULL;
        }
        iio_channel_enable(ch[i].chn);
    }
    cap->buf = iio_device_create_buffer(dev, c->iio_buffer_samples, false);
    if (!cap->buf) {
        snprintf(err, errlen, "%s: cannot create a buffer of %u samples: %s", who,
                 c->iio_buffer_samples, strerror(errno));
        free(cap);
        return NULL;
    }
    int r = pthread_create(&cap->thread, NULL, run, cap);
    if (r) {
        snprintf(err, errlen, "%s: cannot start the capture thread: %s", who, strerror(r));
        iio_buffer_destroy(cap->buf);
        free(cap);
        return NULL;
    }
    double v;
    r = wait_first(cap, timeout_ms, &v);
    if (r < 0) {
        snprintf(err, errlen, "%s: no buffered sample: %s", who, strerror(-r));
        tpr_iio_capture_stop(cap);
        return NULL;
    }
    /* Hand the first sample to the first read again. */
    cap->seen = 0;
    return cap;
}

void tpr_iio_capture_stop(tpr_iio_capture *cap)
{
    if (!cap)
        return;
    atomic_store(&cap->stop, true);
    iio_buffer_cancel(cap->buf);
    pthread_join(cap->thread, NULL);
    iio_buffer_destroy(cap->buf);
    free(cap);
}
