/* The table itself comes from CMake: backend_list.h holds one
 * TPR_BACKEND(symbol) line for each backend a built folder entered. */
#include "backends.h"

#include <string.h>

#define TPR_BACKEND(sym) extern const tpr_backend sym;
#include "backend_list.h"
#undef TPR_BACKEND

#define TPR_BACKEND(sym) &sym,
const tpr_backend *const tpr_backends[] = {
#include "backend_list.h"
};
#undef TPR_BACKEND

const size_t tpr_backend_count = sizeof(tpr_backends) / sizeof(tpr_backends[0]);

const tpr_backend *tpr_backend_find(tpr_part part, const char *name)
{
    for (size_t i = 0; i < tpr_backend_count; i++)
        if (tpr_backends[i]->part == part && strcmp(tpr_backends[i]->name, name) == 0)
            return tpr_backends[i];
    return NULL;
}
