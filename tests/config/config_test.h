/* Helpers shared by the config tests. Include after <cmocka.h>. */
#ifndef TPR_CONFIG_TEST_H
#define TPR_CONFIG_TEST_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* |a - b| <= eps, in double precision (cmocka 1.1 compares floats only). */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.9g, expected %.9g", #a, a_, b_);                                      \
    } while (0)

/* Assert that msg contains what. */
#define assert_contains(msg, what)                                                                 \
    do {                                                                                           \
        if (!strstr((msg), (what)))                                                                \
            fail_msg("'%s' does not contain '%s'", (msg), (what));                                 \
    } while (0)

/* A file of the source tree (TPRD_SOURCE_DIR is set by ctest). */
static inline const char *source_path(const char *rel)
{
    static char path[1024];
    const char *root = getenv("TPRD_SOURCE_DIR");
    snprintf(path, sizeof(path), "%s/%s", root ? root : ".", rel);
    return path;
}

#endif
