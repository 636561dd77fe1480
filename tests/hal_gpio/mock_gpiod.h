/* Linker-wrap mocks of the libgpiod 1.6 calls line_gpiod1.c makes
 * (link with tpr_add_test(... WRAP ${TPR_GPIOD1_WRAP})). Tests declare the
 * lines that exist, read back what the code did to them, and inject
 * failures. Edge events travel through a real pipe, so poll and epoll on
 * the line's fd behave as with the kernel. */
#ifndef TPR_MOCK_GPIOD_H
#define TPR_MOCK_GPIOD_H

#include <stdbool.h>
#include <stdint.h>

#include "system_config.h"

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

/* A line config for chip:offset, or by name when chip is NULL. */
tpr_line_cfg mock_line_cfg(const char *chip, int offset, const char *name, bool active_low);

#endif
