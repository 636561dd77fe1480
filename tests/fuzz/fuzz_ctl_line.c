/* tprctl's decoding of the daemon's lines (replies and snapshots), on any
 * line: tprctl must not trust the peer at the other end of the socket. */
#include "fuzz_input.h"
#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpr_ctl_line_type type;
    tpr_ctl_reply reply;
    tpr_ctl_snapshot snap;
    char err[256];
    if (tpr_ctl_line_decode((const char *)data, size, &type, &reply, &snap, err, sizeof(err)) ==
            0 &&
        type == TPR_CTL_LINE_SNAPSHOT)
        tpr_ctl_cue(&snap);
    return 0;
}
