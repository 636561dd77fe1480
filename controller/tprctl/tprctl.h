/* tprctl: what every command shares — the open database, the command line,
 * exit statuses and error reporting. */
#ifndef TPRCTL_H
#define TPRCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

/* Exit statuses. */
#define TPRCTL_OK 0
#define TPRCTL_ERR 1        /* runtime error: missing database, unknown session, gnuplot failed */
#define TPRCTL_USAGE 2      /* bad command line */
#define TPRCTL_REFUSED 3    /* the daemon refused the command (no session to pause, ...) */
#define TPRCTL_INCOMPLETE 4 /* measure: ended with fewer than 3 reliable trials */

#define TPRCTL_MAX_OPERANDS 4

/* The command line after the options were read. */
typedef struct tprctl_args {
    const char *command;                      /* the command's name */
    const char *user;                         /* --user */
    const char *muscle;                       /* --muscle */
    const char *since;                        /* --since DATE */
    const char *until;                        /* --until DATE */
    const char *output;                       /* -o FILE */
    bool csv;                                 /* --csv */
    bool events;                              /* --events */
    const char *routine;                      /* start --routine */
    const char *muscles;                      /* start --muscles A,B */
    const char *side;                         /* measure --side left|right */
    const char *operand[TPRCTL_MAX_OPERANDS]; /* after the command name */
    int operands;
} tprctl_args;

typedef struct tprctl {
    sqlite3 *db;
    const char *db_path;
    const char *socket_path; /* the daemon's control socket */
    bool json;               /* --json: print JSON instead of tables */
    FILE *out;
} tprctl;

/* Print "tprctl: MESSAGE" on stderr. Returns TPRCTL_ERR. */
int tprctl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "tprctl: MESSAGE" and a pointer to --help on stderr. Returns TPRCTL_USAGE. */
int tprctl_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a session id (a positive decimal number). Returns false when s is not one. */
bool tprctl_parse_id(const char *s, int64_t *id);

/* malloc/realloc/strdup that end tprctl with a message when memory runs out. */
void *tprctl_xrealloc(void *p, size_t n);
char *tprctl_xstrdup(const char *s);

/* The commands: each returns an exit status. */
int tprctl_cmd_sessions(tprctl *t, const tprctl_args *a);
int tprctl_cmd_show(tprctl *t, const tprctl_args *a);
int tprctl_cmd_export(tprctl *t, const tprctl_args *a);
int tprctl_cmd_progress(tprctl *t, const tprctl_args *a);
int tprctl_cmd_plot(tprctl *t, const tprctl_args *a);
int tprctl_cmd_plot_progress(tprctl *t, const tprctl_args *a);
/* Commands to the running daemon through its control socket. */
int tprctl_cmd_status(tprctl *t, const tprctl_args *a);
int tprctl_cmd_start(tprctl *t, const tprctl_args *a);
/* pause, resume, next, stop, reload: the request named by a->command. */
int tprctl_cmd_daemon(tprctl *t, const tprctl_args *a);
int tprctl_cmd_watch(tprctl *t, const tprctl_args *a);
int tprctl_cmd_measure(tprctl *t, const tprctl_args *a);

#endif
