#include "thread.h"

#include <limits.h>

int tpr_thread_start(pthread_t *t, size_t stack_bytes, void *(*fn)(void *), void *arg)
{
    pthread_attr_t attr;
    int err = pthread_attr_init(&attr);
    if (err)
        return err;
    const size_t min = (size_t)PTHREAD_STACK_MIN; /* a sysconf() call in glibc 2.34 on */
    err = pthread_attr_setstacksize(&attr, stack_bytes < min ? min : stack_bytes);
    if (!err)
        err = pthread_create(t, &attr, fn, arg);
    pthread_attr_destroy(&attr);
    return err;
}
