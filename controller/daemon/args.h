/* tprd's command line. */
#ifndef TPR_ARGS_H
#define TPR_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum tpr_mode {
    TPR_MODE_RUN,
    TPR_MODE_REPLAY,
    TPR_MODE_HELP,
    TPR_MODE_VERSION,
    TPR_MODE_HELP_CONFIG
} tpr_mode;

typedef struct tpr_args {
    tpr_mode mode;
    const char *config;  /* system config; NULL: the default path if it exists */
    const char *profile; /* user profile file */
    const char *user;    /* profile by name from the profiles directory */
    const char *routine; /* built-in routine instead of the profile's */
    const char *muscle;  /* replay: the muscle; run: treat only this muscle */
    const char *replay;  /* trace file */
    const char *hand;    /* simulated device: hand script */
    const char *data_dir;
    const char *socket; /* control socket instead of [paths] socket */
    const char *run_as; /* started as root: the user to become (NULL: tprd) */
    uint32_t rate_hz;   /* 0: from the system config */
    uint64_t seed;
    double duration_s; /* 0: until the routine is done */
    bool no_record;
    bool quiet;
    bool once; /* run the session now and exit when it ends (--once, --duration) */
} tpr_args;

/* Parse argv. Returns 0, or 2 after printing a usage error to err. */
int tpr_args_parse(int argc, char **argv, tpr_args *a, FILE *err);

/* Print --help text. */
void tpr_args_usage(FILE *f);

#endif
