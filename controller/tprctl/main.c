/* tprctl: read the session database — history, export, progress, plots. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "system_config.h"
#include "tprctl.h"

#define DB_NAME "sessions.db"

enum {
    OPT_DB = 256,
    OPT_CONFIG,
    OPT_JSON,
    OPT_USER,
    OPT_MUSCLE,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_CSV,
    OPT_EVENTS,
};

/* Bits of the options a command takes. */
#define TAKES_USER (1u << 0)
#define TAKES_MUSCLE (1u << 1)
#define TAKES_DATES (1u << 2)
#define TAKES_OUTPUT (1u << 3)
#define TAKES_CSV (1u << 4)
#define TAKES_JSON (1u << 5)

typedef struct command {
    const char *name;
    int (*run)(tprctl *t, const tprctl_args *a);
    int min_operands, max_operands;
    unsigned takes;
    const char *usage;
} command;

static const command COMMANDS[] = {
    {"sessions", tprctl_cmd_sessions, 0, 0, TAKES_USER | TAKES_MUSCLE | TAKES_DATES | TAKES_JSON,
     "sessions [--user NAME] [--since DATE] [--until DATE] [--muscle NAME]"},
    {"show", tprctl_cmd_show, 1, 1, TAKES_JSON, "show ID"},
    {"export", tprctl_cmd_export, 1, 1, TAKES_OUTPUT | TAKES_CSV,
     "export ID --csv [--events] [-o FILE | -o DIR/]"},
    {"progress", tprctl_cmd_progress, 1, 2, TAKES_JSON, "progress USER [MUSCLE]"},
    {"plot", tprctl_cmd_plot, 1, 1, TAKES_OUTPUT, "plot ID -o FILE.png"},
    {"plot-progress", tprctl_cmd_plot_progress, 1, 2, TAKES_OUTPUT,
     "plot-progress USER [MUSCLE] -o FILE.png"},
};
#define NCOMMANDS (sizeof(COMMANDS) / sizeof(COMMANDS[0]))

static void usage(FILE *f)
{
    fputs("Usage: tprctl [--db FILE | --config FILE] [--json] COMMAND ...\n\n"
          "Read the sessions tprd recorded: history, export, progress and plots.\n\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %s\n", COMMANDS[i].usage);
    fputs("\n"
          "  sessions        one line per session (filters: user, dates, muscle)\n"
          "  show            a session's header and its table per muscle and repetition\n"
          "  export          the trace (t_ms,pressure_kpa,filtered_kpa,intensity_pct,state,ok)\n"
          "                  as CSV, or with --events the events (t_ms,type,detail);\n"
          "                  to standard output, to FILE, or -o DIR/ for DIR/trace.csv\n"
          "                  and DIR/events.csv\n"
          "  progress        per muscle, one row per session, and the first week against\n"
          "                  the last\n"
          "  plot            pressure with the band and the limit, intensity, events (PNG)\n"
          "  plot-progress   time to release and pressure over the dates (PNG)\n"
          "\n"
          "Options:\n"
          "      --db FILE       the session database\n"
          "      --config FILE   system config whose data_dir holds sessions.db\n"
          "                      (default /etc/tprd/tprd.conf, or built-in /var/lib/tprd)\n"
          "      --json          print JSON instead of tables\n"
          "      --user NAME     only this user's sessions\n"
          "      --muscle NAME   only sessions that treated this muscle\n"
          "      --since DATE    sessions started on or after DATE (YYYY-MM-DD, local)\n"
          "      --until DATE    sessions started on or before DATE\n"
          "      --csv           export as CSV\n"
          "      --events        export the events instead of the trace\n"
          "  -o, --output PATH   file (or directory) to write\n"
          "  -h, --help          show this help\n"
          "  -V, --version       show the version\n"
          "\n"
          "Exit status: 0 ok, 1 runtime error (no database, no such session, ...),\n"
          "2 bad command line.\n",
          f);
}

