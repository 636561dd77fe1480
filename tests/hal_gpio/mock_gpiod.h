/* Linker-wrap mocks of the libgpiod calls line.h's implementation makes:
 * the 1.6 ones (mock_gpiod1.c) or the 2.x ones (mock_gpiod2.c), whichever
 * API the build has; link ${TPR_MOCK_GPIOD} with
 * tpr_add_test(... WRAP ${TPR_GPIOD_WRAP}), see mock_gpiod.cmake. Tests
 * declare the lines that exist, read back what the code did to them, and
 * inject failures, the same way over either API. Edge events travel through
 * a real pipe, so poll and epoll on the line's fd behave as with the kernel. */
#ifndef TPR_MOCK_GPIOD_H
#define TPR_MOCK_GPIOD_H

#include <stdbool.h>
#include <stdint.h>

#include "line_spec.h"

typedef enum mock_mode { MOCK_FREE, MOCK_OUTPUT, MOCK_EDGES } mock_mode;

typedef struct mock_line {
    char chip[32]; /* chip it sits on */
    int offset;
    char name[32];
    mock_mode mode;
    char consumer[32];
    int value;        /* physical level last driven (outputs) */
    int writes;       /* set_value calls that succeeded, request included */
    int fail_request; /* errno the next request fails with, 0: succeed */
    int fail_set;     /* errno every set_value fails with, 0: succeed */
    int fail_read;    /* errno every event read fails with */
    int pipe[2];
} mock_line;

/* Forget every line; chips gpiochip0 and gpiochip1 exist. */
void mock_gpiod_reset(void);

/* A line that exists on chip at offset, called name. */
mock_line *mock_gpiod_add(const char *chip, int offset, const char *name);

/* Queue one edge on l (requested for edges) at t_us. */
void mock_gpiod_edge(mock_line *l, int64_t t_us, bool rising);

/* Chips opened and not yet closed (0 after everything is released). */
int mock_gpiod_open_chips(void);

/* Chips a held line keeps open: 1 on 1.6, where a line lives in its chip,
 * 0 on 2.x, where a request outlives the chip it came from. */
extern const int mock_chips_per_held_line;

/* Opening chip (e.g. "gpiochip1") fails with EACCES until the next reset. */
void mock_gpiod_deny(const char *chip);

/* A line config for chip:offset, or by name when chip is NULL. */
tpr_line_cfg mock_line_cfg(const char *chip, int offset, const char *name, bool active_low);

#endif
