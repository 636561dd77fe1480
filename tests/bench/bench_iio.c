/* What a polled pressure read costs the control loop now that a reader
 * thread does the read (sampler.h): a tick on a 1 ms grid takes the newest
 * sample it handed over, on the fake ads1115 (tests/support/fake_iio.sh),
 * read by libiio directly (local:) or through iiod (--iiod). Prints, per
 * channel set, the take's cost in the tick (ns) and the newest sample's age
 * at each tick (now - the time it was read, µs): min, p50, p99 and max.
 *
 * Usage: bench_iio [--iiod] [--ticks N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_iio.h"
#include "iio_pressure.h"

#define PERIOD_NS 1000000

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void sleep_until(int64_t t_ns)
{
    struct timespec ts = {.tv_sec = t_ns / 1000000000, .tv_nsec = t_ns % 1000000000};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* min p50 p99 max of v (sorted here), divided by div. */
static void quartet(int64_t *v, int n, double div, char *out, size_t len)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_i64);
    snprintf(out, len, "%.1f / %.1f / %.1f / %.1f", (double)v[0] / div, (double)v[n / 2] / div,
             (double)v[(int64_t)n * 99 / 100] / div, (double)v[n - 1] / div);
}

static int bench(const char *channels, int ticks, int64_t *cost, int64_t *age)
{
    tpr_iio_options c;
    fake_iio_config(&c, channels);
    char err[512];
    tpr_pressure p;
    const tpr_sampler_opts so = {.period_us = PERIOD_NS / 1000, .name = "bench-reader"};
    if (tpr_iio_open(&p, &c, 1.0f, "", &so, err, sizeof(err))) {
        fprintf(stderr, "bench_iio: %s\n", err);
        return -1;
    }
    int fresh = 0;
    int64_t last_t = 0;
    for (int64_t i = 0, next = mono_ns(); i < ticks; i++) {
        next += PERIOD_NS;
        sleep_until(next);
        tpr_sample s;
        int64_t t0 = mono_ns();
        int rc = p.read(p.ctx, t0 / 1000, &s);
        cost[i] = mono_ns() - t0;
        if (rc || !s.ok) {
            fprintf(stderr, "bench_iio: tick %lld: the read failed\n", (long long)i);
            p.close(p.ctx);
            return -1;
        }
        age[i] = t0 / 1000 - s.t_us;
        fresh += s.t_us != last_t;
        last_t = s.t_us;
    }
    p.close(p.ctx);
    char costs[96], ages[96];
    quartet(cost, ticks, 1.0, costs, sizeof(costs));
    quartet(age, ticks, 1.0, ages, sizeof(ages));
    printf("%-8s %-18s %6d ticks at 1 kHz (%d saw a new sample): take in the tick, ns "
           "min/p50/p99/max %s; newest sample's age, us %s\n",
           getenv("TPRD_IIO_URI"), channels, ticks, fresh, costs, ages);
    return 0;
}

int main(int argc, char **argv)
{
    bool iiod = false;
    int ticks = 5000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iiod") == 0)
            iiod = true;
        else if (strcmp(argv[i], "--ticks") == 0 && i + 1 < argc)
            ticks = atoi(argv[++i]);
        else {
            fputs("usage: bench_iio [--iiod] [--ticks N]\n", stderr);
            return 2;
        }
    }
    if (ticks < 100)
        ticks = 100;
    /* The fixture re-runs this program without arguments: pass them on. */
    if (!getenv("TPRD_FAKE_IIO")) {
        char n[16];
        snprintf(n, sizeof(n), "%d", ticks);
        setenv("TPRD_BENCH_IIO_TICKS", n, 1);
        fake_iio_enter(argv, iiod);
    }
    if (getenv("TPRD_BENCH_IIO_TICKS"))
        ticks = atoi(getenv("TPRD_BENCH_IIO_TICKS"));
    int64_t *cost = malloc((size_t)ticks * sizeof(*cost));
    int64_t *age = malloc((size_t)ticks * sizeof(*age));
    int rc = !cost || !age || bench("voltage0", ticks, cost, age) ||
             bench("voltage0,voltage1", ticks, cost, age);
    free(cost);
    free(age);
    return rc ? 1 : 0;
}
