/* The lines and chips the libgpiod mocks pretend exist, shared by the 1.6
 * wrappers (mock_gpiod1.c) and the 2.x ones (mock_gpiod2.c). */
#include "mock_gpiod_core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_EVENTS 64
#define MAX_CHIPS 16

typedef struct edge_queue {
    int64_t t_us[MAX_EVENTS];
    bool rising[MAX_EVENTS];
    int head, tail;
} edge_queue;

static mock_line lines[MOCK_MAX_LINES];
static edge_queue queues[MOCK_MAX_LINES];
static int nlines;
static struct gpiod_chip chips[MAX_CHIPS];
static int open_chips;
static char denied[32];

static void close_pipe(mock_line *m)
{
    if (m->pipe[0] >= 0) {
        close(m->pipe[0]);
        close(m->pipe[1]);
    }
    m->pipe[0] = m->pipe[1] = -1;
}

void mock_gpiod_reset(void)
{
    for (int i = 0; i < nlines; i++)
        close_pipe(&lines[i]);
    memset(lines, 0, sizeof(lines));
    memset(queues, 0, sizeof(queues));
    memset(chips, 0, sizeof(chips));
    nlines = 0;
    open_chips = 0;
    denied[0] = '\0';
}

mock_line *mock_gpiod_add(const char *chip, int offset, const char *name)
{
    mock_line *m = &lines[nlines++];
    snprintf(m->chip, sizeof(m->chip), "%s", chip);
    snprintf(m->name, sizeof(m->name), "%s", name);
    m->offset = offset;
    m->value = -1;
    m->pipe[0] = m->pipe[1] = -1;
    return m;
}

void mock_gpiod_edge(mock_line *m, int64_t t_us, bool rising)
{
    edge_queue *q = &queues[mock_line_index(m)];
    q->t_us[q->tail % MAX_EVENTS] = t_us;
    q->rising[q->tail % MAX_EVENTS] = rising;
    q->tail++;
    if (write(m->pipe[1], "e", 1) != 1)
        fprintf(stderr, "mock_gpiod: event pipe full\n");
}

int mock_gpiod_open_chips(void)
{
    return open_chips;
}

void mock_gpiod_deny(const char *chip)
{
    snprintf(denied, sizeof(denied), "%s", chip);
}

tpr_line_cfg mock_line_cfg(const char *chip, int offset, const char *name, bool active_low)
{
    tpr_line_cfg c = {.used = true, .offset = chip ? offset : -1, .active_low = active_low};
    snprintf(c.chip, sizeof(c.chip), "%s", chip ? chip : "");
    snprintf(c.name, sizeof(c.name), "%s", chip ? "" : name);
    return c;
}

struct gpiod_chip *mock_chip_open(const char *name)
{
    if (strcmp(name, "gpiochip0") && strcmp(name, "gpiochip1")) {
        errno = ENOENT;
        return NULL;
    }
    if (!strcmp(name, denied)) {
        errno = EACCES;
        return NULL;
    }
    for (int i = 0; i < MAX_CHIPS; i++) {
        if (!chips[i].open) {
            snprintf(chips[i].name, sizeof(chips[i].name), "%s", name);
            chips[i].open = true;
            open_chips++;
            return &chips[i];
        }
    }
    errno = EMFILE;
    return NULL;
}

void mock_chip_close(struct gpiod_chip *chip)
{
    if (chip && chip->open) {
        chip->open = false;
        open_chips--;
    }
}

mock_line *mock_find(const struct gpiod_chip *chip, int offset)
{
    for (int i = 0; i < nlines; i++)
        if (!strcmp(lines[i].chip, chip->name) && lines[i].offset == offset)
            return &lines[i];
    errno = EINVAL;
    return NULL;
}

mock_line *mock_find_name(const struct gpiod_chip *chip, const char *name)
{
    for (int i = 0; i < nlines; i++)
        if (!strcmp(lines[i].name, name) && (!chip || !strcmp(lines[i].chip, chip->name)))
            return &lines[i];
    errno = ENOENT;
    return NULL;
}

int mock_request(mock_line *m, const char *consumer, mock_mode mode, int value)
{
    if (m->mode != MOCK_FREE) {
        errno = EBUSY;
        return -1;
    }
    if (m->fail_request) {
        errno = m->fail_request;
        m->fail_request = 0;
        return -1;
    }
    if (mode == MOCK_EDGES && pipe(m->pipe))
        return -1;
    snprintf(m->consumer, sizeof(m->consumer), "%s", consumer);
    m->mode = mode;
    if (mode == MOCK_OUTPUT) {
        m->value = value;
        m->writes++;
    }
    return 0;
}

int mock_set(mock_line *m, int value)
{
    if (m->mode != MOCK_OUTPUT) {
        errno = EPERM;
        return -1;
    }
    if (m->fail_set) {
        errno = m->fail_set;
        return -1;
    }
    m->value = value;
    m->writes++;
    return 0;
}

int mock_pop_edge(mock_line *m, int64_t *t_us, bool *rising)
{
    if (m->fail_read) {
        errno = m->fail_read;
        return -1;
    }
    edge_queue *q = &queues[mock_line_index(m)];
    char c;
    if (q->head == q->tail || read(m->pipe[0], &c, 1) != 1) {
        fprintf(stderr, "mock_gpiod: read on an empty queue would block\n");
        errno = EAGAIN;
        return -1;
    }
    *t_us = q->t_us[q->head % MAX_EVENTS];
    *rising = q->rising[q->head % MAX_EVENTS];
    q->head++;
    return 0;
}

int mock_line_index(const mock_line *m)
{
    return (int)(m - lines);
}

void mock_release(mock_line *m)
{
    close_pipe(m);
    m->mode = MOCK_FREE;
    m->consumer[0] = '\0';
}
