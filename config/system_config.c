#include "system_config.h"

#include <stdarg.h>
#include <string.h>

#include "ini_read.h"

typedef tpr_system_config cfg;

_Static_assert(sizeof(tpr_pressure_backend) == sizeof(int) &&
                   sizeof(tpr_motor_backend) == sizeof(int) && sizeof(tpr_combine) == sizeof(int) &&
                   sizeof(tpr_iio_mode) == sizeof(int) && sizeof(tpr_cal_unit) == sizeof(int),
               "TPR_OPT_ENUM fields are int-sized");

#define NUM(sec, key, type, unit, field, lo, hi, def, help)                                        \
    {                                                                                              \
        sec, key, type, unit, offsetof(cfg, field), 0, 0, lo, hi, NULL, def, help                  \
    }
#define TEXT(sec, key, field, def, help)                                                           \
    {                                                                                              \
        sec, key, TPR_OPT_STRING, TPR_UNIT_NUMBER, offsetof(cfg, field),                           \
            sizeof(((cfg *)0)->field), 0, 0, 0, NULL, def, help                                    \
    }
#define CHOICE(sec, key, field, names, def, help)                                                  \
    {                                                                                              \
        sec, key, TPR_OPT_ENUM, TPR_UNIT_NUMBER, offsetof(cfg, field), 0, 0, 0, 0, names, def,     \
            help                                                                                   \
    }
#define FLAG(sec, key, field, def, help)                                                           \
    {                                                                                              \
        sec, key, TPR_OPT_BOOL, TPR_UNIT_NUMBER, offsetof(cfg, field), 0, 0, 0, 0, NULL, def, help \
    }
#define LINE(sec, key, field, help)                                                                \
    {                                                                                              \
        sec, key, TPR_OPT_LINE, TPR_UNIT_NUMBER, offsetof(cfg, field), 0, 0, 0, 0, NULL, "none",   \
            help                                                                                   \
    }

static const char *const pressure_backends[] = {"sim", "iio", NULL};
static const char *const motor_backends[] = {"sim", "pwm", NULL};
static const char *const combines[] = {"sum", "max", NULL};
static const char *const iio_modes[] = {"polled", "buffered", NULL};
static const char *const cal_units[] = {"raw", "volt", NULL};

