#include "vfs_fault.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

/* A stall nobody clears in this long is a writer holding up its own
 * clearer (the test would hang otherwise): let go and report it. */
#define STALL_LIMIT_S 10

/* An open file: ours in front, the wrapped VFS's right behind it. */
typedef struct wrap_file {
    sqlite3_file base;
    sqlite3_file *real;
} wrap_file;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cleared;
    vfs_fault_mode mode;
    uint64_t refused;
    unsigned stalled;
    bool timed_out;
    sqlite3_vfs *real;
    sqlite3_vfs vfs;
} fault = {.lock = PTHREAD_MUTEX_INITIALIZER, .cleared = PTHREAD_COND_INITIALIZER};

static sqlite3_file *real(sqlite3_file *f)
{
    return ((wrap_file *)f)->real;
}

typedef enum io_op { OP_WRITE, OP_SYNC, OP_TRUNCATE } io_op;

/* What a failing disk answers: a full one refuses new data but syncs and
 * shrinks; a read-only one refuses all three. */
static const int refusal[][3] = {
    [VFS_FAULT_NONE] = {SQLITE_OK, SQLITE_OK, SQLITE_OK},
    [VFS_FAULT_FULL] = {SQLITE_FULL, SQLITE_OK, SQLITE_OK},
    [VFS_FAULT_READONLY] = {SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_IOERR_TRUNCATE},
    [VFS_FAULT_STALL] = {SQLITE_OK, SQLITE_OK, SQLITE_OK},
};

/* Wait while a stall holds (up to STALL_LIMIT_S). */
static void wait_cleared(void)
{
    struct timespec limit;
    clock_gettime(CLOCK_REALTIME, &limit);
    limit.tv_sec += STALL_LIMIT_S;
    fault.stalled++;
    while (fault.mode == VFS_FAULT_STALL &&
           pthread_cond_timedwait(&fault.cleared, &fault.lock, &limit) != ETIMEDOUT)
        ;
    if (fault.mode == VFS_FAULT_STALL)
        fault.timed_out = true;
    fault.stalled--;
}

/* What op meets now: SQLITE_OK to go on (after a stall of a write or a
 * sync), or the error of the failing disk. */
static int meet(io_op op)
{
    pthread_mutex_lock(&fault.lock);
    if (fault.mode == VFS_FAULT_STALL && op != OP_TRUNCATE)
        wait_cleared();
    int rc = refusal[fault.mode][op];
    fault.refused += rc != SQLITE_OK;
    pthread_mutex_unlock(&fault.lock);
    return rc;
}

static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    int rc = meet(OP_WRITE);
    return rc ? rc : real(f)->pMethods->xWrite(real(f), buf, n, off);
}

static int f_sync(sqlite3_file *f, int flags)
{
    int rc = meet(OP_SYNC);
    return rc ? rc : real(f)->pMethods->xSync(real(f), flags);
}

static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    int rc = meet(OP_TRUNCATE);
    return rc ? rc : real(f)->pMethods->xTruncate(real(f), size);
}

/* The rest passes straight through. */
static int f_close(sqlite3_file *f)
{
    return real(f)->pMethods->xClose(real(f));
}

static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return real(f)->pMethods->xRead(real(f), buf, n, off);
}

static int f_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return real(f)->pMethods->xFileSize(real(f), size);
}

static int f_lock(sqlite3_file *f, int level)
{
    return real(f)->pMethods->xLock(real(f), level);
}

static int f_unlock(sqlite3_file *f, int level)
{
    return real(f)->pMethods->xUnlock(real(f), level);
}

static int f_check_lock(sqlite3_file *f, int *out)
{
    return real(f)->pMethods->xCheckReservedLock(real(f), out);
}

static int f_control(sqlite3_file *f, int op, void *arg)
{
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}

static int f_sector(sqlite3_file *f)
{
    return real(f)->pMethods->xSectorSize(real(f));
}

static int f_caps(sqlite3_file *f)
{
    return real(f)->pMethods->xDeviceCharacteristics(real(f));
}

static int f_shm_map(sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
    return real(f)->pMethods->xShmMap(real(f), page, size, extend, out);
}

static int f_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *f)
{
    real(f)->pMethods->xShmBarrier(real(f));
}

static int f_shm_unmap(sqlite3_file *f, int del)
{
    return real(f)->pMethods->xShmUnmap(real(f), del);
}

/* No memory-mapped pages: every access goes through xRead and xWrite. */
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **out)
{
    (void)f, (void)off, (void)n;
    *out = NULL;
    return SQLITE_OK;
}

static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    (void)f, (void)off, (void)p;
    return SQLITE_OK;
}

static const sqlite3_io_methods methods = {
    .iVersion = 3,
    .xClose = f_close,
    .xRead = f_read,
    .xWrite = f_write,
    .xTruncate = f_truncate,
    .xSync = f_sync,
    .xFileSize = f_size,
    .xLock = f_lock,
    .xUnlock = f_unlock,
    .xCheckReservedLock = f_check_lock,
    .xFileControl = f_control,
    .xSectorSize = f_sector,
    .xDeviceCharacteristics = f_caps,
    .xShmMap = f_shm_map,
    .xShmLock = f_shm_lock,
    .xShmBarrier = f_shm_barrier,
    .xShmUnmap = f_shm_unmap,
    .xFetch = f_fetch,
    .xUnfetch = f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    wrap_file *w = (wrap_file *)f;
    w->real = (sqlite3_file *)(w + 1);
    int rc = fault.real->xOpen(fault.real, name, w->real, flags, out_flags);
    w->base.pMethods = w->real->pMethods ? &methods : NULL;
    return rc;
}

int vfs_fault_register(void)
{
    sqlite3_vfs *under = sqlite3_vfs_find(NULL);
    if (!under || under->iVersion < 3)
        return -1;
    fault.real = under;
    fault.vfs = *under;
    fault.vfs.zName = "tpr-fault";
    fault.vfs.szOsFile = (int)sizeof(wrap_file) + under->szOsFile;
    fault.vfs.xOpen = v_open;
    return sqlite3_vfs_register(&fault.vfs, 1) == SQLITE_OK ? 0 : -1;
}

void vfs_fault_arm(vfs_fault_mode mode)
{
    pthread_mutex_lock(&fault.lock);
    fault.mode = mode;
    pthread_mutex_unlock(&fault.lock);
}

void vfs_fault_clear(void)
{
    pthread_mutex_lock(&fault.lock);
    fault.mode = VFS_FAULT_NONE;
    pthread_cond_broadcast(&fault.cleared);
    pthread_mutex_unlock(&fault.lock);
}

uint64_t vfs_fault_refused(void)
{
    pthread_mutex_lock(&fault.lock);
    uint64_t n = fault.refused;
    pthread_mutex_unlock(&fault.lock);
    return n;
}

unsigned vfs_fault_stalled(void)
{
    pthread_mutex_lock(&fault.lock);
    unsigned n = fault.stalled;
    pthread_mutex_unlock(&fault.lock);
    return n;
}

bool vfs_fault_timed_out(void)
{
    pthread_mutex_lock(&fault.lock);
    bool t = fault.timed_out;
    pthread_mutex_unlock(&fault.lock);
    return t;
}
