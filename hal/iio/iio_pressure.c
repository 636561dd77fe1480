#include "iio_pressure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "iio_reader.h"

typedef struct iio_pressure {
    tpr_iio_reader *reader;
    tpr_system_config cfg; /* calibration and tip area */
    tpr_sample last;       /* handed out again while nothing new arrives */
} iio_pressure;

double tpr_iio_kpa(const tpr_system_config *c, double reading)
{
    return (reading - c->cal_zero) * c->cal_scale / c->tip_area_cm2 * 10.0;
}

static int pressure_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    iio_pressure *s = ctx;
    double v;
    int r = tpr_iio_reader_read(s->reader, &v);
    if (r < 0) {
        *out = (tpr_sample){.t_us = now_us, .kpa = NAN, .ok = false};
        return r;
    }
    /* A new reading is stamped with the tick that first sees it. */
    if (r > 0)
        s->last = (tpr_sample){
            .t_us = now_us,
            .kpa = (float)tpr_iio_kpa(&s->cfg, v),
            .ok = true,
        };
    *out = s->last;
    return 0;
}

static void pressure_close(void *ctx)
{
    iio_pressure *s = ctx;
    tpr_iio_reader_close(s->reader);
    free(s);
}

int tpr_iio_open(tpr_pressure *p, const tpr_system_config *c, char *err, size_t errlen)
{
    iio_pressure *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "[pressure]: out of memory");
        return -1;
    }
    s->reader = tpr_iio_reader_open(c, err, errlen);
    if (!s->reader) {
        free(s);
        return -1;
    }
    s->cfg = *c;
    /* Nothing read yet: an old, invalid sample, so that the core sees a
     * fault rather than a pressure until the first reading. */
    s->last = (tpr_sample){.t_us = INT64_MIN / 2, .kpa = NAN, .ok = false};
    *p = (tpr_pressure){.read = pressure_read, .close = pressure_close, .ctx = s};
    return 0;
}
