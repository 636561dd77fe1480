#include "backend_open.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

static const char *const sections[TPR_PART_COUNT] = {"motor", "pressure", "indicators", "buttons"};

/* The directory of the running program into dir; "" when unknown. */
static void program_dir(char *dir, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", dir, len - 1);
    dir[n > 0 ? n : 0] = '\0';
    for (ssize_t i = n - 1; i >= 0; i--)
        if (dir[i] == '/') {
            dir[i] = '\0';
            return;
        }
    dir[0] = '\0';
}

/* The module's file into path: beside the program, else installed.
 * Returns -1 with err naming both places when neither has it. */
static int find_module(const tpr_backend *b, const char *config_path, char *path, size_t len,
                       char *err, size_t errlen)
{
    char dir[PATH_MAX];
    program_dir(dir, sizeof(dir));
    char beside[PATH_MAX + 64];
    snprintf(beside, sizeof(beside), "%s/%s.so", dir, b->module);
    if (dir[0] && access(beside, F_OK) == 0) {
        snprintf(path, len, "%s", beside);
        return 0;
    }
    snprintf(path, len, "%s/%s.so", TPRD_MODULEDIR, b->module);
    if (access(path, F_OK) == 0)
        return 0;
    snprintf(err, errlen,
             "%s: [%s] %s backend: its module %s is missing (nor is it beside the program, %s); "
             "reinstall the package",
             config_path, sections[b->part], b->name, path, beside);
    return -1;
}

int tpr_backend_open(const tpr_backend *b, tpr_hal *hal, const void *opts,
                     const tpr_backend_env *env, char *err, size_t errlen)
{
    if (b->open)
        return b->open(hal, opts, env, err, errlen);
    char path[PATH_MAX + 64];
    if (find_module(b, env->config_path, path, sizeof(path), err, errlen))
        return -1;
    /* Never closed: the part's functions live in it until the process ends
     * (a second open of the same file only counts up). */
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    tpr_backend_open_fn *entry = NULL;
    if (module)
        entry = (tpr_backend_open_fn *)dlsym(module, b->open_symbol);
    if (!entry) {
        snprintf(err, errlen, "%s: [%s] %s backend: cannot load %s: %s", env->config_path,
                 sections[b->part], b->name, path, dlerror());
        return -1;
    }
    return entry(hal, opts, env, err, errlen);
}
