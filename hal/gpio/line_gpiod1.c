/* line.h over the libgpiod 1.6 API (Debian 12). A straight mapping: no
 * logic beyond what the API needs. */
#include <errno.h>
#include <gpiod.h>
#include <poll.h>
#include <stdlib.h>

#include "line.h"

struct tpr_line {
    struct gpiod_chip *chip;
    struct gpiod_line *line;
};

static int neg_errno(void)
{
    return errno ? -errno : -EIO;
}

/* Find the line by chip and offset, or by name on any chip. */
static int find(tpr_line *l, const tpr_line_cfg *cfg, const char *who, char *err, size_t errlen)
{
    errno = 0;
    if (cfg->chip[0]) {
        l->chip = gpiod_chip_open_lookup(cfg->chip);
        if (!l->chip)
            return tpr_line_fail(cfg, who, "cannot open the GPIO chip", errno, err, errlen);
        l->line = gpiod_chip_get_line(l->chip, (unsigned int)cfg->offset);
    } else {
        l->line = gpiod_line_find(cfg->name);
        if (l->line)
            l->chip = gpiod_line_get_chip(l->line);
        else if (!errno)
            errno = ENOENT; /* 1.6 returns NULL without errno when no chip has the name */
    }
    if (!l->line)
        return tpr_line_fail(cfg, who, "no such line", errno, err, errlen);
    return 0;
}

static int request(tpr_line **out, const tpr_line_cfg *cfg, int value, const char *who, char *err,
                   size_t errlen)
{
    tpr_line *l = calloc(1, sizeof(*l));
    if (!l)
        return tpr_line_fail(cfg, who, "out of memory", ENOMEM, err, errlen);
    int r = find(l, cfg, who, err, errlen);
    if (!r) {
        errno = 0;
        if (value >= 0 && gpiod_line_request_output(l->line, TPR_LINE_CONSUMER, value))
            r = tpr_line_fail(cfg, who, "cannot request as output", errno, err, errlen);
        else if (value < 0 && gpiod_line_request_both_edges_events(l->line, TPR_LINE_CONSUMER))
            r = tpr_line_fail(cfg, who, "cannot request edge events", errno, err, errlen);
    }
    if (r) {
        if (l->chip)
            gpiod_chip_close(l->chip);
        free(l);
        return r;
    }
    *out = l;
    return 0;
}

int tpr_line_request_output(tpr_line **out, const tpr_line_cfg *cfg, int value, const char *who,
                            char *err, size_t errlen)
{
    return request(out, cfg, value ? 1 : 0, who, err, errlen);
}

int tpr_line_request_edges(tpr_line **out, const tpr_line_cfg *cfg, const char *who, char *err,
                           size_t errlen)
{
    return request(out, cfg, -1, who, err, errlen);
}

int tpr_line_set(tpr_line *l, int value)
{
    errno = 0;
    return gpiod_line_set_value(l->line, value ? 1 : 0) ? neg_errno() : 0;
}

int tpr_line_fd(tpr_line *l)
{
    return gpiod_line_event_get_fd(l->line);
}

int tpr_line_read_edge(tpr_line *l, tpr_line_edge *e)
{
    /* gpiod_line_event_read blocks on an empty queue: look first. */
    struct pollfd p = {.fd = gpiod_line_event_get_fd(l->line), .events = POLLIN};
    int n = poll(&p, 1, 0);
    if (n <= 0)
        return n ? neg_errno() : 0;
    struct gpiod_line_event ev;
    errno = 0;
    if (gpiod_line_event_read(l->line, &ev))
        return errno == EAGAIN ? 0 : neg_errno(); /* gone since poll: nothing pending */
    e->t_us = (int64_t)ev.ts.tv_sec * 1000000 + ev.ts.tv_nsec / 1000;
    e->rising = ev.event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    return 1;
}

void tpr_line_release(tpr_line *l)
{
    if (!l)
        return;
    gpiod_line_release(l->line);
    gpiod_chip_close(l->chip);
    free(l);
}
