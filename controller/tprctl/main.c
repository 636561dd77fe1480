/* tprctl: drive and watch the running daemon through its control socket,
 * and read the session database — history, export, progress, plots. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "db_reader.h"
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
    OPT_SOCKET,
    OPT_ROUTINE,
    OPT_MUSCLES,
    OPT_SIDE,
};

/* Bits of the options a command takes. */
#define TAKES_USER (1u << 0)
#define TAKES_MUSCLE (1u << 1)
#define TAKES_DATES (1u << 2)
#define TAKES_OUTPUT (1u << 3)
#define TAKES_CSV (1u << 4)
#define TAKES_JSON (1u << 5)
#define TAKES_START (1u << 6)     /* --user, --routine, --muscles for start */
#define TALKS_TO_DAEMON (1u << 7) /* uses the control socket, not the database */
#define TAKES_SIDE (1u << 8)      /* --side for measure */

typedef struct command {
    const char *name;
    int (*run)(tprctl *t, const tprctl_args *a);
    int min_operands, max_operands;
    unsigned takes;
    const char *usage;
} command;

#define DAEMON (TALKS_TO_DAEMON | TAKES_JSON)

static const command COMMANDS[] = {
    {"status", tprctl_cmd_status, 0, 0, DAEMON, "status"},
    {"start", tprctl_cmd_start, 0, 0, DAEMON | TAKES_START | TAKES_USER,
     "start [--user NAME] [--routine NAME | --muscles A,B,...]"},
    {"pause", tprctl_cmd_daemon, 0, 0, DAEMON, "pause"},
    {"resume", tprctl_cmd_daemon, 0, 0, DAEMON, "resume"},
    {"next", tprctl_cmd_daemon, 0, 0, DAEMON, "next"},
    {"stop", tprctl_cmd_daemon, 0, 0, DAEMON, "stop"},
    {"reload", tprctl_cmd_daemon, 0, 0, DAEMON, "reload"},
    {"watch", tprctl_cmd_watch, 0, 0, DAEMON, "watch"},
    {"measure", tprctl_cmd_measure, 0, 0, TALKS_TO_DAEMON | TAKES_USER | TAKES_MUSCLE | TAKES_SIDE,
     "measure --user NAME --muscle NAME [--side left|right]"},
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
    fputs("Usage: tprctl [--socket PATH | --config FILE] [--json] COMMAND ...\n"
          "       tprctl [--db FILE | --config FILE] [--json] COMMAND ...\n\n"
          "Drive and watch the running tprd; read the sessions it recorded: history,\n"
          "export, progress and plots.\n\n"
          "Commands:\n",
          f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %s\n", COMMANDS[i].usage);
    fputs("\n"
          "  status          what the daemon is doing now (the watch view, once)\n"
          "  start           start a session: the user's routine (default user without\n"
          "                  --user), another routine, or the muscles listed\n"
          "  pause, resume   pause (motor off, hold time kept) and go on\n"
          "  next            skip to the next repetition or muscle\n"
          "  stop            end the session\n"
          "  reload          re-read the system config and the user profiles\n"
          "  watch           live view: pressure and band, hold, cue; Ctrl-C ends it\n"
          "  measure         measure a pressure-pain threshold: press steadily at the\n"
          "                  rate shown, any key (a line from a pipe) the moment it\n"
          "                  turns painful; 3 reliable trials, their mean is stored;\n"
          "                  Ctrl-C stops it\n"
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
          "      --socket PATH   the daemon's control socket (default: [paths] socket of\n"
          "                      the system config, or /run/tprd/tprd.sock)\n"
          "      --db FILE       the session database\n"
          "      --config FILE   system config naming the socket and the data_dir that\n"
          "                      holds sessions.db (default /etc/tprd/tprd.conf, or\n"
          "                      built-in /var/lib/tprd)\n"
          "      --json          print JSON instead of tables (the daemon's own lines for\n"
          "                      the daemon commands; watch: one line per update)\n"
          "      --user NAME     only this user's sessions; start: whose session\n"
          "      --routine NAME  start: this routine instead of the user's\n"
          "      --muscles A,B   start: these muscles, in this order\n"
          "      --muscle NAME   only sessions that treated this muscle; measure: the\n"
          "                      muscle measured\n"
          "      --side SIDE     measure: left or right (not given: none)\n"
          "      --since DATE    sessions started on or after DATE (YYYY-MM-DD, local)\n"
          "      --until DATE    sessions started on or before DATE\n"
          "      --csv           export as CSV\n"
          "      --events        export the events instead of the trace\n"
          "  -o, --output PATH   file (or directory) to write; a file is replaced only\n"
          "                      when complete, a device or FIFO written to directly\n"
          "  -h, --help          show this help\n"
          "  -V, --version       show the version\n"
          "\n"
          "Exit status: 0 ok, 1 runtime error (tprd not running, no database, no such\n"
          "session, ...), 2 bad command line, 3 tprd refused the command (no session to\n"
          "pause, a bad profile, ...), 4 measure ended with fewer than 3 reliable\n"
          "trials (stopped, or 6 attempts used up; what it took is stored).\n",
          f);
}

/* The system config: --config, else the default file when it exists, else
 * the built-in defaults. */
static int system_config(const char *config, tpr_system_config *sys)
{
    tpr_system_config_default(sys);
    if (!config && access(TPR_SYSTEM_CONFIG_DEFAULT, F_OK) == 0)
        config = TPR_SYSTEM_CONFIG_DEFAULT;
    char err[512];
    if (config && tpr_system_config_load(config, sys, err, sizeof(err)) != 0)
        return tprctl_usage("%s", err);
    return TPRCTL_OK;
}

/* Where the database (data_dir/sessions.db) or the control socket is: as
 * given on the command line, else from the system config. */
static int locate(const char *given, const char *config, bool socket, char *path, size_t len)
{
    if (given) {
        snprintf(path, len, "%s", given);
        return TPRCTL_OK;
    }
    tpr_system_config sys;
    int rc = system_config(config, &sys);
    if (socket)
        snprintf(path, len, "%s", sys.socket_path);
    else
        snprintf(path, len, "%s/%s", sys.data_dir, DB_NAME);
    return rc;
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
    if (!(c->takes & TAKES_START) && (a->routine || a->muscles))
        return a->routine ? "--routine" : "--muscles";
    if (!(c->takes & TAKES_SIDE) && a->side)
        return "--side";
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
        {"socket", required_argument, NULL, OPT_SOCKET},
        {"routine", required_argument, NULL, OPT_ROUTINE},
        {"muscles", required_argument, NULL, OPT_MUSCLES},
        {"side", required_argument, NULL, OPT_SIDE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    tprctl t = {.out = stdout};
    tprctl_args a = {0};
    const char *db = NULL, *config = NULL, *socket = NULL;
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
        case OPT_SOCKET:
            socket = optarg;
            break;
        case OPT_ROUTINE:
            a.routine = optarg;
            break;
        case OPT_MUSCLES:
            a.muscles = optarg;
            break;
        case OPT_SIDE:
            a.side = optarg;
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
        return tprctl_usage("no command (status, start, pause, resume, next, stop, reload, "
                            "watch, measure, sessions, show, export, progress, plot, "
                            "plot-progress)");
    const command *cmd = find_command(argv[optind]);
    if (!cmd)
        return tprctl_usage("unknown command '%s'", argv[optind]);
    a.command = cmd->name;
    a.operands = argc - optind - 1;
    if (a.operands < cmd->min_operands || a.operands > cmd->max_operands)
        return tprctl_usage("%s: expected: tprctl %s", cmd->name, cmd->usage);
    for (int i = 0; i < a.operands; i++)
        a.operand[i] = argv[optind + 1 + i];
    const char *stray = stray_option(cmd, &a, t.json);
    if (stray)
        return tprctl_usage("%s does not take %s (tprctl %s)", cmd->name, stray, cmd->usage);

    char path[600];
    int rc;
    if (cmd->takes & TALKS_TO_DAEMON) {
        if (db)
            return tprctl_usage("%s talks to the daemon: --db does not apply", cmd->name);
        rc = locate(socket, config, true, path, sizeof(path));
        t.socket_path = path;
    } else {
        if (socket)
            return tprctl_usage("%s reads the database: --socket does not apply", cmd->name);
        rc = locate(db, config, false, path, sizeof(path));
        t.db_path = path;
    }
    if (rc != TPRCTL_OK)
        return rc;
    rc = cmd->run(&t, &a);
    tprctl_db_close(&t);
    if (fflush(stdout) != 0 || ferror(stdout))
        rc = rc ? rc : tprctl_fail("standard output: write error");
    return rc;
}
