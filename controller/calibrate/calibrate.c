#include "calibrate.h"

#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cal_stats.h"
#include "device.h"
#include "ini_edit.h"
#include "system_config.h"
#include "units.h"

typedef struct cal_args {
    const char *config;
    const char *hand; /* simulated device: the hand's script */
    const char *weight_text;
    double weight_n;
    double seconds;
    bool yes;
} cal_args;

static void usage(FILE *f)
{
    fputs("Usage: tprd calibrate --weight WEIGHT [--config FILE] [--yes] [--seconds S]\n"
          "\n"
          "Calibrate the pressure tip (its [pressure] backend, whichever it is): average\n"
          "the raw reading with nothing on the tip, then with a known weight on it, and\n"
          "write cal_unit, cal_zero and cal_scale into the system config (other lines\n"
          "stay as they are).\n"
          "\n"
          "  -w, --weight WEIGHT  the known weight: 500 g, 2 kg, 10 N\n"
          "  -c, --config FILE    system config (default " TPR_SYSTEM_CONFIG_DEFAULT ")\n"
          "  -s, --seconds S      how long to average each step (default 2)\n"
          "  -y, --yes            write without asking\n"
          "      --hand FILE      simulated device: the hand's script\n"
          "  -h, --help           show this help\n",
          f);
}

