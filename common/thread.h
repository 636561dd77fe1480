/* Threads with a stack of a size their code asked for, instead of the
 * default that RLIMIT_STACK sets (8 MB on Debian, mapped and locked on
 * fault for each thread). */
#ifndef TPR_THREAD_H
#define TPR_THREAD_H

#include <pthread.h>
#include <stddef.h>

/* Start fn(arg) on *t with stack_bytes of stack (at least
 * PTHREAD_STACK_MIN). Returns 0 or an errno value, as pthread_create. */
int tpr_thread_start(pthread_t *t, size_t stack_bytes, void *(*fn)(void *), void *arg);

#endif
