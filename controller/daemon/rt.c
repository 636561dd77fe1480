#include "rt.h"

#include <errno.h>
#include <link.h>
#include <math.h>
#include <stdint.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

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

#ifndef TPR_NO_MLOCK
/* Stack the loop may use below the caller's frame: pre-faulted, so that a
 * deeper call in a later tick (a session's first) finds its page there. */
#define LOOP_STACK_PREFAULT (64 * 1024)

static void prefault_stack(void)
{
    volatile char below[LOOP_STACK_PREFAULT];
    for (size_t i = 0; i < sizeof(below); i += 256)
        below[i] = 0;
}

/* Code the loop runs that a session may run for the first time: the
 * program itself (the core, the hal, the loop), the hardware backends'
 * modules (a session's first motor write), libm (the core's filters) and
 * libc. Locked whole, as a tick that first runs a session's code (its
 * first cosf) must not fault on it; other libraries lock on fault. */
static bool loop_code(const struct dl_phdr_info *info, uintptr_t lo, uintptr_t hi)
{
    const uintptr_t in[] = {(uintptr_t)&cosf, (uintptr_t)&clock_gettime};
    const char *base = strrchr(info->dlpi_name, '/');
    if (info->dlpi_name[0] == '\0')
        return true; /* the program */
    if (base && strncmp(base, "/tpr-", 5) == 0)
        return true; /* a backend module (hal/backend_open.c) */
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
        if (in[i] >= lo && in[i] < hi)
            return true;
    return false;
}

static int lock_loop_code(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    (void)ctx;
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t a = info->dlpi_addr + ph->p_vaddr;
        lo = a < lo ? a : lo;
        hi = a + ph->p_memsz > hi ? a + ph->p_memsz : hi;
    }
    if (hi <= lo || !loop_code(info, lo, hi))
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) /* segment by segment: not the gaps */
        if (info->dlpi_phdr[i].p_type == PT_LOAD)
            mlock((const void *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr),
                  info->dlpi_phdr[i].p_memsz);
    return 0;
}
#endif

#ifndef TPR_NO_MLOCK
static atomic_bool locked; /* tpr_rt_setup's mlockall succeeded */

/* MCL_FUTURE counts every later mapping (a thread's stack, a malloc arena,
 * SQLite's cache) against RLIMIT_MEMLOCK for a process without
 * CAP_IPC_LOCK: under a finite limit (8 MB by default, root by hand after
 * --run-as) the next session's recorder thread could not be created. Then
 * only what is mapped now is locked: the loop's thread, stack and code. */
static bool memlock_limited(void)
{
    struct rlimit rl;
    return geteuid() != 0 && getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
}
#endif

void tpr_rt_lock_loop_code(void)
{
#ifndef TPR_NO_MLOCK
    if (atomic_load(&locked))
        dl_iterate_phdr(lock_loop_code, NULL);
#endif
}

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
    /* Lock on fault: what the process touches stays in memory, what it
     * never touches (most of every library, ICU's 30 MB of tables that
     * libiio brings in) is not read in at all. */
    const bool limited = memlock_limited();
    const int flags = MCL_CURRENT | MCL_ONFAULT | (limited ? 0 : MCL_FUTURE);
    const char *lock_err = mlockall(flags) ? strerror(errno) : NULL;
    if (!lock_err && limited)
        tpr_log(TPR_LOG_WARN, "RLIMIT_MEMLOCK is finite: only the memory mapped now is locked, "
                              "not what a session maps later (LimitMEMLOCK=infinity avoids it)");
    if (!lock_err) {
        atomic_store(&locked, true);
        tpr_rt_lock_loop_code();
        prefault_stack();
    }
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

void tpr_rt_prefault(void *p, size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    volatile char *c = p;
    for (size_t i = 0; i < n; i += page)
        c[i] = c[i]; /* a write: a read would map the shared zero page */
    if (n)
        c[n - 1] = c[n - 1];
}
