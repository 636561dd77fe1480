/* A failing disk under SQLite: a VFS that wraps the default one and is
 * registered as the default, so that every connection the process opens
 * (the recorder's among them) goes through it. While armed it refuses
 * writes as a full disk or a file system remounted read-only does, or
 * holds them as an SD card that stops answering does; cleared, it passes
 * everything through. One per process, as SQLite's VFS list is. */
#ifndef TPR_FAULTS_VFS_FAULT_H
#define TPR_FAULTS_VFS_FAULT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum vfs_fault_mode {
    VFS_FAULT_NONE,
    VFS_FAULT_FULL,     /* writes fail as on ENOSPC (SQLITE_FULL) */
    VFS_FAULT_READONLY, /* writes, syncs and truncates fail as on EROFS (SQLITE_IOERR_*) */
    VFS_FAULT_STALL,    /* writes and syncs wait until cleared */
} vfs_fault_mode;

/* Wrap the default VFS and become the default. Returns 0, or -1 when
 * SQLite has no default VFS or refuses the new one. */
int vfs_fault_register(void);

/* Fail (or stall) from now on as mode says. */
void vfs_fault_arm(vfs_fault_mode mode);

/* Pass everything through again; stalled writes go on. */
void vfs_fault_clear(void);

/* Writes, syncs and truncates refused so far. */
uint64_t vfs_fault_refused(void);

/* Writes or syncs waiting in a stall now. */
unsigned vfs_fault_stalled(void);

/* A stall that nobody cleared within STALL_LIMIT_S was let go: whoever
 * should have cleared it was waiting for the stalled writer. */
bool vfs_fault_timed_out(void);

#endif
