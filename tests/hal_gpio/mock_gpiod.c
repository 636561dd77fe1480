#include "mock_gpiod.h"

#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINES 8
#define MAX_EVENTS 64

/* The opaque libgpiod types, as this mock sees them. */
struct gpiod_chip {
    char name[32];
    bool open;
};
struct gpiod_line {
    mock_line m;
    struct gpiod_line_event queue[MAX_EVENTS];
    int head, tail;
    struct gpiod_chip *chip;
};

static struct gpiod_line lines[MAX_LINES];
static int nlines;
static struct gpiod_chip chips[16];
static int open_chips;

void mock_gpiod_reset(void)
{
    for (int i = 0; i < nlines; i++) {
        if (lines[i].m.pipe[0] >= 0) {
            close(lines[i].m.pipe[0]);
            close(lines[i].m.pipe[1]);
        }
    }
    memset(lines, 0, sizeof(lines));
    memset(chips, 0, sizeof(chips));
    nlines = 0;
    open_chips = 0;
}

mock_line *mock_gpiod_add(const char *chip, int offset, const char *name)
{
    struct gpiod_line *l = &lines[nlines++];
    snprintf(l->m.chip, sizeof(l->m.chip), "%s", chip);
    snprintf(l->m.name, sizeof(l->m.name), "%s", name);
    l->m.offset = offset;
    l->m.value = -1;
    l->m.pipe[0] = l->m.pipe[1] = -1;
    return &l->m;
}

void mock_gpiod_edge(mock_line *m, int64_t t_us, bool rising)
{
    struct gpiod_line *l = (struct gpiod_line *)m;
    l->queue[l->tail % MAX_EVENTS] = (struct gpiod_line_event){
        .ts = {.tv_sec = t_us / 1000000, .tv_nsec = (long)(t_us % 1000000) * 1000},
        .event_type = rising ? GPIOD_LINE_EVENT_RISING_EDGE : GPIOD_LINE_EVENT_FALLING_EDGE,
    };
    l->tail++;
    if (write(m->pipe[1], "e", 1) != 1)
        fprintf(stderr, "mock_gpiod: event pipe full\n");
}

int mock_gpiod_open_chips(void)
{
    return open_chips;
}

tpr_line_cfg mock_line_cfg(const char *chip, int offset, const char *name, bool active_low)
{
    tpr_line_cfg c = {.used = true, .offset = chip ? offset : -1, .active_low = active_low};
    snprintf(c.chip, sizeof(c.chip), "%s", chip ? chip : "");
    snprintf(c.name, sizeof(c.name), "%s", chip ? "" : name);
    return c;
}

static struct gpiod_chip *open_chip(const char *name)
{
    if (strcmp(name, "gpiochip0") && strcmp(name, "gpiochip1")) {
        errno = ENOENT;
        return NULL;
    }
    for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++) {
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

struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr);
struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr)
{
    return open_chip(descr);
}

struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset);
struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
    for (int i = 0; i < nlines; i++) {
        if (!strcmp(lines[i].m.chip, chip->name) && lines[i].m.offset == (int)offset) {
            lines[i].chip = chip;
            return &lines[i];
        }
    }
    errno = EINVAL;
    return NULL;
}

struct gpiod_line *__wrap_gpiod_line_find(const char *name);
struct gpiod_line *__wrap_gpiod_line_find(const char *name)
{
    for (int i = 0; i < nlines; i++) {
        if (!strcmp(lines[i].m.name, name)) {
            lines[i].chip = open_chip(lines[i].m.chip);
            return &lines[i];
        }
    }
    return NULL; /* like 1.6 when no chip has the name: errno untouched */
}

struct gpiod_chip *__wrap_gpiod_line_get_chip(struct gpiod_line *line);
struct gpiod_chip *__wrap_gpiod_line_get_chip(struct gpiod_line *line)
{
    return line->chip;
}

static int request(struct gpiod_line *l, const char *consumer, mock_mode mode)
{
    if (l->m.mode != MOCK_FREE) {
        errno = EBUSY;
        return -1;
    }
    if (l->m.fail_request) {
        errno = l->m.fail_request;
        l->m.fail_request = 0;
        return -1;
    }
    snprintf(l->m.consumer, sizeof(l->m.consumer), "%s", consumer);
    l->m.mode = mode;
    return 0;
}

int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer,
                                     int default_val);
int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int default_val)
{
    if (request(line, consumer, MOCK_OUTPUT))
        return -1;
    line->m.value = default_val;
    line->m.writes++;
    return 0;
}

int __wrap_gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer);
int __wrap_gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer)
{
    if (request(line, consumer, MOCK_EDGES))
        return -1;
    if (pipe(line->m.pipe))
        return -1;
    return 0;
}

int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value);
int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value)
{
    if (line->m.mode != MOCK_OUTPUT) {
        errno = EPERM;
        return -1;
    }
    if (line->m.fail_set) {
        errno = line->m.fail_set;
        return -1;
    }
    line->m.value = value;
    line->m.writes++;
    return 0;
}

int __wrap_gpiod_line_event_get_fd(struct gpiod_line *line);
int __wrap_gpiod_line_event_get_fd(struct gpiod_line *line)
{
    if (line->m.mode != MOCK_EDGES) {
        errno = EPERM;
        return -1;
    }
    return line->m.pipe[0];
}

int __wrap_gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *event);
int __wrap_gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *event)
{
    if (line->m.fail_read) {
        errno = line->m.fail_read;
        return -1;
    }
    char c;
    if (line->head == line->tail || read(line->m.pipe[0], &c, 1) != 1) {
        fprintf(stderr, "mock_gpiod: read on an empty queue would block\n");
        errno = EAGAIN;
        return -1;
    }
    *event = line->queue[line->head++ % MAX_EVENTS];
    return 0;
}

void __wrap_gpiod_line_release(struct gpiod_line *line);
void __wrap_gpiod_line_release(struct gpiod_line *line)
{
    if (line->m.pipe[0] >= 0) {
        close(line->m.pipe[0]);
        close(line->m.pipe[1]);
        line->m.pipe[0] = line->m.pipe[1] = -1;
    }
    line->m.mode = MOCK_FREE;
    line->m.consumer[0] = '\0';
}

void __wrap_gpiod_chip_close(struct gpiod_chip *chip);
void __wrap_gpiod_chip_close(struct gpiod_chip *chip)
{
    if (chip && chip->open) {
        chip->open = false;
        open_chips--;
    }
}
