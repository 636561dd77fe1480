#include "sampler.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "sample_slot.h"

/* The thread's stack: a read is libiio's attribute or buffer call, a few
 * KB deep; the rest is margin (memory is locked on fault: only the pages
 * touched count). */
#define STACK_BYTES (128 * 1024)
/* A device that keeps failing must not spin a core. */
#define ERROR_PAUSE_US 10000
/* How often a lock-step wait looks again (tests only). */
#define LOCKSTEP_POLL_NS 50000

struct tpr_sampler {
    tpr_sampler_source src;
    tpr_sampler_opts opts;
    pthread_t thread;
    atomic_bool stop;
    tpr_sample_slot slot;
    _Atomic uint64_t want; /* lockstep: the publish a take waits for */
    uint64_t seen;         /* consumer side: the last publish taken */
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void sleep_until(int64_t t_us)
{
    struct timespec ts = {.tv_sec = t_us / 1000000, .tv_nsec = (t_us % 1000000) * 1000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static void lockstep_pause(void)
{
    nanosleep(&(struct timespec){.tv_nsec = LOCKSTEP_POLL_NS}, NULL);
}

/* Lock-step: wait until a take asks for a publish beyond the last one. */
static void wait_asked(tpr_sampler *s)
{
    while (!atomic_load(&s->stop) && atomic_load(&s->want) <= tpr_sample_slot_count(&s->slot))
        lockstep_pause();
}

static void *run(void *arg)
{
    tpr_sampler *s = arg;
    int64_t next = mono_us();
    while (!atomic_load(&s->stop)) {
        if (s->opts.lockstep && tpr_sample_slot_count(&s->slot) > 0)
            wait_asked(s);
        if (atomic_load(&s->stop))
            break;
        double v = 0.0;
        int r = s->src.read(s->src.ctx, &v);
        int64_t now = mono_us();
        if (atomic_load(&s->stop))
            break;
        if (r != 0)
            tpr_sample_slot_publish(&s->slot, r > 0 ? v : 0.0, now, r > 0 ? 0 : r);
        next += s->opts.period_us;
        if (next < now)
            next = now; /* late: the next read now, no burst to catch up */
        if (r < 0 && next < now + ERROR_PAUSE_US)
            next = now + ERROR_PAUSE_US;
        if (next > now)
            sleep_until(next);
    }
    return NULL;
}

/* SCHED_FIFO at prio from the start, or (prio 0) the creator's policy. */
static int create(tpr_sampler *s, int prio)
{
    pthread_attr_t attr;
    int r = pthread_attr_init(&attr);
    if (r)
        return r;
    r = pthread_attr_setstacksize(&attr, STACK_BYTES);
    if (!r && prio > 0) {
        struct sched_param sp = {.sched_priority = prio};
        r = pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
        r = r ? r : pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
        r = r ? r : pthread_attr_setschedparam(&attr, &sp);
    }
    if (!r)
        r = pthread_create(&s->thread, &attr, run, s);
    pthread_attr_destroy(&attr);
    return r;
}

tpr_sampler *tpr_sampler_start(const tpr_sampler_source *src, const tpr_sampler_opts *o, int *error)
{
    tpr_sampler *s = calloc(1, sizeof(*s));
    if (!s) {
        *error = ENOMEM;
        return NULL;
    }
    s->src = *src;
    s->opts = *o;
    tpr_sample_slot_init(&s->slot);
    int r = create(s, o->rt_prio);
    if (r == EPERM && o->rt_prio > 0) /* no real-time priority to be had: run without */
        r = create(s, 0);
    if (r) {
        free(s);
        *error = r;
        return NULL;
    }
    if (o->name)
        pthread_setname_np(s->thread, o->name); /* a name is for people; without one it runs */
    return s;
}

int tpr_sampler_first(tpr_sampler *s, unsigned timeout_ms)
{
    for (unsigned waited = 0; waited < timeout_ms; waited++) {
        tpr_slot_copy c;
        if (tpr_sample_slot_read(&s->slot, &c) && c.n > 0)
            return c.error ? c.error : 1;
        nanosleep(&(struct timespec){.tv_nsec = 1000 * 1000}, NULL);
    }
    return -ETIMEDOUT;
}

int tpr_sampler_take(tpr_sampler *s, double *value, int64_t *t_us)
{
    if (s->opts.lockstep) {
        atomic_store(&s->want, s->seen + 1);
        while (tpr_sample_slot_count(&s->slot) <= s->seen)
            lockstep_pause();
    }
    tpr_slot_copy c;
    if (!tpr_sample_slot_read(&s->slot, &c) || c.n == s->seen)
        return 0;
    s->seen = c.n;
    *t_us = c.t_us;
    if (c.error)
        return c.error;
    *value = c.value;
    return 1;
}

void tpr_sampler_stop(tpr_sampler *s)
{
    if (!s)
        return;
    atomic_store(&s->stop, true);
    if (s->src.cancel)
        s->src.cancel(s->src.ctx);
    pthread_join(s->thread, NULL);
    free(s);
}
