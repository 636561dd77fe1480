#include "system_config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"
#include "ini_read.h"
#include "line_spec.h"

typedef tpr_system_config cfg;

#define NUM(...) TPR_ROW_NUM(cfg, __VA_ARGS__)
#define TEXT(...) TPR_ROW_TEXT(cfg, __VA_ARGS__)
#define CHOICE(...) TPR_ROW_CHOICE(cfg, __VA_ARGS__)

/* The backends of the table by part, and the names a backend key may take:
 * filled once from tpr_backends (built per build), then only read. */
static const tpr_backend *by_part[TPR_PART_COUNT][TPR_MAX_BACKENDS];
static const char *names[TPR_PART_COUNT][TPR_MAX_BACKENDS + 1];
static pthread_once_t indexed = PTHREAD_ONCE_INIT;

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
        "no new reading, or no tick of the loop, for longer than this is a sensor fault"),
    NUM("device", "fault_clear", TPR_OPT_UINT, TPR_UNIT_MILLISECONDS, core.fault_clear_ms, 0, 60000,
        NULL, "a valid signal for this long ends a sensor fault"),
    NUM("device", "slew", TPR_OPT_FLOAT, TPR_UNIT_SLEW, core.slew_pct_per_s, 1, 100000, NULL,
        "largest change of the vibration per second (safety cuts are immediate)"),
    TEXT("device", "default_user", default_user, NULL,
         "whose routine the start button runs (profiles_dir/NAME.ini); not set: the built-in "
         "knee_front doses"),

    CHOICE("pressure", "backend", pressure, names[TPR_PART_PRESSURE], "sim",
           "where pressure comes from: the simulated hand, or an ADC through libiio"),

    CHOICE("motor", "backend", motor, names[TPR_PART_MOTOR], "sim",
           "vibration motor: simulated, hardware PWM with an enable line, or on/off by one GPIO "
           "line"),

    TEXT("paths", "data_dir", data_dir, "/var/lib/tprd", "session database directory"),
    TEXT("paths", "profiles_dir", profiles_dir, "/etc/tprd/users",
         "user profiles, one NAME.ini per person"),
    TEXT("paths", "socket", socket_path, "/run/tprd/tprd.sock", "control socket for tprctl"),

    NUM("store", "trace_rate", TPR_OPT_UINT, TPR_UNIT_FREQUENCY, trace_rate_hz, 1, 10000, NULL,
        "rate the pressure/intensity trace is recorded at; must divide the loop rate "
        "(not set: the lowest rate of at least 100 Hz that divides it; the loop rate for every "
        "tick)"),
    NUM("store", "keep_traces", TPR_OPT_UINT, TPR_UNIT_COUNT, keep_trace_days, 0, 36500, "0",
        "days a session's trace is kept; summaries and events stay forever (0: forever)"),
    NUM("store", "keep_traces_mb", TPR_OPT_UINT, TPR_UNIT_COUNT, keep_trace_mb, 0, 1000000, "0",
        "cap on all stored traces in MB, oldest pruned first (0: no cap)"),

    /* Default: Fischer 1987 (Pain 30:115), 10 N/s on a 1 cm2 probe. The
     * bounds are our choice: published protocols use 30 to 100 kPa/s, and
     * outside 10 to 500 kPa/s a hand cannot follow the cue. */
    NUM("ppt", "rate", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE_RATE, ppt_rate_kpa_s, 10, 500, "100 kPa/s",
        "target rise rate of a pressure-pain-threshold measurement (tprctl measure); a trial "
        "more than 30 % off it is repeated (default: Fischer 1987, 10 N/s on 1 cm2)"),
};

#define OPTION_COUNT (sizeof(system_options) / sizeof(system_options[0]))

const tpr_option_table tpr_system_options = {"System config (" TPR_SYSTEM_CONFIG_DEFAULT ")",
                                             system_options, OPTION_COUNT};

/* Rows of all tables together (the system's, then each backend's): room
 * for the lines each was set on while parsing. */
#define MAX_ROWS 128

static void index_backends(void)
{
    size_t rows = OPTION_COUNT;
    for (size_t i = 0; i < tpr_backend_count; i++)
        rows += tpr_backends[i]->option_count;
    if (tpr_backend_count > TPR_MAX_BACKENDS || rows > MAX_ROWS) {
        fprintf(stderr, "tprd: %zu backends with %zu keys: raise TPR_MAX_BACKENDS or MAX_ROWS\n",
                tpr_backend_count, rows);
        abort();
    }
    size_t n[TPR_PART_COUNT] = {0};
    for (size_t i = 0; i < tpr_backend_count; i++) {
        const tpr_backend *b = tpr_backends[i];
        by_part[b->part][n[b->part]] = b;
        names[b->part][n[b->part]++] = b->name;
    }
}

