/* Replay throughput: a realistic session trace of N samples is written to a
 * temporary file, then replayed (parse, core, format) to /dev/null three
 * times; the best run is reported in samples per second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "replay.h"
#include "trace_gen.h"

#define RATE_HZ 1000
#define RUNS 3

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Write n samples of the session repeated, with many repetitions so the
 * state machine keeps cycling instead of sitting at "routine done". */
static int write_trace(const char *path, const tpr_dose *d, unsigned long long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof(buf));
    trace_session s;
    trace_session_for(&s, d, RATE_HZ);
    const trace_format fmt = {.eol = "\n"};
    trace_write_header(f, &fmt);
    char kpa[32];
    for (unsigned long long i = 0; i < n; i++) {
        int64_t t = trace_sample_time(&s, i);
        trace_write_row(f, &fmt, t, trace_kpa_text(kpa, trace_session_kpa(&s, t)));
    }
    return fclose(f);
}

int main(int argc, char **argv)
{
    unsigned long long n = 5000000;
    if (argc == 3 && strcmp(argv[1], "--samples") == 0)
        n = strtoull(argv[2], NULL, 10);
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [--samples N]\n", argv[0]);
        return 2;
    }
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/tprd-bench-replay-XXXXXX", tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror(path);
        return 1;
    }
    close(fd);

    tpr_dose d;
    tpr_core_cfg cfg;
    trace_dose(&d);
    d.reps = 100000;
    tpr_core_cfg_default(&cfg);
    cfg.rate_hz = RATE_HZ;
    int rc = 1;
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull || write_trace(path, &d, n)) {
        perror("bench_replay");
        goto out;
    }
    double best = 1e30;
    for (int run = 0; run < RUNS; run++) {
        char err[512];
        double t0 = seconds_now();
        if (tpr_replay_run(path, devnull, &cfg, &d, err, sizeof(err))) {
            fprintf(stderr, "bench_replay: %s\n", err);
            goto out;
        }
        double dt = seconds_now() - t0;
        best = dt < best ? dt : best;
    }
    printf("replay: %llu samples in %.3f s = %.2f M samples/s (best of %d)\n", n, best,
           (double)n / best / 1e6, RUNS);
    rc = 0;
out:
    if (devnull)
        fclose(devnull);
    unlink(path);
    return rc;
}
