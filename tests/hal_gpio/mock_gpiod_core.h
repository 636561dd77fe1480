/* What the libgpiod 1.6 and 2.x mocks share: the lines declared by the
 * test, the chips gpiochip0 and gpiochip1, and what a request, a write and
 * an edge read do to a line. Each mock file maps its API onto these. */
#ifndef TPR_MOCK_GPIOD_CORE_H
#define TPR_MOCK_GPIOD_CORE_H

#include <gpiod.h>

#include "mock_gpiod.h"

#define MOCK_MAX_LINES 8

/* Opaque in both APIs; this is what the mocks hand out. */
struct gpiod_chip {
    char name[32];
    bool open;
};

/* Open chip name ("gpiochip0"), or NULL with errno: ENOENT when there is
 * no such chip, EACCES when the test denied it. */
struct gpiod_chip *mock_chip_open(const char *name);

/* Close chip; NULL and double closes are ignored. */
void mock_chip_close(struct gpiod_chip *chip);

/* The line at offset on chip, or NULL with errno EINVAL. */
mock_line *mock_find(const struct gpiod_chip *chip, int offset);

/* The line called name on chip (any chip when NULL), or NULL with errno ENOENT. */
mock_line *mock_find_name(const struct gpiod_chip *chip, const char *name);

/* Request m for consumer in mode (an output starts at value). Returns 0,
 * or -1 with errno: EBUSY when held, the injected fail_request otherwise. */
int mock_request(mock_line *m, const char *consumer, mock_mode mode, int value);

/* Drive an output. Returns 0, or -1 with errno (EPERM, fail_set). */
int mock_set(mock_line *m, int value);

/* Take the oldest queued edge. Returns 0, or -1 with errno (fail_read, or
 * EAGAIN on an empty queue, where the real call would block). */
int mock_pop_edge(mock_line *m, int64_t *t_us, bool *rising);

/* m's place among the declared lines, 0 .. MOCK_MAX_LINES - 1. */
int mock_line_index(const mock_line *m);

/* Give m back: free again, its event pipe closed. */
void mock_release(mock_line *m);

#endif
