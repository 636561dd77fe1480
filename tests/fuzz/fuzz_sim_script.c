/* The simulated device's hand-script parser: a script or a message. */
#include <stdlib.h>

#include "fuzz_input.h"
#include "sim_script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_file_text(data, size), err[512];
    if (!text)
        return 0;
    tpr_sim_script s;
    tpr_sim_script_parse(text, "fuzz.hand", &s, err, sizeof(err));
    free(text);
    return 0;
}
