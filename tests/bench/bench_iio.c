/* What a polled pressure read costs the control loop: the raw attribute of
 * one or two channels read through libiio each tick, on the fake ads1115
 * (tests/support/fake_iio.sh), directly (local:) or through iiod (--iiod).
 * Prints min, mean, 99th percentile and max in microseconds.
 *
 * Usage: bench_iio [--iiod] [--reads N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_iio.h"
#include "iio_pressure.h"

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

static int bench(const char *channels, int reads, int64_t *ns)
{
    tpr_system_config c;
    fake_iio_config(&c, channels);
    char err[512];
    tpr_pressure p;
    if (tpr_iio_open(&p, &c, err, sizeof(err))) {
        fprintf(stderr, "bench_iio: %s\n", err);
        return -1;
    }
    for (int i = 0; i < reads; i++) {
        tpr_sample s;
        int64_t t0 = mono_ns();
        int rc = p.read(p.ctx, i, &s);
        ns[i] = mono_ns() - t0;
        if (rc || !s.ok) {
            fprintf(stderr, "bench_iio: read %d failed\n", i);
            p.close(p.ctx);
            return -1;
        }
    }
    p.close(p.ctx);
    qsort(ns, (size_t)reads, sizeof(*ns), cmp_i64);
    int64_t sum = 0;
    for (int i = 0; i < reads; i++)
        sum += ns[i];
    printf("%-8s %-18s %6d reads  min %7.1f  mean %7.1f  p99 %7.1f  max %8.1f us\n",
           getenv("TPRD_IIO_URI"), channels, reads, (double)ns[0] / 1e3, (double)sum / reads / 1e3,
           (double)ns[reads * 99 / 100] / 1e3, (double)ns[reads - 1] / 1e3);
    return 0;
}

int main(int argc, char **argv)
{
    bool iiod = false;
    int reads = 20000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iiod") == 0)
            iiod = true;
        else if (strcmp(argv[i], "--reads") == 0 && i + 1 < argc)
            reads = atoi(argv[++i]);
        else {
            fputs("usage: bench_iio [--iiod] [--reads N]\n", stderr);
            return 2;
        }
    }
    if (reads < 100)
        reads = 100;
    /* The fixture re-runs this program without arguments: pass them on. */
    if (!getenv("TPRD_FAKE_IIO")) {
        char n[16];
        snprintf(n, sizeof(n), "%d", reads);
        setenv("TPRD_BENCH_IIO_READS", n, 1);
        fake_iio_enter(argv, iiod);
    }
    if (getenv("TPRD_BENCH_IIO_READS"))
        reads = atoi(getenv("TPRD_BENCH_IIO_READS"));
    int64_t *ns = malloc((size_t)reads * sizeof(*ns));
    if (!ns)
        return 1;
    int rc = bench("voltage0", reads, ns) || bench("voltage0,voltage1", reads, ns);
    free(ns);
    return rc ? 1 : 0;
}