/* [device] defaults without def come from tpr_core_cfg_default(). */
static const tpr_option system_options[] = {
    NUM("device", "rate", TPR_OPT_UINT, TPR_UNIT_FREQUENCY, core.rate_hz, 100, 10000, NULL,
        "control loop and sensor sample rate"),
    NUM("device", "tip_area", TPR_OPT_FLOAT, TPR_UNIT_AREA, tip_area_cm2, 0.05, 20, "1 cm2",
        "contact area of the tip: pressure = force / area (1 cm2 like an algometer probe)"),
    NUM("device", "range_min", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, core.range_min_kpa, -1000, 2000,
        NULL, "a reading below this is a sensor fault"),
    NUM("device", "range_max", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, core.range_max_kpa, -1000, 2000,
        NULL, "a reading above this is a sensor fault"),
    NUM("device", "stuck", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, core.stuck_ms, 1, 600000, NULL,
        "identical readings while pressing for longer than this are a sensor fault"),
    NUM("device", "stale", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, core.stale_ms, 1, 60000, NULL,
        "no new reading for longer than this is a sensor fault"),
    NUM("device", "fault_clear", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, core.fault_clear_ms, 0, 60000,
        NULL, "a valid signal for this long ends a sensor fault"),
    NUM("device", "slew", TPR_OPT_FLOAT, TPR_UNIT_SLEW, core.slew_pct_per_s, 1, 100000, NULL,
        "largest change of the vibration per second (safety cuts are immediate)"),

    CHOICE("pressure", "backend", pressure, pressure_backends, "sim",
           "where pressure comes from: the simulated hand, or an ADC through libiio"),
    TEXT("pressure", "uri", iio_uri,
         "local:", "libiio context: local: on the device, ip:HOST for a remote iiod"),
    TEXT("pressure", "device", iio_device, NULL, "IIO device name as iio_info shows it (ads1115)"),
    {"pressure", "channels", TPR_OPT_LIST, TPR_UNIT_NUMBER, offsetof(cfg, iio_channel),
     sizeof(((cfg *)0)->iio_channel[0]), offsetof(cfg, iio_channels), 1, TPR_MAX_CHANNELS, NULL,
     NULL, "IIO channel ids (voltage0); several sensors are combined"},
    CHOICE("pressure", "combine", combine, combines, "sum",
           "how several channels make one pressure"),
    CHOICE("pressure", "mode", iio_mode, iio_modes, "polled",
           "polled: read raw each tick (slow ADCs); buffered: IIO buffer (500 Hz and more)"),
    NUM("pressure", "buffer", TPR_OPT_UINT, TPR_UNIT_COUNT, iio_buffer_samples, 1, 4096, "8",
        "samples per buffer refill in buffered mode (8 at 1 kHz = 8 ms latency)"),
    CHOICE("pressure", "cal_unit", cal_unit, cal_units, "raw",
           "what cal_zero and cal_scale refer to: raw counts, or volts after the kernel's scale"),
    NUM("pressure", "cal_zero", TPR_OPT_DOUBLE, TPR_UNIT_NUMBER, cal_zero, -1e9, 1e9, "0",
        "reading with nothing on the tip, in cal_unit (written by calibration)"),
    NUM("pressure", "cal_scale", TPR_OPT_DOUBLE, TPR_UNIT_NUMBER, cal_scale, -1e9, 1e9, "1",
        "newtons per cal_unit, not 0 (written by calibration)"),

    CHOICE("motor", "backend", motor, motor_backends, "sim",
           "vibration motor: simulated, or hardware PWM with an enable line"),
    TEXT("motor", "pwm_root", pwm_root, "/sys/class/pwm", "sysfs PWM directory"),
    NUM("motor", "pwmchip", TPR_OPT_UINT, TPR_UNIT_COUNT, pwm_chip, 0, 255, "0",
        "PWM chip: pwmchipN under pwm_root"),
    NUM("motor", "channel", TPR_OPT_UINT, TPR_UNIT_COUNT, pwm_channel, 0, 255, "0",
        "PWM channel: pwmN of the chip"),
    NUM("motor", "period", TPR_OPT_UINT, TPR_UNIT_PERIOD, pwm_period_ns, 1000, 100000000, NULL,
        "PWM period, or its frequency (25 kHz); needed for backend = pwm"),
    NUM("motor", "min_duty", TPR_OPT_FLOAT, TPR_UNIT_PERCENT, min_duty_pct, 0, 99, "0",
        "smallest duty cycle that still spins the motor; intensities above 0 start here"),
    LINE("motor", "enable", enable,
         "motor enable line, held while the daemon runs (pull-down on the board)"),
    FLAG("motor", "enable_active_low", enable.active_low, "false", "the enable line is active low"),

    LINE("buttons", "start_pause", start_pause, "start/pause button"),
    LINE("buttons", "next", next, "next-muscle button"),
    FLAG("buttons", "active_low", buttons_active_low, "true",
         "buttons pull the line low when pressed (wired to ground, pull-up)"),
    NUM("buttons", "debounce", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, debounce_ms, 0, 1000, "20 ms",
        "edges closer together than this are contact bounce"),

    LINE("indicators", "led", led, "status LED"),
    LINE("indicators", "buzzer", buzzer, "buzzer"),
    FLAG("indicators", "active_low", indicators_active_low, "false",
         "LED and buzzer are on when the line is low"),

    TEXT("paths", "data_dir", data_dir, "/var/lib/tprd", "session database directory"),
    TEXT("paths", "profiles_dir", profiles_dir, "/etc/tprd/users",
         "user profiles, one NAME.ini per person"),
    TEXT("paths", "socket", socket_path, "/run/tprd/tprd.sock", "control socket for tprctl"),

    NUM("store", "trace_rate", TPR_OPT_UINT, TPR_UNIT_FREQUENCY, trace_rate_hz, 1, 10000, NULL,
        "rate the pressure/intensity trace is recorded at; must divide the loop rate "
        "(not set: every tick)"),
    NUM("store", "keep_traces", TPR_OPT_UINT, TPR_UNIT_COUNT, keep_trace_days, 0, 36500, "0",
        "days a session's trace is kept; summaries and events stay forever (0: forever)"),
    NUM("store", "keep_traces_mb", TPR_OPT_UINT, TPR_UNIT_COUNT, keep_trace_mb, 0, 1000000, "0",
        "cap on all stored traces in MB, oldest pruned first (0: no cap)"),
};

