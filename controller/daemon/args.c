#include "args.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "system_config.h"

void tpr_args_usage(FILE *f)
{
    fputs("Usage: tprd [OPTION]...                run the device: idle until a button or\n"
          "                                       tprctl starts a session\n"
          "       tprd --once [OPTION]...         run one session now, then exit\n"
          "       tprd --replay TRACE.csv --muscle NAME [--profile USER.ini]\n"
          "       tprd calibrate --weight WEIGHT [--config FILE] [--yes] [--seconds S]\n"
          "\n"
          "tprd drives a trigger-point release device: it reads the tip's pressure,\n"
          "keeps the vibration and hold time right for each muscle of the routine,\n"
          "cuts the motor at once on over-pressure or any fault, and records every\n"
          "session.\n"
          "\n"
          "  -c, --config FILE    system config (default /etc/tprd/tprd.conf; without\n"
          "                       one the simulated device is used)\n"
          "  -p, --profile FILE   user profile (INI); default: built-in knee_front\n"
          "  -u, --user NAME      the profile NAME.ini from the profiles directory\n"
          "  -r, --routine NAME   run this built-in routine instead of the profile's\n"
          "  -m, --muscle NAME    treat only this muscle (required with --replay)\n"
          "      --replay FILE    run the core offline on a CSV trace (t_ms,pressure_kpa)\n"
          "                       and print what the device would have done\n"
          "      --rate HZ        control loop / replay sample rate, as [device] rate\n"
          "                       (default 1000)\n"
          "      --hand FILE      simulated device: the hand's script\n"
          "      --seed N         simulated device: random seed\n"
          "      --data-dir DIR   where the session database lives\n"
          "      --socket PATH    the control socket (default: [paths] socket)\n"
          "      --run-as USER    started as root: become USER once the device is open\n"
          "                       (default: tprd, when that user exists)\n"
          "      --once           treat the routine now and exit when it ends\n"
          "      --duration SEC   stop the session after SEC seconds (implies --once)\n"
          "      --no-record      do not record the session\n"
          "  -q, --quiet          no live status lines\n"
          "      --help-config    list every system config and profile option\n"
          "  -h, --help           show this help\n"
          "  -V, --version        show the version\n"
          "\n"
          "Exit status: 0 done or stopped by SIGINT/SIGTERM, 1 device fault,\n"
          "2 bad command line, config, profile or trace, 3 the session could not be\n"
          "recorded, or not completely (damaged database, full disk; the log says what),\n"
          "4 another tprd is using the data directory.\n",
          f);
}

enum {
    OPT_REPLAY = 256,
    OPT_RATE,
    OPT_HAND,
    OPT_SEED,
    OPT_DATA_DIR,
    OPT_SOCKET,
    OPT_RUN_AS,
    OPT_DURATION,
    OPT_NO_RECORD,
    OPT_ONCE,
    OPT_HELP_CONFIG
};

static bool parse_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* --rate takes what [device] rate takes: the system config's table
 * declares its unit and range once, for both. */
static int parse_rate(const char *value, uint32_t *rate_hz, FILE *err)
{
    const tpr_option *o =
        &tpr_system_options.opt[tpr_option_index(&tpr_system_options, "device", "rate")];
    tpr_system_config c;
    char why[200];
    if (tpr_option_set(o, &c, value, why, sizeof(why))) {
        fprintf(err, "tprd: --%s\n", why);
        return 2;
    }
    *rate_hz = c.core.rate_hz;
    return 0;
}

int tpr_args_parse(int argc, char **argv, tpr_args *a, FILE *err)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"profile", required_argument, NULL, 'p'},
        {"user", required_argument, NULL, 'u'},
        {"routine", required_argument, NULL, 'r'},
        {"muscle", required_argument, NULL, 'm'},
        {"replay", required_argument, NULL, OPT_REPLAY},
        {"rate", required_argument, NULL, OPT_RATE},
        {"hand", required_argument, NULL, OPT_HAND},
        {"seed", required_argument, NULL, OPT_SEED},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"socket", required_argument, NULL, OPT_SOCKET},
        {"run-as", required_argument, NULL, OPT_RUN_AS},
        {"duration", required_argument, NULL, OPT_DURATION},
        {"no-record", no_argument, NULL, OPT_NO_RECORD},
        {"once", no_argument, NULL, OPT_ONCE},
        {"quiet", no_argument, NULL, 'q'},
        {"help-config", no_argument, NULL, OPT_HELP_CONFIG},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {0},
    };
    memset(a, 0, sizeof(*a));
    a->mode = TPR_MODE_RUN;
    optind = 1;
    opterr = 0;
    int c;
    double v;
    while ((c = getopt_long(argc, argv, ":c:p:u:r:m:qhV", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            a->config = optarg;
            break;
        case 'p':
            a->profile = optarg;
            break;
        case 'u':
            a->user = optarg;
            break;
        case 'r':
            a->routine = optarg;
            break;
        case 'm':
            a->muscle = optarg;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'h':
            a->mode = TPR_MODE_HELP;
            return 0;
        case 'V':
            a->mode = TPR_MODE_VERSION;
            return 0;
        case OPT_HELP_CONFIG:
            a->mode = TPR_MODE_HELP_CONFIG;
            return 0;
        case OPT_REPLAY:
            a->replay = optarg;
            a->mode = TPR_MODE_REPLAY;
            break;
        case OPT_HAND:
            a->hand = optarg;
            break;
        case OPT_DATA_DIR:
            a->data_dir = optarg;
            break;
        case OPT_SOCKET:
            a->socket = optarg;
            break;
        case OPT_RUN_AS:
            a->run_as = optarg;
            break;
        case OPT_NO_RECORD:
            a->no_record = true;
            break;
        case OPT_ONCE:
            a->once = true;
            break;
        case OPT_RATE:
            if (parse_rate(optarg, &a->rate_hz, err))
                return 2;
            break;
        case OPT_SEED:
            if (!parse_number(optarg, 0, 9007199254740992.0, &v) || v != floor(v)) {
                fprintf(err, "tprd: --seed: '%s' is not a whole number\n", optarg);
                return 2;
            }
            a->seed = (uint64_t)v;
            break;
        case OPT_DURATION:
            if (!parse_number(optarg, 0.001, 1e7, &v)) {
                fprintf(err, "tprd: --duration: '%s' is not a positive number of seconds\n",
                        optarg);
                return 2;
            }
            a->duration_s = v;
            a->once = true;
            break;
        case ':':
            fprintf(err, "tprd: option '%s' needs a value\n", argv[optind - 1]);
            return 2;
        default:
            fprintf(err, "tprd: unknown option '%s' (see tprd --help)\n", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(err, "tprd: unexpected argument '%s' (see tprd --help)\n", argv[optind]);
        return 2;
    }
    if (a->profile && a->user) {
        fputs("tprd: give either --profile or --user, not both\n", err);
        return 2;
    }
    if (a->mode == TPR_MODE_REPLAY && !a->muscle) {
        fputs("tprd: --replay needs --muscle NAME\n", err);
        return 2;
    }
    return 0;
}