static int parse_args(int argc, char **argv, cal_args *a)
{
    static const struct option opts[] = {
        {"weight", required_argument, NULL, 'w'},
        {"config", required_argument, NULL, 'c'},
        {"seconds", required_argument, NULL, 's'},
        {"yes", no_argument, NULL, 'y'},
        {"hand", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *a = (cal_args){.config = TPR_SYSTEM_CONFIG_DEFAULT, .seconds = 2.0};
    char err[128];
    optind = 1;
    for (int o; (o = getopt_long(argc, argv, "w:c:s:yh", opts, NULL)) != -1;) {
        switch (o) {
        case 'w':
            a->weight_text = optarg;
            if (tpr_unit_parse(optarg, TPR_UNIT_FORCE, &a->weight_n, err, sizeof(err)) ||
                !(a->weight_n > 0.0)) {
                fprintf(stderr, "tprd calibrate: --weight %s: %s\n", optarg,
                        a->weight_n > 0.0 ? err : "must be above 0");
                return 2;
            }
            break;
        case 'c':
            a->config = optarg;
            break;
        case 'H':
            a->hand = optarg;
            break;
        case 's':
            if (tpr_unit_parse(optarg, TPR_UNIT_SECONDS, &a->seconds, err, sizeof(err)) ||
                a->seconds < 100 || a->seconds > 60000) {
                fprintf(stderr, "tprd calibrate: --seconds %s: expected 0.1 to 60 s\n", optarg);
                return 2;
            }
            a->seconds /= 1000.0; /* parsed in ms */
            break;
        case 'y':
            a->yes = true;
            break;
        case 'h':
            usage(stdout);
            return -1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc || !a->weight_text) {
        fputs(optind < argc ? "tprd calibrate: unexpected argument\n"
                            : "tprd calibrate: --weight WEIGHT is required\n",
              stderr);
        usage(stderr);
        return 2;
    }
    return 0;
}

/* Wait for the person's Enter; false on end of input. */
static bool wait_enter(const char *prompt)
{
    fputs(prompt, stdout);
    fflush(stdout);
    char line[64];
    return fgets(line, sizeof(line), stdin) != NULL;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* What each step skips before it averages: a weight just put down still
 * settles, and the reader thread may hold a reading taken before Enter
 * (one period old at most, unless the machine starves it). Our choice. */
#define SETTLE_US 100000

/* Average the raw reading for a->seconds after SETTLE_US, sampling at the
 * loop rate. */
static int measure(const tpr_pressure *p, const cal_args *a, uint32_t rate_hz, tpr_cal_stats *st)
{
    *st = (tpr_cal_stats){0};
    long period_ns = 1000000000L / (long)(rate_hz ? rate_hz : 100);
    const int64_t start = mono_us(), from = start + SETTLE_US;
    for (int64_t now = start, end = from + (int64_t)(a->seconds * 1e6); now < end;
         now = mono_us()) {
        double v;
        int rc = p->read_raw(p->ctx, now, &v);
        if (rc < 0) {
            fprintf(stderr, "tprd calibrate: reading the sensor failed: %s\n", strerror(-rc));
            return -1;
        }
        if (rc > 0 && now >= from)
            tpr_cal_stats_add(st, v);
        nanosleep(&(struct timespec){.tv_nsec = period_ns}, NULL);
    }
    return 0;
}

/* cal_unit for readings in unit: volts, or raw readings of any other kind. */
static const char *cal_unit(const char *unit)
{
    return strcmp(unit, "V") == 0 ? "volt" : "raw";
}

static int write_config(const cal_args *a, const char *unit, const tpr_cal_result *res)
{
    char zero[32], scale[32], err[300];
    snprintf(zero, sizeof(zero), "%.9g", res->zero);
    snprintf(scale, sizeof(scale), "%.9g", res->scale);
    if (tpr_ini_set(a->config, "pressure", "cal_unit", cal_unit(unit), err, sizeof(err)) ||
        tpr_ini_set(a->config, "pressure", "cal_zero", zero, err, sizeof(err)) ||
        tpr_ini_set(a->config, "pressure", "cal_scale", scale, err, sizeof(err))) {
        fprintf(stderr, "tprd calibrate: %s\n", err);
        return 1;
    }
    printf("Written to %s.\n", a->config);
    return 0;
}

static bool confirm(const char *path)
{
    printf("Write cal_unit, cal_zero and cal_scale to %s? [y/N] ", path);
    fflush(stdout);
    char line[16];
    return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static void print_step(const char *what, const tpr_cal_stats *st, const char *unit)
{
    printf("  %s %.6g %s (sd %.3g %s, %u readings)\n", what, st->mean, unit, tpr_cal_stats_sd(st),
           unit, st->n);
}

/* Both steps and the result; returns the exit status. */
static int run(const cal_args *a, const tpr_system_config *c, const tpr_pressure *p)
{
    const char *unit = p->raw_unit;
    printf("Calibrating the pressure tip ([pressure] backend = %s), readings in %s, %.3g s a "
           "step.\n",
           tpr_system_backend(c, TPR_PART_PRESSURE)->name, unit, a->seconds);
    tpr_cal_stats empty, loaded;
    char prompt[200];
    if (!wait_enter("Step 1: take everything off the tip, then press Enter.\n") ||
        measure(p, a, c->core.rate_hz, &empty))
        return 1;
    print_step("empty", &empty, unit);
    snprintf(prompt, sizeof(prompt), "Step 2: put the %s (%.4g N) on the tip, then press Enter.\n",
             a->weight_text, a->weight_n);
    if (!wait_enter(prompt) || measure(p, a, c->core.rate_hz, &loaded))
        return 1;
    print_step("loaded", &loaded, unit);

    tpr_cal_result res;
    char err[300];
    if (tpr_cal_solve(&empty, &loaded, a->weight_n, c->tip_area_cm2, &res, err, sizeof(err))) {
        fprintf(stderr, "tprd calibrate: %s Nothing written.\n", err);
        return 1;
    }
    printf("cal_zero = %.9g, cal_scale = %.9g N per %s\n", res.zero, res.scale,
           strcmp(unit, "counts") == 0 ? "count" : unit);
    printf("noise floor %.3g kPa (1 sd with nothing on the tip, %.3g cm2 tip)\n", res.noise_kpa,
           c->tip_area_cm2);
    if (!a->yes && !confirm(a->config)) {
        puts("Nothing written.");
        return 1;
    }
    return write_config(a, unit, &res);
}

int tpr_calibrate_main(int argc, char **argv)
{
    cal_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    static tpr_system_config c;
    char err[512];
    if (tpr_system_config_load(a.config, &c, err, sizeof(err))) {
        fprintf(stderr, "tprd calibrate: %s\n", err);
        return 2;
    }
    tpr_hal hal;
    tpr_device_opts dev = {.hand_script = a.hand, .pressure_only = true};
    if (tpr_device_open(&hal, &c, &dev, err, sizeof(err))) {
        fprintf(stderr, "tprd calibrate: %s\n", err);
        return 1;
    }
    rc = run(&a, &c, &hal.pressure);
    tpr_hal_close(&hal);
    return rc;
}
