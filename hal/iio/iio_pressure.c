#include "iio_pressure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "iio_reader.h"

typedef struct iio_pressure {
    tpr_iio_reader *reader;
    tpr_iio_options opts; /* calibration */
    float tip_area_cm2;
    tpr_sample last; /* handed out again while nothing new arrives */
    int last_error;  /* its read's error, or 0 */
} iio_pressure;

double tpr_iio_kpa(const tpr_iio_options *o, float tip_area_cm2, double reading)
{
    return (reading - o->cal_zero) * o->cal_scale / tip_area_cm2 * 10.0;
}

/* The tick's read: the newest reading the reader thread handed over,
 * stamped with the time it was read, so that the core judges its age. */
static int pressure_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    (void)now_us;
    iio_pressure *s = ctx;
    double v;
    int64_t t_us;
    int r = tpr_iio_reader_read(s->reader, &v, &t_us);
    if (r < 0)
        s->last = (tpr_sample){.t_us = t_us, .kpa = NAN, .ok = false};
    else if (r > 0)
        s->last = (tpr_sample){
            .t_us = t_us,
            .kpa = (float)tpr_iio_kpa(&s->opts, s->tip_area_cm2, v),
            .ok = true,
        };
    if (r != 0)
        s->last_error = r < 0 ? r : 0;
    *out = s->last;
    return s->last_error;
}

static int pressure_read_raw(void *ctx, int64_t now_us, double *value)
{
    (void)now_us;
    int64_t t_us;
    return tpr_iio_reader_read(((iio_pressure *)ctx)->reader, value, &t_us);
}

static void pressure_close(void *ctx)
{
    iio_pressure *s = ctx;
    tpr_iio_reader_close(s->reader);
    free(s);
}

int tpr_iio_open(tpr_pressure *p, const tpr_iio_options *o, float tip_area_cm2,
                 const char *config_path, const tpr_sampler_opts *so, char *err, size_t errlen)
{
    iio_pressure *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "[pressure]: out of memory");
        return -1;
    }
    s->reader = tpr_iio_reader_open(o, config_path, so, err, errlen);
    if (!s->reader) {
        free(s);
        return -1;
    }
    s->opts = *o;
    s->tip_area_cm2 = tip_area_cm2;
    /* Nothing read yet: an old, invalid sample, so that the core sees a
     * fault rather than a pressure until the first reading. */
    s->last = (tpr_sample){.t_us = INT64_MIN / 2, .kpa = NAN, .ok = false};
    *p = (tpr_pressure){
        .read = pressure_read,
        .read_raw = pressure_read_raw,
        .raw_unit = o->cal_unit == TPR_CAL_VOLT ? "V" : "counts",
        .close = pressure_close,
        .ctx = s,
    };
    return 0;
}
