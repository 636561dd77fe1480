/* One GPIO line, requested through libgpiod. This is the only interface
 * over libgpiod: line_gpiod1.c implements it with the 1.6 API (Debian 12),
 * line_gpiod2.c with the 2.x API; CMake compiles the one pkg-config finds.
 *
 * Values here are PHYSICAL levels (0 low, 1 high). Active-low, debounce and
 * every other rule live above this interface, once, for both versions.
 * Lines are requested with the consumer name "tprd" (shown by gpioinfo).
 */
#ifndef TPR_LINE_H
#define TPR_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_spec.h"

#define TPR_LINE_CONSUMER "tprd"

typedef struct tpr_line tpr_line;

/* One edge seen by the kernel. */
typedef struct tpr_line_edge {
    int64_t t_us; /* kernel timestamp of the edge (monotonic on current kernels) */
    bool rising;  /* the line went high */
} tpr_line_edge;

/* Request cfg as an output driven at value (0/1) from the first instant.
 * who names the line's place in the config for messages ("tprd.conf:
 * [motor] enable"). Returns 0 and *out, or a negative errno with err set. */
int tpr_line_request_output(tpr_line **out, const tpr_line_cfg *cfg, int value, const char *who,
                            char *err, size_t errlen);

/* Request cfg as an input that reports both edges. Same returns. */
int tpr_line_request_edges(tpr_line **out, const tpr_line_cfg *cfg, const char *who, char *err,
                           size_t errlen);

/* Drive an output line to value (0/1). Returns 0 or a negative errno. */
int tpr_line_set(tpr_line *l, int value);

/* The file descriptor that becomes readable when edges are pending. */
int tpr_line_fd(tpr_line *l);

/* Read one pending edge into *e without blocking. Returns 1 when an edge
 * was read, 0 when none is pending, or a negative errno. */
int tpr_line_read_edge(tpr_line *l, tpr_line_edge *e);

/* Give the line back to the kernel (it becomes an input again). NULL is fine. */
void tpr_line_release(tpr_line *l);

/* Shared by the implementations: "gpiochip0:17" or "GPIO17". */
void tpr_line_describe(const tpr_line_cfg *cfg, char *buf, size_t len);

/* Shared by the implementations: write "who LINE: what: strerror" into err
 * and return -errnum (EIO when errnum is 0). */
int tpr_line_fail(const tpr_line_cfg *cfg, const char *who, const char *what, int errnum, char *err,
                  size_t errlen);

/* "FILE: [section] key" for who; config_path "" is the built-in config. */
void tpr_line_who(char *buf, size_t len, const char *config_path, const char *section,
                  const char *key);

#endif
