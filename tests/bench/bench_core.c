/* The control core's cost per tick: tpr_core_step() over a realistic
 * session (tests/support/trace_gen: press, hold with noise, tremor and
 * motor leak, release, lift), repeated with enough repetitions that the
 * state machine keeps cycling. The samples are computed before the clock
 * starts, so only the core is timed. Run under callgrind with
 * --toggle-collect=tpr_core_step for instructions per tick. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "trace_gen.h"

#define RATE_HZ 1000

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    unsigned long long ticks = 10000000;
    if (argc == 3 && strcmp(argv[1], "--ticks") == 0)
        ticks = strtoull(argv[2], NULL, 10);
    else if (argc != 1) {
        fprintf(stderr, "usage: bench_core [--ticks N]\n");
        return 2;
    }
    static tpr_routine routine;
    trace_dose(&routine.dose[0]);
    routine.dose[0].reps = 1000000; /* never "routine done" */
    routine.count = 1;
    routine.name = "bench";
    trace_session ts;
    trace_session_for(&ts, &routine.dose[0], RATE_HZ);
    size_t n = (size_t)trace_session_period_ms(&ts) * RATE_HZ / 1000;
    float *kpa = malloc(n * sizeof(*kpa));
    if (!kpa)
        return 1;
    for (size_t i = 0; i < n; i++)
        kpa[i] = trace_session_kpa(&ts, trace_sample_time(&ts, i));
    static tpr_core core;
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    if (tpr_core_init(&core, &cfg, &routine)) {
        fprintf(stderr, "bench_core: the core refused the dose\n");
        return 1;
    }
    tpr_output out;
    double sum = 0;
    double t0 = seconds_now();
    for (unsigned long long i = 0; i < ticks; i++) {
        int64_t t = (int64_t)i * (1000000 / RATE_HZ);
        tpr_sample s = {.t_us = t, .kpa = kpa[i % n], .ok = true};
        tpr_core_step(&core, t, &s, &out);
        sum += (double)out.intensity_pct; /* keeps the work observable */
    }
    double dt = seconds_now() - t0;
    printf("core: %llu ticks in %.3f s = %.1f ns per tick (mean intensity %.1f %%)\n", ticks, dt,
           dt * 1e9 / (double)ticks, sum / (double)ticks);
    free(kpa);
    return 0;
}
