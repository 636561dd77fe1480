/* LD_PRELOAD: count the allocations of the process's SCHED_FIFO threads
 * (the control loop) and of the others, and print both at exit:
 * "malloc_count: fifo N other M". */
#include <malloc.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t k, size_t n);
extern void *__libc_realloc(void *p, size_t n);

static atomic_ullong fifo, other;

static void count(void)
{
    atomic_fetch_add(sched_getscheduler(0) == SCHED_FIFO ? &fifo : &other, 1);
}

void *malloc(size_t n)
{
    count();
    return __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
    count();
    return __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
    count();
    return __libc_realloc(p, n);
}

__attribute__((destructor)) static void report(void)
{
    fprintf(stderr, "malloc_count: fifo %llu other %llu\n", (unsigned long long)fifo,
            (unsigned long long)other);
}
