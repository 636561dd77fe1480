/* The daemon's request decoding, on any line a client may send. A request
 * it accepts, encoded again, must decode to the same request. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tpr_ctl_request r, again;
    char err[256], line[TPR_CTL_LINE_MAX + 2];
    memset(&r, 0, sizeof(r));
    if (tpr_ctl_request_decode((const char *)data, size, &r, err, sizeof(err)))
        return 0;
    size_t n = tpr_ctl_request_encode(&r, line, sizeof(line));
    memset(&again, 0, sizeof(again));
    if (n == 0 || tpr_ctl_request_decode(line, n, &again, err, sizeof(err)) ||
        memcmp(&r, &again, sizeof(r)) != 0)
        abort();
    return 0;
}
