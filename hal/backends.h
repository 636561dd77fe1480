/* The backend table: every backend of this build, in the order messages
 * list them. A backend whose library the build lacks is not in it. */
#ifndef TPR_BACKENDS_H
#define TPR_BACKENDS_H

#include <stddef.h>

#include "backend.h"

extern const tpr_backend *const tpr_backends[];
extern const size_t tpr_backend_count;

/* The backend of part named name, or NULL. */
const tpr_backend *tpr_backend_find(tpr_part part, const char *name);

#endif