/* Where the database is: --db, or data_dir of the system config. */
static int locate_db(const char *db, const char *config, char *path, size_t len)
{
    if (db) {
        snprintf(path, len, "%s", db);
        return TPRCTL_OK;
    }
    tpr_system_config sys;
    tpr_system_config_default(&sys);
    if (!config && access(TPR_SYSTEM_CONFIG_DEFAULT, F_OK) == 0)
        config = TPR_SYSTEM_CONFIG_DEFAULT;
    char err[512];
    if (config && tpr_system_config_load(config, &sys, err, sizeof(err)) != 0)
        return tprctl_usage("%s", err);
    snprintf(path, len, "%s/%s", sys.data_dir, DB_NAME);
    return TPRCTL_OK;
}

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

/* The options a command was given that it does not take, or NULL. */
static const char *stray_option(const command *c, const tprctl_args *a, bool json)
{
    if (!(c->takes & TAKES_JSON) && json)
        return "--json";
    if (!(c->takes & TAKES_USER) && a->user)
        return "--user";
    if (!(c->takes & TAKES_MUSCLE) && a->muscle)
        return "--muscle";
    if (!(c->takes & TAKES_DATES) && (a->since || a->until))
        return a->since ? "--since" : "--until";
    if (!(c->takes & TAKES_OUTPUT) && a->output)
        return "-o";
    if (!(c->takes & TAKES_CSV) && (a->csv || a->events))
        return a->csv ? "--csv" : "--events";
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, OPT_DB},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"json", no_argument, NULL, OPT_JSON},
        {"user", required_argument, NULL, OPT_USER},
        {"muscle", required_argument, NULL, OPT_MUSCLE},
        {"since", required_argument, NULL, OPT_SINCE},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"csv", no_argument, NULL, OPT_CSV},
        {"events", no_argument, NULL, OPT_EVENTS},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    tprctl t = {.out = stdout};
    tprctl_args a = {0};
    const char *db = NULL, *config = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:hV", opts, NULL)) != -1) {
        switch (c) {
        case OPT_DB:
            db = optarg;
            break;
        case OPT_CONFIG:
            config = optarg;
            break;
        case OPT_JSON:
            t.json = true;
            break;
        case OPT_USER:
            a.user = optarg;
            break;
        case OPT_MUSCLE:
            a.muscle = optarg;
            break;
        case OPT_SINCE:
            a.since = optarg;
            break;
        case OPT_UNTIL:
            a.until = optarg;
            break;
        case OPT_CSV:
            a.csv = true;
            break;
        case OPT_EVENTS:
            a.events = true;
            break;
        case 'o':
            a.output = optarg;
            break;
        case 'h':
            usage(stdout);
            return TPRCTL_OK;
        case 'V':
            printf("tprctl %s\n", TPRD_VERSION);
            return TPRCTL_OK;
        case ':':
            return tprctl_usage("%s needs a value", argv[optind - 1]);
        default:
            return tprctl_usage("unknown option %s", argv[optind - 1]);
        }
    }
    if (db && config)
        return tprctl_usage("--db and --config both say where the database is: give one");
    if (optind >= argc)
        return tprctl_usage("no command (sessions, show, export, progress, plot, plot-progress)");
    const command *cmd = find_command(argv[optind]);
    if (!cmd)
        return tprctl_usage("unknown command '%s'", argv[optind]);
    a.operands = argc - optind - 1;
    if (a.operands < cmd->min_operands || a.operands > cmd->max_operands)
        return tprctl_usage("%s: expected: tprctl %s", cmd->name, cmd->usage);
    for (int i = 0; i < a.operands; i++)
        a.operand[i] = argv[optind + 1 + i];
    const char *stray = stray_option(cmd, &a, t.json);
    if (stray)
        return tprctl_usage("%s does not take %s (tprctl %s)", cmd->name, stray, cmd->usage);

    char path[600];
    int rc = locate_db(db, config, path, sizeof(path));
    if (rc != TPRCTL_OK)
        return rc;
    t.db_path = path;
    rc = cmd->run(&t, &a);
    tprctl_db_close(&t);
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = rc ? rc : tprctl_fail("standard output: write error");
    return rc;
}