#define OPTION_COUNT (sizeof(system_options) / sizeof(system_options[0]))

const tpr_option_table tpr_system_options = {"System config (" TPR_SYSTEM_CONFIG_DEFAULT ")",
                                             system_options, OPTION_COUNT};

static const char *const sections[] = {"device",     "pressure", "motor", "buttons",
                                       "indicators", "paths",    "store"};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))

typedef struct parse_state {
    cfg c;
    int seen[OPTION_COUNT];
    int header[SECTION_COUNT];
    int error_line; /* of the first failed cross-check, 0 if none */
    char msg[256];
} parse_state;

static int section_index(const char *section)
{
    for (size_t i = 0; i < SECTION_COUNT; i++)
        if (strcmp(sections[i], section) == 0)
            return (int)i;
    return -1;
}

static int on_section(void *user, int line, const char *section, char *msg, size_t msglen)
{
    parse_state *s = user;
    int i = section_index(section);
    if (i < 0) {
        snprintf(msg, msglen,
                 "unknown section [%s] (expected [device], [pressure], [motor], [buttons], "
                 "[indicators], [paths] or [store])",
                 section);
        return -1;
    }
    s->header[i] = line;
    return 0;
}

static int on_key(void *user, int line, const char *section, const char *key, const char *value,
                  char *msg, size_t msglen)
{
    parse_state *s = user;
    char why[200];
    if (!*section) {
        snprintf(msg, msglen, "'%s' is set before any [section]", key);
        return -1;
    }
    if (tpr_options_set_key(&tpr_system_options, section, key, value, &s->c, s->seen, line, why,
                            sizeof(why))) {
        snprintf(msg, msglen, "[%s] %s", section, why);
        return -1;
    }
    return 0;
}

/* Record a failed cross-check of keys a and b of section: it points at the
 * later of the two in the file, or the section header. The first by line wins. */
static void fail(parse_state *s, const char *section, const char *a, const char *b, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

static void fail(parse_state *s, const char *section, const char *a, const char *b, const char *fmt,
                 ...)
{
    int la = s->seen[tpr_option_index(&tpr_system_options, section, a)];
    int lb = s->seen[tpr_option_index(&tpr_system_options, section, b)];
    int line = la > lb ? la : lb;
    if (!line)
        line = s->header[section_index(section)];
    if (s->msg[0] && line >= s->error_line)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
    va_end(ap);
    s->error_line = line;
}

static bool same_line(const tpr_line_cfg *a, const tpr_line_cfg *b)
{
    if (!a->used || !b->used)
        return false;
    if (a->chip[0] && b->chip[0])
        return strcmp(a->chip, b->chip) == 0 && a->offset == b->offset;
    return !a->chip[0] && !b->chip[0] && strcmp(a->name, b->name) == 0;
}

/* No GPIO line may serve two purposes (an LED on the motor enable line). */
static void check_lines(parse_state *s)
{
    static const struct {
        const char *section, *key;
        size_t offset;
    } lines[] = {
        {"motor", "enable", offsetof(cfg, enable)},
        {"buttons", "start_pause", offsetof(cfg, start_pause)},
        {"buttons", "next", offsetof(cfg, next)},
        {"indicators", "led", offsetof(cfg, led)},
        {"indicators", "buzzer", offsetof(cfg, buzzer)},
    };
    const size_t n = sizeof(lines) / sizeof(lines[0]);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            const tpr_line_cfg *a = (const void *)((const char *)&s->c + lines[i].offset);
            const tpr_line_cfg *b = (const void *)((const char *)&s->c + lines[j].offset);
            if (same_line(a, b))
                fail(s, lines[j].section, lines[j].key, lines[j].key,
                     "[%s] %s uses the same GPIO line as [%s] %s", lines[j].section, lines[j].key,
                     lines[i].section, lines[i].key);
        }
    }
}

