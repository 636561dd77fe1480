#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

char *fuzz_file_text(const uint8_t *data, size_t size)
{
    char err[256];
    if (tpr_text_check("fuzz", (const char *)data, size, err, sizeof(err)))
        return NULL;
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
