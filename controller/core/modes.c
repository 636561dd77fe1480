/* Every mode the core can run: a new mode is its own file, and here its
 * declaration and its line in the table. */
#include <string.h>

#include "mode.h"

extern const tpr_core_mode tpr_core_mode_therapy;
extern const tpr_core_mode tpr_core_mode_ppt;

static const tpr_core_mode *const modes[] = {
    &tpr_core_mode_therapy,
    &tpr_core_mode_ppt,
};

#define MODE_COUNT (sizeof(modes) / sizeof(modes[0]))

const tpr_core_mode *tpr_core_mode_find(const char *name)
{
    for (size_t i = 0; name && i < MODE_COUNT; i++)
        if (strcmp(modes[i]->name, name) == 0)
            return modes[i];
    return NULL;
}

const tpr_core_mode *tpr_core_mode_at(size_t i)
{
    return i < MODE_COUNT ? modes[i] : NULL;
}