static void index_once(void)
{
    pthread_once(&indexed, index_backends);
}

static const char *const sections[] = {"device",     "pressure", "motor", "buttons",
                                       "indicators", "paths",    "store", "ppt"};
#define SECTION_COUNT (sizeof(sections) / sizeof(sections[0]))

typedef struct parse_state {
    cfg c;
    int seen[MAX_ROWS]; /* line each row was set on, 0 if not yet */
    int header[SECTION_COUNT];
    int error_line; /* of the first failed cross-check, 0 if none */
    char msg[256];
} parse_state;

/* One row of any table, with the struct it fills. */
typedef struct row {
    const tpr_option *opt;
    void *base;
    int seen; /* index into parse_state.seen */
} row;

static void *slot(cfg *c, size_t backend)
{
    return c->backend_options[backend].bytes;
}

/* Call each(row, user) for every row of section (NULL: every section), the
 * system's first, then the backends' in table order; stops at a nonzero
 * return and returns it. */
static int each_row(cfg *c, const char *section, int (*each)(const row *r, void *user), void *user)
{
    int seen = 0;
    for (size_t t = 0; t <= tpr_backend_count; t++) {
        const tpr_option *opt = t ? tpr_backends[t - 1]->options : system_options;
        size_t n = t ? tpr_backends[t - 1]->option_count : OPTION_COUNT;
        for (size_t i = 0; i < n; i++, seen++) {
            row r = {&opt[i], t ? slot(c, t - 1) : (void *)c, seen};
            int rc = section && strcmp(opt[i].section, section) ? 0 : each(&r, user);
            if (rc)
                return rc;
        }
    }
    return 0;
}

typedef struct key_search {
    const char *key;
    row found;
} key_search;

static int match_key(const row *r, void *user)
{
    key_search *k = user;
    if (strcmp(r->opt->key, k->key))
        return 0;
    k->found = *r;
    return 1;
}

/* The row of key in section, or false. */
static bool find_row(cfg *c, const char *section, const char *key, row *out)
{
    key_search k = {key, {0}};
    if (!each_row(c, section, match_key, &k))
        return false;
    *out = k.found;
    return true;
}

typedef struct key_list {
    char *buf;
    size_t len, used;
} key_list;

static int list_key(const row *r, void *user)
{
    key_list *l = user;
    if (l->used < l->len)
        l->used += (size_t)snprintf(l->buf + l->used, l->len - l->used, "%s%s", l->used ? ", " : "",
                                    r->opt->key);
    return 0;
}

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
                 "[indicators], [paths], [store] or [ppt])",
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
    row r;
    if (!*section) {
        snprintf(msg, msglen, "'%s' is set before any [section]", key);
        return -1;
    }
    if (!find_row(&s->c, section, key, &r)) {
        char known[256] = "";
        key_list l = {known, sizeof(known), 0};
        each_row(&s->c, section, list_key, &l);
        snprintf(msg, msglen, "[%s] unknown key '%s' (known: %s)", section, key, known);
        return -1;
    }
    if (s->seen[r.seen]) {
        snprintf(msg, msglen, "[%s] duplicate key '%s' (first set on line %d)", section, key,
                 s->seen[r.seen]);
        return -1;
    }
    if (tpr_option_set(r.opt, r.base, value, why, sizeof(why))) {
        snprintf(msg, msglen, "[%s] %s", section, why);
        return -1;
    }
    s->seen[r.seen] = line;
    return 0;
}

/* The line key of section was set on, 0 if it was not. */
static int key_line(parse_state *s, const char *section, const char *key)
{
    row r;
    return find_row(&s->c, section, key, &r) ? s->seen[r.seen] : 0;
}

/* Record a failed cross-check of keys a and b of section: it points at the
 * later of the two in the file, or the section header. The first by line wins. */
