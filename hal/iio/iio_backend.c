/* The IIO backend's entry in the table: [pressure] backend = iio, its keys
 * and what they need together. Its open is in the module tpr-iio.so
 * (iio_open.c), so the table links no libiio. */
#include <stdio.h>

#include "backend.h"
#include "iio_options.h"

typedef tpr_iio_options opts;

static const char *const combines[] = {"sum", "max", NULL};
static const char *const modes[] = {"polled", "buffered", NULL};
static const char *const cal_units[] = {"raw", "volt", NULL};

_Static_assert(sizeof(tpr_combine) == sizeof(int) && sizeof(tpr_iio_mode) == sizeof(int) &&
                   sizeof(tpr_cal_unit) == sizeof(int),
               "TPR_OPT_ENUM fields are int-sized");
_Static_assert(sizeof(opts) <= TPR_BACKEND_OPTIONS_MAX, "iio options fit the config");

static const tpr_option rows[] = {
    TPR_ROW_TEXT(opts, "pressure", "uri", uri,
                 "local:", "libiio context: local: on the device, ip:HOST for a remote iiod"),
    TPR_ROW_TEXT(opts, "pressure", "device", device, NULL,
                 "IIO device name as iio_info shows it (ads1115)"),
    {"pressure", "channels", TPR_OPT_LIST, TPR_UNIT_NUMBER, offsetof(opts, channel),
     sizeof(((opts *)0)->channel[0]), offsetof(opts, channels), 1, TPR_MAX_CHANNELS, NULL, NULL,
     "IIO channel ids (voltage0); several sensors are combined"},
    TPR_ROW_CHOICE(opts, "pressure", "combine", combine, combines, "sum",
                   "how several channels make one pressure"),
    TPR_ROW_CHOICE(
        opts, "pressure", "mode", mode, modes, "polled",
        "polled: read raw each tick (slow ADCs); buffered: IIO buffer (500 Hz and more)"),
    TPR_ROW_NUM(opts, "pressure", "buffer", TPR_OPT_UINT, TPR_UNIT_COUNT, buffer_samples, 1, 4096,
                "8", "samples per buffer refill in buffered mode (8 at 1 kHz = 8 ms latency)"),
    TPR_ROW_CHOICE(
        opts, "pressure", "cal_unit", cal_unit, cal_units, "raw",
        "what cal_zero and cal_scale refer to: raw counts, or volts after the kernel's scale"),
    TPR_ROW_NUM(opts, "pressure", "cal_zero", TPR_OPT_DOUBLE, TPR_UNIT_NUMBER, cal_zero, -1e9, 1e9,
                "0", "reading with nothing on the tip, in cal_unit (written by calibration)"),
    TPR_ROW_NUM(opts, "pressure", "cal_scale", TPR_OPT_DOUBLE, TPR_UNIT_NUMBER, cal_scale, -1e9,
                1e9, "1", "newtons per cal_unit, not 0 (written by calibration)"),
};

static void check(const void *p, bool selected, tpr_backend_fail *fail, void *ctx)
{
    const opts *o = p;
    if (selected && !o->device[0])
        fail(ctx, "backend", "device",
             "[pressure] backend = iio needs device = NAME (iio_info lists them)");
    if (selected && !o->channels)
        fail(ctx, "backend", "channels",
             "[pressure] backend = iio needs channels = LIST (e.g. voltage0)");
    if (o->cal_scale == 0.0)
        fail(ctx, "cal_scale", "cal_scale",
             "[pressure] cal_scale must not be 0 (newtons per cal_unit)");
}

const tpr_backend tpr_iio_backend = {
    .name = "iio",
    .part = TPR_PART_PRESSURE,
    .options = rows,
    .option_count = sizeof(rows) / sizeof(rows[0]),
    .options_size = sizeof(opts),
    .check = check,
    .module = "tpr-iio",
    .open_symbol = "tpr_iio_backend_open",
};