/* Settings that only make sense together. */
static int cross_check(void *user, int *line, char *msg, size_t msglen)
{
    parse_state *s = user;
    const cfg *c = &s->c;
    if (c->core.range_min_kpa >= c->core.range_max_kpa)
        fail(s, "device", "range_min", "range_max",
             "[device] range_min (%g kPa) must be below range_max (%g kPa)",
             (double)c->core.range_min_kpa, (double)c->core.range_max_kpa);
    if (c->pressure == TPR_PRESSURE_IIO && !c->iio_device[0])
        fail(s, "pressure", "backend", "device",
             "[pressure] backend = iio needs device = NAME (iio_info lists them)");
    if (c->pressure == TPR_PRESSURE_IIO && !c->iio_channels)
        fail(s, "pressure", "backend", "channels",
             "[pressure] backend = iio needs channels = LIST (e.g. voltage0)");
    if (c->cal_scale == 0.0)
        fail(s, "pressure", "cal_scale", "cal_scale",
             "[pressure] cal_scale must not be 0 (newtons per cal_unit)");
    if (c->motor == TPR_MOTOR_PWM && !c->pwm_period_ns)
        fail(s, "motor", "backend", "period",
             "[motor] backend = pwm needs period (e.g. 40 us or 25 kHz)");
    if (c->trace_rate_hz &&
        (c->trace_rate_hz > c->core.rate_hz || c->core.rate_hz % c->trace_rate_hz))
        fail(s, "store", "trace_rate", "trace_rate",
             "[store] trace_rate (%u Hz) must divide the loop rate (%u Hz)", c->trace_rate_hz,
             c->core.rate_hz);
    check_lines(s);
    if (!s->msg[0])
        return 0;
    *line = s->error_line;
    snprintf(msg, msglen, "%s", s->msg);
    return -1;
}

/* Group-wide active_low settings reach every line of the group. */
static void apply_active_low(cfg *c)
{
    c->start_pause.active_low = c->next.active_low = c->buttons_active_low;
    c->led.active_low = c->buzzer.active_low = c->indicators_active_low;
}

void tpr_system_config_default(tpr_system_config *c)
{
    char err[128];
    memset(c, 0, sizeof(*c));
    tpr_core_cfg_default(&c->core);
    tpr_options_set_defaults(&tpr_system_options, c, err, sizeof(err));
    apply_active_low(c);
}

static const tpr_ini_callbacks callbacks = {on_section, on_key, cross_check};

/* Parse the file at path, or text when path is NULL; c changes only on
 * success. */
static int read_config(const char *origin, const char *path, const char *text, tpr_system_config *c,
                       char *err, size_t errlen)
{
    static parse_state zero;
    parse_state s = zero;
    tpr_system_config_default(&s.c);
    snprintf(s.c.path, sizeof(s.c.path), "%s", origin);
    if (tpr_ini_read(origin, path, text, &callbacks, &s, err, errlen))
        return -1;
    apply_active_low(&s.c);
    *c = s.c;
    return 0;
}

int tpr_system_config_load(const char *path, tpr_system_config *c, char *err, size_t errlen)
{
    return read_config(path, path, NULL, c, err, errlen);
}

int tpr_system_config_parse(const char *text, const char *origin, tpr_system_config *c, char *err,
                            size_t errlen)
{
    return read_config(origin, NULL, text, c, err, errlen);
}

void tpr_system_config_help(FILE *f)
{
    static tpr_system_config defaults;
    tpr_system_config_default(&defaults);
    tpr_options_print(f, &tpr_system_options, &defaults);
}
