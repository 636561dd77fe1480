#include "iio_reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iio_capture.h"
#include "iio_chan.h"
#include "sampler.h"

/* How long libiio may wait for the device (attribute reads over ip:,
 * buffer refills), and start-up for the reader's first sample. */
enum { IIO_TIMEOUT_MS = 1000, FIRST_SAMPLE_MS = 2000 };

struct tpr_iio_reader {
    struct iio_context *ctx;
    tpr_iio_chan ch[TPR_MAX_CHANNELS];
    uint32_t n;
    tpr_cal_unit unit;
    tpr_combine how;
    tpr_iio_capture *cap; /* buffered mode */
    /* A polled read failed: the device may come back re-probed, at its
     * default gain, so the next good read takes scale and offset again. */
    bool rescale;
    tpr_sampler_source src;
    tpr_sampler *sampler; /* the thread that reads; the only one after open */
};

/* A raw attribute as the kernel writes it: an integer and a newline. */
static int read_raw(const struct iio_channel *chn, int64_t *out)
{
    char buf[64];
    ssize_t r = iio_channel_attr_read(chn, "raw", buf, sizeof(buf));
    if (r < 0)
        return (int)r;
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    while (*end == ' ' || *end == '\n' || *end == '\t')
        end++;
    if (end == buf || *end || errno)
        return -EINVAL;
    *out = v;
    return 0;
}

/* The channel's kernel scale and offset, where it has them. */
static int read_scale(tpr_iio_chan *ch)
{
    if (iio_channel_find_attr(ch->chn, "scale") &&
        iio_channel_attr_read_double(ch->chn, "scale", &ch->scale))
        return -EIO;
    if (iio_channel_find_attr(ch->chn, "offset") &&
        iio_channel_attr_read_double(ch->chn, "offset", &ch->offset))
        return -EIO;
    return 0;
}

static int read_polled(void *ctx, double *value)
{
    tpr_iio_reader *r = ctx;
    int64_t raw[TPR_MAX_CHANNELS];
    for (uint32_t i = 0; i < r->n; i++) {
        int rc = read_raw(r->ch[i].chn, &raw[i]);
        if (!rc && r->rescale)
            rc = read_scale(&r->ch[i]);
        if (rc) {
            r->rescale = true;
            return rc;
        }
    }
    r->rescale = false;
    *value = tpr_iio_combine(r->ch, raw, r->n, r->unit, r->how);
    return 1;
}

static int read_buffered(void *ctx, double *value)
{
    return tpr_iio_capture_refill(((tpr_iio_reader *)ctx)->cap, value);
}

static void cancel_buffered(void *ctx)
{
    tpr_iio_capture_cancel(((tpr_iio_reader *)ctx)->cap);
}

int tpr_iio_reader_read(tpr_iio_reader *r, double *value, int64_t *t_us)
{
    return tpr_sampler_take(r->sampler, value, t_us);
}

static void list_channels(const struct iio_device *dev, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < iio_device_get_channels_count(dev) && used < len; i++) {
        const struct iio_channel *chn = iio_device_get_channel(dev, i);
        if (!iio_channel_is_output(chn) && iio_channel_find_attr(chn, "raw"))
            used += (size_t)snprintf(out + used, len - used, "%s%s", used ? " " : "",
                                     iio_channel_get_id(chn));
    }
}

/* The channel's scale and offset; volts need a scale, counts need none. */
static int channel_setup(tpr_iio_reader *r, tpr_iio_chan *ch, const char *id, const char *who,
                         char *err, size_t errlen)
{
    ch->scale = 1.0;
    ch->offset = 0.0;
    if (r->unit == TPR_CAL_VOLT && !iio_channel_find_attr(ch->chn, "scale")) {
        snprintf(err, errlen, "%s: channel %s has no scale attribute, needed for cal_unit = volt",
                 who, id);
        return -1;
    }
    if (read_scale(ch)) {
        snprintf(err, errlen, "%s: channel %s: cannot read scale or offset", who, id);
        return -1;
    }
    return 0;
}

static int find_channels(tpr_iio_reader *r, struct iio_device *dev, const tpr_iio_options *o,
                         const char *who, char *err, size_t errlen)
{
    for (uint32_t i = 0; i < o->channels; i++) {
        const char *id = o->channel[i];
        tpr_iio_chan *ch = &r->ch[i];
        ch->chn = iio_device_find_channel(dev, id, false);
        if (!ch->chn) {
            char have[256];
            list_channels(dev, have, sizeof(have));
            snprintf(err, errlen, "%s: no input channel %s (it has: %s)", who, id,
                     have[0] ? have : "none");
            return -1;
        }
        if (o->mode == TPR_IIO_POLLED && !iio_channel_find_attr(ch->chn, "raw")) {
            snprintf(err, errlen, "%s: channel %s has no raw attribute", who, id);
            return -1;
        }
        if (channel_setup(r, ch, id, who, err, errlen))
            return -1;
    }
    r->n = o->channels;
    return 0;
}

