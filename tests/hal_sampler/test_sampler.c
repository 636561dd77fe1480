/* The reader thread (hal/sampler.h) over sources the test controls: a
 * "gate" whose read blocks until the test writes a byte to a pipe (one byte,
 * one sample; 0xFF a failed read), and a counter whose k-th read returns k.
 * Nothing here depends on how fast the machine is: the test decides when a
 * read may finish, and bounds only what it measured itself. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sampler.h"

#define FAIL_BYTE 0xFF
#define STOP_BYTE 0xFE

typedef struct gate {
    int fd[2];
} gate;

static int gate_read(void *ctx, double *value)
{
    gate *g = ctx;
    unsigned char b;
    if (read(g->fd[0], &b, 1) != 1 || b == STOP_BYTE)
        return 0;
    if (b == FAIL_BYTE)
        return -EIO;
    *value = b;
    return 1;
}

static void gate_cancel(void *ctx)
{
    unsigned char b = STOP_BYTE;
    assert_int_equal(write(((gate *)ctx)->fd[1], &b, 1), 1);
}

static void gate_put(gate *g, unsigned char b)
{
    assert_int_equal(write(g->fd[1], &b, 1), 1);
}

static _Atomic int reads;

static int count_read(void *ctx, double *value)
{
    (void)ctx;
    *value = atomic_fetch_add(&reads, 1) + 1;
    return 1;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void pause_ms(long ms)
{
    nanosleep(&(struct timespec){.tv_nsec = ms * 1000000}, NULL);
}

/* Take until something other than 0 comes (the thread publishes soon after
 * the test let a read finish), or fail after 5 s. */
static int take_next(tpr_sampler *s, double *v, int64_t *t)
{
    for (int i = 0; i < 5000; i++) {
        int r = tpr_sampler_take(s, v, t);
        if (r)
            return r;
        pause_ms(1);
    }
    fail_msg("nothing handed over within 5 s");
    return 0;
}

static void test_hand_over_never_waits_for_the_read(void **state)
{
    (void)state;
    gate g;
    assert_int_equal(pipe(g.fd), 0);
    tpr_sampler_source src = {.read = gate_read, .cancel = gate_cancel, .ctx = &g};
    tpr_sampler_opts o = {.name = "test-sampler"};
    int e = 0;
    int64_t before = mono_us();
    tpr_sampler *s = tpr_sampler_start(&src, &o, &e);
    assert_non_null(s);
    gate_put(&g, 10);
    assert_int_equal(tpr_sampler_first(s, 5000), 1);
    double v = 0;
    int64_t t1 = 0;
    assert_int_equal(tpr_sampler_take(s, &v, &t1), 1);
    assert_true(v == 10 && t1 >= before && t1 <= mono_us());

    /* The thread is blocked in its next read now, and stays there until
     * the test writes: the take returns at once, with nothing new. */
    double untouched = -1;
    int64_t t_untouched = -1;
    assert_int_equal(tpr_sampler_take(s, &untouched, &t_untouched), 0);
    assert_true(untouched == -1 && t_untouched == -1);

    /* A failed read is handed over once, stamped with its time. */
    gate_put(&g, FAIL_BYTE);
    int64_t t2 = 0;
    assert_int_equal(take_next(s, &untouched, &t2), -EIO);
    assert_true(t2 > t1 && untouched == -1);
    assert_int_equal(tpr_sampler_take(s, &v, &t2), 0);

    gate_put(&g, 20);
    int64_t t3 = 0;
    assert_int_equal(take_next(s, &v, &t3), 1);
    assert_true(v == 20 && t3 > t2);

    /* Stopped while blocked in a read: the source's cancel ends it. */
    tpr_sampler_stop(s);
    close(g.fd[0]);
    close(g.fd[1]);
}

/* Lock-step (tests only): each take gets the very next read, and the
 * thread never reads ahead of the takes. */