static void fail(parse_state *s, const char *section, const char *a, const char *b, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

static void fail(parse_state *s, const char *section, const char *a, const char *b, const char *fmt,
                 ...)
{
    int la = key_line(s, section, a);
    int lb = key_line(s, section, b);
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

/* A backend's check reports through this, in its own section. */
typedef struct backend_check {
    parse_state *s;
    const char *section;
} backend_check;

static void backend_fail(void *ctx, const char *key_a, const char *key_b, const char *msg)
{
    backend_check *b = ctx;
    fail(b->s, b->section, key_a, key_b, "%s", msg);
}

static void check_backends(parse_state *s)
{
    for (size_t i = 0; i < tpr_backend_count; i++) {
        const tpr_backend *b = tpr_backends[i];
        if (!b->check)
            continue;
        backend_check ctx = {s, b->options[0].section};
        b->check(slot(&s->c, i), tpr_system_backend(&s->c, b->part) == b, backend_fail, &ctx);
    }
}

static bool same_line(const tpr_line_cfg *a, const tpr_line_cfg *b)
{
    if (!a->used || !b->used)
        return false;
    if (a->chip[0] && b->chip[0])
        return strcmp(a->chip, b->chip) == 0 && a->offset == b->offset;
    return !a->chip[0] && !b->chip[0] && strcmp(a->name, b->name) == 0;
}

/* The GPIO lines of every backend, for check_lines. */
typedef struct line_list {
    row lines[16];
    size_t n;
} line_list;

static int collect_line(const row *r, void *user)
{
    line_list *l = user;
    if (r->opt->type == TPR_OPT_LINE && l->n < sizeof(l->lines) / sizeof(l->lines[0]))
        l->lines[l->n++] = *r;
    return 0;
}

static const tpr_line_cfg *line_of(const row *r)
{
    return (const void *)((const char *)r->base + r->opt->offset);
}

/* No GPIO line may serve two purposes (an LED on the motor enable line). */
static void check_lines(parse_state *s)
{
    line_list l = {.n = 0};
    each_row(&s->c, NULL, collect_line, &l);
    for (size_t i = 0; i < l.n; i++) {
        for (size_t j = i + 1; j < l.n; j++) {
            const tpr_option *a = l.lines[i].opt, *b = l.lines[j].opt;
            if (same_line(line_of(&l.lines[i]), line_of(&l.lines[j])))
                fail(s, b->section, b->key, b->key, "[%s] %s uses the same GPIO line as [%s] %s",
                     b->section, b->key, a->section, a->key);
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
    check_backends(s);
    if (c->trace_rate_hz &&
        (c->trace_rate_hz > c->core.rate_hz || c->core.rate_hz % c->trace_rate_hz))
        fail(s, "store", "trace_rate", "trace_rate",
             "[store] trace_rate (%u Hz) must divide the loop rate (%u Hz)", c->trace_rate_hz,
             c->core.rate_hz);
    char why[200];
    if (c->default_user[0] && tpr_name_check(c->default_user, why, sizeof(why)))
        fail(s, "device", "default_user", "default_user",
             "[device] default_user must be a plain name: %s", why);
    check_lines(s);
    if (!s->msg[0])
        return 0;
    *line = s->error_line;
    snprintf(msg, msglen, "%s", s->msg);
    return -1;
}

/* Settings that reach several fields of a backend's options. */
static void finish_backends(cfg *c)
{
    for (size_t i = 0; i < tpr_backend_count; i++)
        if (tpr_backends[i]->finish)
            tpr_backends[i]->finish(slot(c, i));
}

const tpr_backend *tpr_system_backend(const tpr_system_config *c, tpr_part part)
{
    index_once();
    if (part == TPR_PART_PRESSURE)
        return by_part[part][c->pressure];
    if (part == TPR_PART_MOTOR)
        return by_part[part][c->motor];
    return NULL;
}

const void *tpr_system_backend_options(const tpr_system_config *c, const tpr_backend *b)
{
    for (size_t i = 0; i < tpr_backend_count; i++)
        if (tpr_backends[i] == b)
            return c->backend_options[i].bytes;
    return NULL;
}

void tpr_system_config_default(tpr_system_config *c)
{
    char err[128];
    index_once();
    memset(c, 0, sizeof(*c));
    tpr_core_cfg_default(&c->core);
    tpr_options_set_defaults(&tpr_system_options, c, err, sizeof(err));
    for (size_t i = 0; i < tpr_backend_count; i++) {
        const tpr_backend *b = tpr_backends[i];
        tpr_option_table t = {b->name, b->options, b->option_count};
        tpr_options_set_defaults(&t, slot(c, i), err, sizeof(err));
    }
    finish_backends(c);
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
    finish_backends(&s.c);
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

typedef struct help {
    FILE *f;
    const char *section; /* printed last */
} help;

static int print_row(const row *r, void *user)
{
    help *h = user;
    if (!h->section || strcmp(h->section, r->opt->section)) {
        h->section = r->opt->section;
        fprintf(h->f, "\n[%s]\n", h->section);
    }
    tpr_option_print(h->f, r->opt, r->base);
    return 0;
}

void tpr_system_config_help(FILE *f)
{
    static tpr_system_config defaults;
    tpr_system_config_default(&defaults);
    fprintf(f, "%s\n", tpr_system_options.title);
    help h = {f, NULL};
    for (size_t i = 0; i < SECTION_COUNT; i++)
        each_row(&defaults, sections[i], print_row, &h);
}
