/* The store's faults: the daemon's loop on the virtual clock (rig.h)
 * recording through the real recorder, spool and writer into a database
 * whose disk fails under SQLite (vfs_fault.h): it stalls until the
 * recorder's ring overflows, refuses writes as a full disk, or as a
 * read-only one. Each fault is armed at a random moment of a session,
 * an over-limit spike comes while it holds, and it clears once the motor
 * was cut; the session's record must account for every tick. Exit status
 * 1 when any row is not all good.
 * Usage: faults_store [INJECTIONS_PER_FAULT [SEED]] */
#include <stdio.h>
#include <stdlib.h>

#include "rig.h"
#include "vfs_fault.h"

/* A batch every 5 ms of real time instead of 2 s, and a ring of about a
 * second of ticks, so that a hundred faults run in seconds. */
#define BATCH_MS 5
#define RING_TICKS 1024

typedef struct disk {
    vfs_fault_mode mode;
    uint64_t refused_at_arm;
} disk;

static void disk_arm(void *ctx)
{
    disk *d = ctx;
    d->refused_at_arm = vfs_fault_refused();
    vfs_fault_arm(d->mode);
}

/* A stalled disk has reached the recorder when it waits in a write, a
 * failing one when it refused one. */
static bool disk_hit(void *ctx)
{
    disk *d = ctx;
    return d->mode == VFS_FAULT_STALL ? vfs_fault_stalled() > 0
                                      : vfs_fault_refused() > d->refused_at_arm;
}

static void disk_clear(void *ctx)
{
    (void)ctx;
    vfs_fault_clear();
}

int main(int argc, char **argv)
{
    unsigned n;
    uint64_t seed;
    rig_args(argc, argv, &n, &seed);
    if (vfs_fault_register()) {
        fprintf(stderr, "faults_store: cannot wrap SQLite's default VFS\n");
        return 1;
    }
    static const struct {
        vfs_fault_mode mode;
        const char *name;
    } faults[] = {
        {VFS_FAULT_STALL, "recorder ring full (writes stalled)"},
        {VFS_FAULT_FULL, "database disk full"},
        {VFS_FAULT_READONLY, "database read-only"},
    };
    enum { N = sizeof(faults) / sizeof(faults[0]) };
    const tpr_recording_pace pace = {.batch_ms = BATCH_MS, .ring_ticks = RING_TICKS};
    rig_row rows[N];
    uint64_t refused[N];
    bool db_ok = true, bit = true;
    for (int i = 0; i < N; i++) {
        rows[i] = (rig_row){.name = faults[i].name,
                            .through = "real recorder; SQLite on a failing VFS",
                            .due = "at once (a spike while it holds)"};
        disk d = {.mode = faults[i].mode};
        rig_hazard h = {.arm = disk_arm,
                        .hit = disk_hit,
                        .clear = disk_clear,
                        .real_time = true,
                        .fills_ring = faults[i].mode == VFS_FAULT_STALL,
                        .costs_record = true,
                        .ctx = &d};
        rig *r = rig_new(seed + (uint64_t)i, NULL);
        rig_set_hazard(r, &h, &pace);
        uint64_t before = vfs_fault_refused();
        rig_run(r, RIG_SPIKE, n, 25, &rows[i]);
        refused[i] = vfs_fault_refused() - before;
        db_ok = rig_db_ok(r) && db_ok;
        rig_free(r);
        /* Each fault must have cost the record something, and counted it. */
        bit = bit && rows[i].hazard_ticks &&
              (faults[i].mode == VFS_FAULT_STALL ? rows[i].lost_ring : rows[i].lost_gap);
    }
    rig_print(rows, N);
    printf("\n| fault | writes refused | ticks the loop ran while it held | trace refused "
           "(ticks, counted as the gap) | samples the full ring dropped (counted) |\n"
           "|---|---|---|---|---|\n");
    for (int i = 0; i < N; i++)
        printf("| %s | %llu | %llu | %llu | %llu |\n", rows[i].name, (unsigned long long)refused[i],
               (unsigned long long)rows[i].hazard_ticks, (unsigned long long)rows[i].lost_gap,
               (unsigned long long)rows[i].lost_ring);
    bool held_up = vfs_fault_timed_out();
    printf("integrity_check: %s; a stall held its clearer up: %s\n", db_ok ? "ok" : "FAILED",
           held_up ? "YES" : "no");
    return rig_all_good(rows, N) && db_ok && bit && !held_up ? 0 : 1;
}
