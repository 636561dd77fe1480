/* Opening a part through its backend: a built-in backend's own open, or a
 * hardware backend's open from its module (tpr-iio.so, tpr-gpiod.so),
 * loaded when first needed. The daemon's side alone: the config layer and
 * tprctl read the table and never load a module. */
#ifndef TPR_BACKEND_OPEN_H
#define TPR_BACKEND_OPEN_H

#include <stddef.h>

#include "backend.h"

/* b->open, or b->open_symbol of b->module: the module is looked for beside
 * the running program (the build tree), then in the package's directory
 * (TPRD_MODULEDIR). Returns 0, or -1 with err naming the part, the backend
 * and the module's file when it is missing or does not load; nothing of the
 * part is open then. */
int tpr_backend_open(const tpr_backend *b, tpr_hal *hal, const void *opts,
                     const tpr_backend_env *env, char *err, size_t errlen);

#endif
