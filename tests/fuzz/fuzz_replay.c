/* The replay's CSV trace reader (line reader, header, rows) and the core
 * behind it, on any trace: the input is written to an in-memory file that
 * tpr_replay_run opens by name, as tprd --replay opens a trace. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "profile.h"
#include "replay.h"
#include "system_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static FILE *out;
    static char path[64];
    static tpr_system_config sys; /* the defaults, as tprd --replay without files */
    static tpr_profile prof;
    if (fd < 0) {
        tpr_system_config_default(&sys);
        tpr_profile_default(&prof);
        fd = memfd_create("trace", 0);
        out = fopen("/dev/null", "w");
        if (fd < 0 || !out)
            abort();
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    char err[512];
    tpr_replay_run(path, out, &sys.core, &prof.routine.dose[0], err, sizeof(err));
    return 0;
}
