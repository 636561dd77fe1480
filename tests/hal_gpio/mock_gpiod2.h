/* What only the libgpiod 2.x mock shows: the settings a request was made
 * with, the objects still alive, and allocations made to fail. */
#ifndef TPR_MOCK_GPIOD2_H
#define TPR_MOCK_GPIOD2_H

#include <gpiod.h>

/* The settings of the last line request that reached the chip. */
typedef struct mock_gpiod2_request {
    enum gpiod_line_direction direction;
    enum gpiod_line_edge edge;
    enum gpiod_line_clock clock;
    enum gpiod_line_value output;
} mock_gpiod2_request;

extern mock_gpiod2_request mock_gpiod2_last;

/* Settings, configs, requests, line infos and event buffers not yet freed. */
int mock_gpiod2_live(void);

/* The n-th object the code asks libgpiod for from now on (1: the next one)
 * fails with ENOMEM; 0 turns this off. */
void mock_gpiod2_fail_alloc(int n);

#endif