static void test_lockstep_one_read_per_take(void **state)
{
    (void)state;
    atomic_store(&reads, 0);
    tpr_sampler_source src = {.read = count_read};
    tpr_sampler_opts o = {.name = "test-lockstep", .lockstep = true};
    int e = 0;
    tpr_sampler *s = tpr_sampler_start(&src, &o, &e);
    assert_non_null(s);
    assert_int_equal(tpr_sampler_first(s, 5000), 1);
    for (int k = 1; k <= 300; k++) {
        double v = 0;
        int64_t t = 0;
        assert_int_equal(tpr_sampler_take(s, &v, &t), 1);
        if (v != k || atomic_load(&reads) != k)
            fail_msg("take %d got read %g with %d reads made", k, v, atomic_load(&reads));
    }
    tpr_sampler_stop(s);
}

/* At most one read a period, however long the test watches: the count
 * over a stretch the test measured is bounded by that stretch. */
static void test_reads_paced_by_the_period(void **state)
{
    (void)state;
    atomic_store(&reads, 0);
    tpr_sampler_source src = {.read = count_read};
    tpr_sampler_opts o = {.period_us = 2000, .name = "test-paced"};
    int e = 0;
    tpr_sampler *s = tpr_sampler_start(&src, &o, &e);
    assert_non_null(s);
    assert_int_equal(tpr_sampler_first(s, 5000), 1);
    int64_t t0 = mono_us();
    int r0 = atomic_load(&reads);
    pause_ms(100);
    int r1 = atomic_load(&reads);
    int64_t t1 = mono_us();
    tpr_sampler_stop(s);
    int64_t bound = (t1 - t0) / o.period_us + 2;
    if (r1 - r0 > bound)
        fail_msg("%d reads in %lld us at one per %lld us", r1 - r0, (long long)(t1 - t0),
                 (long long)o.period_us);
    assert_true(r1 > r0); /* and it does read */
}

/* The thread's id by its name, or 0. */
static long task_named(const char *name)
{
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    long tid = 0;
    for (struct dirent *e; !tid && (e = readdir(d));) {
        char path[300], comm[32] = "";
        snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
        FILE *f = fopen(path, "r");
        if (f && fgets(comm, sizeof(comm), f) && strncmp(comm, name, strlen(name)) == 0 &&
            comm[strlen(name)] == '\n')
            tid = atol(e->d_name);
        if (f)
            fclose(f);
    }
    closedir(d);
    return tid;
}

/* Named, and at SCHED_FIFO with the priority asked for where this
 * process may have it (root, or CAP_SYS_NICE), else the default policy. */
static void test_named_and_real_time_when_permitted(void **state)
{
    (void)state;
    gate g;
    assert_int_equal(pipe(g.fd), 0);
    tpr_sampler_source src = {.read = gate_read, .cancel = gate_cancel, .ctx = &g};
    tpr_sampler_opts o = {.name = "test-rt", .rt_prio = 7};
    int e = 0;
    tpr_sampler *s = tpr_sampler_start(&src, &o, &e);
    assert_non_null(s);
    gate_put(&g, 1);
    assert_int_equal(tpr_sampler_first(s, 5000), 1);
    long tid = task_named("test-rt");
    assert_true(tid > 0);
    struct sched_param sp;
    int policy = sched_getscheduler((pid_t)tid);
    assert_int_equal(sched_getparam((pid_t)tid, &sp), 0);
    /* Whether this process may: try it on this thread, then put it back. */
    struct sched_param mine = {.sched_priority = 7};
    int old_policy;
    struct sched_param old;
    pthread_getschedparam(pthread_self(), &old_policy, &old);
    bool permitted = pthread_setschedparam(pthread_self(), SCHED_FIFO, &mine) == 0;
    pthread_setschedparam(pthread_self(), old_policy, &old);
    if (permitted) {
        assert_int_equal(policy, SCHED_FIFO);
        assert_int_equal(sp.sched_priority, 7);
    } else {
        assert_int_equal(policy, SCHED_OTHER);
    }
    printf("reader thread %ld: %s\n", tid, permitted ? "SCHED_FIFO 7" : "SCHED_OTHER");
    tpr_sampler_stop(s);
    assert_int_equal(task_named("test-rt"), 0); /* gone */
    close(g.fd[0]);
    close(g.fd[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_over_never_waits_for_the_read),
        cmocka_unit_test(test_lockstep_one_read_per_take),
        cmocka_unit_test(test_reads_paced_by_the_period),
        cmocka_unit_test(test_named_and_real_time_when_permitted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
