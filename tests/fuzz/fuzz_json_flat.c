/* The control socket's flat JSON reader, on any line a peer may send. */
#include "fuzz_input.h"
#include "json_flat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tpr_json_object o; /* 4 KiB pool: kept off the stack */
    char err[256];
    if (tpr_json_parse((const char *)data, size, &o, err, sizeof(err)) == 0) {
        for (uint32_t i = 0; i < o.count; i++)
            if (!tpr_json_get(&o, o.m[i].key))
                __builtin_trap();
    }
    return 0;
}
