/* The unit parser: the first byte picks the kind, the rest is the value.
 * A value it accepts, written back in the kind's plain unit, must parse
 * again (tprctl and the help print values that way). */
#include <math.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    tpr_unit_kind kind = (tpr_unit_kind)(data[0] % TPR_UNIT_KIND_COUNT);
    char *text = fuzz_file_text(data + 1, size - 1), err[256], out[64];
    if (!text)
        return 0;
    double v;
    if (tpr_unit_parse(text, kind, &v, err, sizeof(err)) == 0) {
        if (!isfinite(v))
            abort();
        tpr_unit_format(v, kind, out, sizeof(out));
        double again;
        if (tpr_unit_parse(out, kind, &again, err, sizeof(err)))
            abort();
    }
    free(text);
    return 0;
}
