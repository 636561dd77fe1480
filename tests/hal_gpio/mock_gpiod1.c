/* The libgpiod 1.6 calls line_gpiod1.c makes, over the shared mock lines
 * (link with WRAP ${TPR_GPIOD_WRAP}, see mock_gpiod.cmake). */
#include <errno.h>

#include "mock_gpiod_core.h"

/* 1.6 hands out one line object per line, which knows its chip. */
struct gpiod_line {
    mock_line *m;
    struct gpiod_chip *chip;
};

static struct gpiod_line handles[MOCK_MAX_LINES];

const int mock_chips_per_held_line = 1; /* a 1.6 line lives in its open chip */

static struct gpiod_line *handle(mock_line *m, struct gpiod_chip *chip)
{
    if (!m)
        return NULL;
    struct gpiod_line *l = &handles[mock_line_index(m)];
    *l = (struct gpiod_line){.m = m, .chip = chip};
    return l;
}

struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr);
struct gpiod_chip *__wrap_gpiod_chip_open_lookup(const char *descr)
{
    return mock_chip_open(descr);
}

struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset);
struct gpiod_line *__wrap_gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
    return handle(mock_find(chip, (int)offset), chip);
}

struct gpiod_line *__wrap_gpiod_line_find(const char *name);
struct gpiod_line *__wrap_gpiod_line_find(const char *name)
{
    int saved = errno;
    mock_line *m = mock_find_name(NULL, name);
    if (!m) {
        errno = saved; /* like 1.6 when no chip has the name: errno untouched */
        return NULL;
    }
    return handle(m, mock_chip_open(m->chip));
}

struct gpiod_chip *__wrap_gpiod_line_get_chip(struct gpiod_line *line);
struct gpiod_chip *__wrap_gpiod_line_get_chip(struct gpiod_line *line)
{
    return line->chip;
}

int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer,
                                     int default_val);
int __wrap_gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int default_val)
{
    return mock_request(line->m, consumer, MOCK_OUTPUT, default_val);
}

int __wrap_gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer);
int __wrap_gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer)
{
    return mock_request(line->m, consumer, MOCK_EDGES, -1);
}

int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value);
int __wrap_gpiod_line_set_value(struct gpiod_line *line, int value)
{
    return mock_set(line->m, value);
}

int __wrap_gpiod_line_event_get_fd(struct gpiod_line *line);
int __wrap_gpiod_line_event_get_fd(struct gpiod_line *line)
{
    if (line->m->mode != MOCK_EDGES) {
        errno = EPERM;
        return -1;
    }
    return line->m->pipe[0];
}

int __wrap_gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *event);
int __wrap_gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *event)
{
    int64_t t_us;
    bool rising;
    if (mock_pop_edge(line->m, &t_us, &rising))
        return -1;
    *event = (struct gpiod_line_event){
        .ts = {.tv_sec = t_us / 1000000, .tv_nsec = (long)(t_us % 1000000) * 1000},
        .event_type = rising ? GPIOD_LINE_EVENT_RISING_EDGE : GPIOD_LINE_EVENT_FALLING_EDGE,
    };
    return 0;
}

void __wrap_gpiod_line_release(struct gpiod_line *line);
void __wrap_gpiod_line_release(struct gpiod_line *line)
{
    mock_release(line->m);
}

void __wrap_gpiod_chip_close(struct gpiod_chip *chip);
void __wrap_gpiod_chip_close(struct gpiod_chip *chip)
{
    mock_chip_close(chip);
}