static struct iio_device *find_device(struct iio_context *ctx, const tpr_iio_options *o,
                                      const char *who, char *err, size_t errlen)
{
    struct iio_device *dev = iio_context_find_device(ctx, o->device);
    if (dev)
        return dev;
    char have[256] = "";
    size_t used = 0;
    for (unsigned i = 0; i < iio_context_get_devices_count(ctx) && used < sizeof(have); i++) {
        const char *name = iio_device_get_name(iio_context_get_device(ctx, i));
        used += (size_t)snprintf(have + used, sizeof(have) - used, "%s%s", used ? " " : "",
                                 name ? name : "?");
    }
    snprintf(err, errlen, "%s: no IIO device named %s (found: %s)", who, o->device,
             have[0] ? have : "none");
    return NULL;
}

static int open_device(tpr_iio_reader *r, const tpr_iio_options *o, const char *where, char *err,
                       size_t errlen)
{
    char who[320];
    snprintf(who, sizeof(who), "%s[pressure] uri %s", where, o->uri);
    /* A copy: libiio 0.24 cuts "ip:HOST:PORT" apart in the string it is
     * given, const or not. */
    char uri[sizeof(o->uri)];
    snprintf(uri, sizeof(uri), "%s", o->uri);
    r->ctx = iio_create_context_from_uri(uri);
    if (!r->ctx) {
        snprintf(err, errlen, "%s: cannot open the IIO context: %s", who, strerror(errno));
        return -1;
    }
    iio_context_set_timeout(r->ctx, IIO_TIMEOUT_MS);
    struct iio_device *dev = find_device(r->ctx, o, who, err, errlen);
    if (!dev)
        return -1;
    snprintf(who, sizeof(who), "%s[pressure] uri %s, device %s", where, o->uri, o->device);
    if (find_channels(r, dev, o, who, err, errlen))
        return -1;
    if (o->mode == TPR_IIO_BUFFERED) {
        r->cap = tpr_iio_capture_open(dev, r->ch, r->n, o, who, err, errlen);
        return r->cap ? 0 : -1;
    }
    for (uint32_t i = 0; i < r->n; i++) {
        int64_t raw;
        int rc = read_raw(r->ch[i].chn, &raw);
        if (rc) {
            snprintf(err, errlen, "%s: channel %s: cannot read raw: %s", who, o->channel[i],
                     strerror(-rc));
            return -1;
        }
    }
    return 0;
}

/* The thread that reads from now on, and its first sample. */
static int start_reading(tpr_iio_reader *r, const tpr_sampler_opts *so, const char *where,
                         const tpr_iio_options *o, char *err, size_t errlen)
{
    char who[320];
    snprintf(who, sizeof(who), "%s[pressure] uri %s, device %s", where, o->uri, o->device);
    r->src = r->cap
                 ? (tpr_sampler_source){.read = read_buffered, .cancel = cancel_buffered, .ctx = r}
                 : (tpr_sampler_source){.read = read_polled, .ctx = r};
    tpr_sampler_opts opts = *so;
    if (r->cap)
        opts.period_us = 0; /* a refill waits for the device's own rate */
    int e = 0;
    r->sampler = tpr_sampler_start(&r->src, &opts, &e);
    if (!r->sampler) {
        snprintf(err, errlen, "%s: cannot start the reader thread: %s", who, strerror(e));
        return -1;
    }
    int rc = tpr_sampler_first(r->sampler, FIRST_SAMPLE_MS);
    if (rc < 0) {
        snprintf(err, errlen, "%s: no %s sample: %s", who, r->cap ? "buffered" : "first",
                 strerror(-rc));
        return -1;
    }
    return 0;
}

tpr_iio_reader *tpr_iio_reader_open(const tpr_iio_options *o, const char *config_path,
                                    const tpr_sampler_opts *so, char *err, size_t errlen)
{
    tpr_iio_reader *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "[pressure]: out of memory");
        return NULL;
    }
    r->unit = o->cal_unit;
    r->how = o->combine;
    char where[300] = "";
    if (config_path[0])
        snprintf(where, sizeof(where), "%s: ", config_path);
    if (open_device(r, o, where, err, errlen) || start_reading(r, so, where, o, err, errlen)) {
        tpr_iio_reader_close(r);
        return NULL;
    }
    return r;
}

void tpr_iio_reader_close(tpr_iio_reader *r)
{
    if (!r)
        return;
    tpr_sampler_stop(r->sampler); /* before what its reads use */
    tpr_iio_capture_close(r->cap);
    if (r->ctx)
        iio_context_destroy(r->ctx);
    free(r);
}
