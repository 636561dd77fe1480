/* The libgpiod 2.x calls line_gpiod2.c makes, over the shared mock lines
 * (link with WRAP ${TPR_GPIOD_WRAP}, see mock_gpiod.cmake). /dev is listed
 * through a wrapped scandir that shows gpiochip0, gpiochip1 and a device
 * that is no chip. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_gpiod2.h"
#include "mock_gpiod_core.h"

#define MAX_BUFFERED 64

struct gpiod_line_settings {
    mock_gpiod2_request s;
};
struct gpiod_line_config {
    unsigned int offset;
    bool has_line;
    struct gpiod_line_settings settings;
};
struct gpiod_request_config {
    char consumer[32];
};
struct gpiod_line_request {
    mock_line *m;
    unsigned int offset;
};
struct gpiod_line_info {
    unsigned int offset;
};
struct gpiod_edge_event {
    enum gpiod_edge_event_type type;
    uint64_t t_ns;
};
struct gpiod_edge_event_buffer {
    size_t capacity, n;
    struct gpiod_edge_event events[MAX_BUFFERED];
};

const int mock_chips_per_held_line = 0; /* a 2.x request outlives its chip */
mock_gpiod2_request mock_gpiod2_last;
static int live;
static int fail_countdown;

int mock_gpiod2_live(void)
{
    return live;
}

void mock_gpiod2_fail_alloc(int n)
{
    fail_countdown = n;
}

/* Every object libgpiod hands out comes from here, so leaks show in live. */
static void *new_object(size_t size)
{
    if (fail_countdown > 0 && --fail_countdown == 0) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = calloc(1, size);
    if (p)
        live++;
    return p;
}

static void free_object(void *p)
{
    if (p)
        live--;
    free(p);
}

int __real_scandir(const char *dir, struct dirent ***list, int (*filter)(const struct dirent *),
                   int (*compar)(const struct dirent **, const struct dirent **));
int __wrap_scandir(const char *dir, struct dirent ***list, int (*filter)(const struct dirent *),
                   int (*compar)(const struct dirent **, const struct dirent **));
int __wrap_scandir(const char *dir, struct dirent ***list, int (*filter)(const struct dirent *),
                   int (*compar)(const struct dirent **, const struct dirent **))
{
    if (strcmp(dir, "/dev"))
        return __real_scandir(dir, list, filter, compar);
    static const char *const dev[] = {"gpiochip1", "null", "gpiochip0"};
    *list = calloc(3, sizeof(**list));
    int n = 0;
    for (size_t i = 0; *list && i < 3; i++) {
        struct dirent *e = calloc(1, sizeof(*e));
        if (!e)
            break;
        snprintf(e->d_name, sizeof(e->d_name), "%s", dev[i]);
        if (filter && !filter(e))
            free(e);
        else
            (*list)[n++] = e;
    }
    for (int i = 1; compar && i < n; i++) { /* insertion sort, as the caller asked */
        for (int j = i; j > 0 && compar((const struct dirent **)&(*list)[j - 1],
                                        (const struct dirent **)&(*list)[j]) > 0;
             j--) {
            struct dirent *t = (*list)[j];
            (*list)[j] = (*list)[j - 1];
            (*list)[j - 1] = t;
        }
    }
    return n;
}

struct gpiod_chip *__wrap_gpiod_chip_open(const char *path);
struct gpiod_chip *__wrap_gpiod_chip_open(const char *path)
{
    if (strncmp(path, "/dev/", 5)) {
        errno = ENOENT;
        return NULL;
    }
    return mock_chip_open(path + 5);
}

void __wrap_gpiod_chip_close(struct gpiod_chip *chip);
void __wrap_gpiod_chip_close(struct gpiod_chip *chip)
{
    mock_chip_close(chip);
}

int __wrap_gpiod_chip_get_line_offset_from_name(struct gpiod_chip *chip, const char *name);
int __wrap_gpiod_chip_get_line_offset_from_name(struct gpiod_chip *chip, const char *name)
{
    mock_line *m = mock_find_name(chip, name);
    return m ? m->offset : -1;
}

struct gpiod_line_info *__wrap_gpiod_chip_get_line_info(struct gpiod_chip *chip,
                                                        unsigned int offset);
struct gpiod_line_info *__wrap_gpiod_chip_get_line_info(struct gpiod_chip *chip,
                                                        unsigned int offset)
{
    if (!mock_find(chip, (int)offset))
        return NULL;
    struct gpiod_line_info *info = new_object(sizeof(*info));
    if (info)
        info->offset = offset;
    return info;
}

void __wrap_gpiod_line_info_free(struct gpiod_line_info *info);
void __wrap_gpiod_line_info_free(struct gpiod_line_info *info)
{
    free_object(info);
}

