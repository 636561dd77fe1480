/* The fault table on the simulated device: each fault injected at random
 * moments of running sessions (fixed seed), through the daemon's loop on a
 * virtual clock (rig.h). Exit status 1 when any row is not all good.
 * Usage: faults_sim [INJECTIONS_PER_FAULT [SEED]] */
#include <stdio.h>
#include <stdlib.h>

#include "rig.h"

int main(int argc, char **argv)
{
    unsigned n;
    uint64_t seed;
    rig_args(argc, argv, &n, &seed);
    static const struct {
        rig_fault f;
        const char *name, *due;
    } faults[] = {
        {RIG_READ_ERROR, "sensor read error", "at once"},
        {RIG_NAN, "sensor NaN", "at once"},
        {RIG_RANGE, "sensor out of range", "at once"},
        {RIG_STUCK, "sensor stuck value", "after [device] stuck (1000 ms)"},
        {RIG_STALE, "sensor stale (no new sample)", "after [device] stale (100 ms)"},
        {RIG_SPIKE, "over-limit spike", "at once"},
        {RIG_MOTOR_SET, "motor write failure", "at once (the write's tick)"},
        {RIG_OVERRUN, "loop overrun burst (100-2000 periods)", "first tick after it"},
        {RIG_CLOCK_JUMP, "clock jump (0.1-10 s ahead)", "first tick after it"},
    };
    enum { N = sizeof(faults) / sizeof(faults[0]) };
    rig_row rows[N];
    bool db_ok = true;
    for (int i = 0; i < N; i++) {
        rows[i] =
            (rig_row){.name = faults[i].name, .through = "simulated device", .due = faults[i].due};
        rig *r = rig_new(seed + (uint64_t)i, NULL);
        rig_run(r, faults[i].f, n, 25, &rows[i]);
        db_ok = rig_db_ok(r) && db_ok;
        rig_free(r);
    }
    rig_print(rows, N);
    printf("integrity_check: %s\n", db_ok ? "ok" : "FAILED");
    return rig_all_good(rows, N) && db_ok ? 0 : 1;
}
