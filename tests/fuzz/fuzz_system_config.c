/* The system config parser: whatever the text, a config or a message. */
#include <stdlib.h>

#include "fuzz_input.h"
#include "system_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_file_text(data, size), err[512];
    if (!text)
        return 0;
    tpr_system_config c;
    tpr_system_config_default(&c);
    tpr_system_config_parse(text, "fuzz.conf", &c, err, sizeof(err));
    free(text);
    return 0;
}