struct gpiod_line_settings *__wrap_gpiod_line_settings_new(void);
struct gpiod_line_settings *__wrap_gpiod_line_settings_new(void)
{
    struct gpiod_line_settings *s = new_object(sizeof(*s));
    if (s) /* libgpiod's defaults */
        s->s = (mock_gpiod2_request){GPIOD_LINE_DIRECTION_AS_IS, GPIOD_LINE_EDGE_NONE,
                                     GPIOD_LINE_CLOCK_MONOTONIC, GPIOD_LINE_VALUE_INACTIVE};
    return s;
}

void __wrap_gpiod_line_settings_free(struct gpiod_line_settings *settings);
void __wrap_gpiod_line_settings_free(struct gpiod_line_settings *settings)
{
    free_object(settings);
}

int __wrap_gpiod_line_settings_set_direction(struct gpiod_line_settings *settings,
                                             enum gpiod_line_direction direction);
int __wrap_gpiod_line_settings_set_direction(struct gpiod_line_settings *settings,
                                             enum gpiod_line_direction direction)
{
    settings->s.direction = direction;
    return 0;
}

int __wrap_gpiod_line_settings_set_edge_detection(struct gpiod_line_settings *settings,
                                                  enum gpiod_line_edge edge);
int __wrap_gpiod_line_settings_set_edge_detection(struct gpiod_line_settings *settings,
                                                  enum gpiod_line_edge edge)
{
    settings->s.edge = edge;
    return 0;
}

int __wrap_gpiod_line_settings_set_event_clock(struct gpiod_line_settings *settings,
                                               enum gpiod_line_clock clock);
int __wrap_gpiod_line_settings_set_event_clock(struct gpiod_line_settings *settings,
                                               enum gpiod_line_clock clock)
{
    settings->s.clock = clock;
    return 0;
}

int __wrap_gpiod_line_settings_set_output_value(struct gpiod_line_settings *settings,
                                                enum gpiod_line_value value);
int __wrap_gpiod_line_settings_set_output_value(struct gpiod_line_settings *settings,
                                                enum gpiod_line_value value)
{
    settings->s.output = value;
    return 0;
}

struct gpiod_line_config *__wrap_gpiod_line_config_new(void);
struct gpiod_line_config *__wrap_gpiod_line_config_new(void)
{
    return new_object(sizeof(struct gpiod_line_config));
}

void __wrap_gpiod_line_config_free(struct gpiod_line_config *config);
void __wrap_gpiod_line_config_free(struct gpiod_line_config *config)
{
    free_object(config);
}

int __wrap_gpiod_line_config_add_line_settings(struct gpiod_line_config *config,
                                               const unsigned int *offsets, size_t num_offsets,
                                               struct gpiod_line_settings *settings);
int __wrap_gpiod_line_config_add_line_settings(struct gpiod_line_config *config,
                                               const unsigned int *offsets, size_t num_offsets,
                                               struct gpiod_line_settings *settings)
{
    if (num_offsets != 1) { /* tprd requests one line at a time */
        errno = EINVAL;
        return -1;
    }
    config->offset = offsets[0];
    config->settings = settings ? *settings : (struct gpiod_line_settings){0};
    config->has_line = true;
    return 0;
}

struct gpiod_request_config *__wrap_gpiod_request_config_new(void);
struct gpiod_request_config *__wrap_gpiod_request_config_new(void)
{
    return new_object(sizeof(struct gpiod_request_config));
}

void __wrap_gpiod_request_config_free(struct gpiod_request_config *config);
void __wrap_gpiod_request_config_free(struct gpiod_request_config *config)
{
    free_object(config);
}

void __wrap_gpiod_request_config_set_consumer(struct gpiod_request_config *config,
                                              const char *consumer);
void __wrap_gpiod_request_config_set_consumer(struct gpiod_request_config *config,
                                              const char *consumer)
{
    snprintf(config->consumer, sizeof(config->consumer), "%s", consumer);
}

struct gpiod_line_request *__wrap_gpiod_chip_request_lines(struct gpiod_chip *chip,
                                                           struct gpiod_request_config *req_cfg,
                                                           struct gpiod_line_config *line_cfg);
struct gpiod_line_request *__wrap_gpiod_chip_request_lines(struct gpiod_chip *chip,
                                                           struct gpiod_request_config *req_cfg,
                                                           struct gpiod_line_config *line_cfg)
{
    mock_line *m = line_cfg->has_line ? mock_find(chip, (int)line_cfg->offset) : NULL;
    if (!m)
        return NULL;
    const mock_gpiod2_request *s = &line_cfg->settings.s;
    mock_mode mode = s->direction == GPIOD_LINE_DIRECTION_OUTPUT ? MOCK_OUTPUT
                     : s->edge == GPIOD_LINE_EDGE_BOTH           ? MOCK_EDGES
                                                                 : MOCK_FREE;
    if (mode == MOCK_FREE) {
        fprintf(stderr, "mock_gpiod2: neither an output nor both edges requested\n");
        errno = EINVAL;
        return NULL;
    }
    struct gpiod_line_request *req = new_object(sizeof(*req));
    if (!req)
        return NULL;
    if (mock_request(m, req_cfg ? req_cfg->consumer : "", mode,
                     s->output == GPIOD_LINE_VALUE_ACTIVE)) {
        int e = errno;
        free_object(req);
        errno = e;
        return NULL;
    }
    mock_gpiod2_last = *s;
    *req = (struct gpiod_line_request){.m = m, .offset = line_cfg->offset};
    return req;
}

