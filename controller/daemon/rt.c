#include "rt.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "log.h"

/* The sanitizers reserve terabytes of shadow memory: locking it all would
 * fail or exhaust RAM, so sanitized test builds skip mlockall. */
#if defined(__SANITIZE_ADDRESS__)
#define TPR_NO_MLOCK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TPR_NO_MLOCK 1
#endif
#endif

bool tpr_rt_setup(int prio)
{
    char missing[160] = "";
    struct sched_param sp = {.sched_priority = prio};
    int err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
    if (err)
        snprintf(missing, sizeof(missing), "SCHED_FIFO (%s)", strerror(err));
#ifdef TPR_NO_MLOCK
    const char *lock_err = "sanitizer build";
#else
    const char *lock_err = mlockall(MCL_CURRENT | MCL_FUTURE) ? strerror(errno) : NULL;
#endif
    if (lock_err) {
        size_t n = strlen(missing);
        snprintf(missing + n, sizeof(missing) - n, "%smlockall (%s)", n ? ", " : "", lock_err);
    }
    if (missing[0]) {
        tpr_log(TPR_LOG_WARN, "running without %s: expect more loop jitter", missing);
        return false;
    }
    tpr_log(TPR_LOG_INFO, "real-time: SCHED_FIFO priority %d, memory locked", prio);
    return true;
}
