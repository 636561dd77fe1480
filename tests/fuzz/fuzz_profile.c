/* The user profile parser: whatever the text, a profile or a message. */
#include <stdlib.h>

#include "fuzz_input.h"
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_file_text(data, size), err[512];
    if (!text)
        return 0;
    tpr_profile p;
    tpr_profile_default(&p);
    tpr_profile_parse(text, "fuzz.ini", &p, err, sizeof(err));
    free(text);
    return 0;
}