void __wrap_gpiod_line_request_release(struct gpiod_line_request *request);
void __wrap_gpiod_line_request_release(struct gpiod_line_request *request)
{
    mock_release(request->m);
    free_object(request);
}

int __wrap_gpiod_line_request_set_value(struct gpiod_line_request *request, unsigned int offset,
                                        enum gpiod_line_value value);
int __wrap_gpiod_line_request_set_value(struct gpiod_line_request *request, unsigned int offset,
                                        enum gpiod_line_value value)
{
    if (offset != request->offset || value == GPIOD_LINE_VALUE_ERROR) {
        errno = EINVAL;
        return -1;
    }
    return mock_set(request->m, value == GPIOD_LINE_VALUE_ACTIVE);
}

int __wrap_gpiod_line_request_get_fd(struct gpiod_line_request *request);
int __wrap_gpiod_line_request_get_fd(struct gpiod_line_request *request)
{
    return request->m->pipe[0];
}

int __wrap_gpiod_line_request_wait_edge_events(struct gpiod_line_request *request,
                                               int64_t timeout_ns);
int __wrap_gpiod_line_request_wait_edge_events(struct gpiod_line_request *request,
                                               int64_t timeout_ns)
{
    struct pollfd p = {.fd = request->m->pipe[0], .events = POLLIN};
    int n = poll(&p, 1, timeout_ns < 0 ? -1 : (int)(timeout_ns / 1000000));
    return n < 0 ? -1 : n > 0;
}

int __wrap_gpiod_line_request_read_edge_events(struct gpiod_line_request *request,
                                               struct gpiod_edge_event_buffer *buffer,
                                               size_t max_events);
int __wrap_gpiod_line_request_read_edge_events(struct gpiod_line_request *request,
                                               struct gpiod_edge_event_buffer *buffer,
                                               size_t max_events)
{
    if (max_events > buffer->capacity)
        max_events = buffer->capacity;
    buffer->n = 0;
    do {
        int64_t t_us;
        bool rising;
        if (mock_pop_edge(request->m, &t_us, &rising))
            return -1;
        buffer->events[buffer->n++] = (struct gpiod_edge_event){
            .type = rising ? GPIOD_EDGE_EVENT_RISING_EDGE : GPIOD_EDGE_EVENT_FALLING_EDGE,
            .t_ns = (uint64_t)t_us * 1000,
        };
    } while (buffer->n < max_events && __wrap_gpiod_line_request_wait_edge_events(request, 0) == 1);
    return (int)buffer->n;
}

struct gpiod_edge_event_buffer *__wrap_gpiod_edge_event_buffer_new(size_t capacity);
struct gpiod_edge_event_buffer *__wrap_gpiod_edge_event_buffer_new(size_t capacity)
{
    struct gpiod_edge_event_buffer *b = new_object(sizeof(*b));
    if (b)
        b->capacity = capacity && capacity < MAX_BUFFERED ? capacity : MAX_BUFFERED;
    return b;
}

void __wrap_gpiod_edge_event_buffer_free(struct gpiod_edge_event_buffer *buffer);
void __wrap_gpiod_edge_event_buffer_free(struct gpiod_edge_event_buffer *buffer)
{
    free_object(buffer);
}

struct gpiod_edge_event *
__wrap_gpiod_edge_event_buffer_get_event(struct gpiod_edge_event_buffer *buffer,
                                         unsigned long index);
struct gpiod_edge_event *
__wrap_gpiod_edge_event_buffer_get_event(struct gpiod_edge_event_buffer *buffer,
                                         unsigned long index)
{
    return index < buffer->n ? &buffer->events[index] : NULL;
}

enum gpiod_edge_event_type __wrap_gpiod_edge_event_get_event_type(struct gpiod_edge_event *event);
enum gpiod_edge_event_type __wrap_gpiod_edge_event_get_event_type(struct gpiod_edge_event *event)
{
    return event->type;
}

uint64_t __wrap_gpiod_edge_event_get_timestamp_ns(struct gpiod_edge_event *event);
uint64_t __wrap_gpiod_edge_event_get_timestamp_ns(struct gpiod_edge_event *event)
{
    return event->t_ns;
}
