/* line.h over the libgpiod 2.x API (newer Raspberry Pi OS). A straight
 * mapping: no logic beyond what the API needs. */
#include <dirent.h>
#include <errno.h>
#include <gpiod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "line.h"

struct tpr_line {
    struct gpiod_line_request *req;
    struct gpiod_edge_event_buffer *events; /* edge lines only */
    unsigned int offset;
};

static int neg_errno(void)
{
    return errno ? -errno : -EIO;
}

static struct gpiod_chip *open_chip(const char *chip)
{
    char path[64];
    snprintf(path, sizeof(path), chip[0] == '/' ? "%s" : "/dev/%s", chip);
    return gpiod_chip_open(path);
}

/* The chip holding cfg's line, and its offset; by name: the first chip that has it. */
static struct gpiod_chip *find(const tpr_line_cfg *cfg, unsigned int *offset)
{
    if (cfg->chip[0]) {
        *offset = (unsigned int)cfg->offset;
        return open_chip(cfg->chip);
    }
    DIR *d = opendir("/dev");
    struct dirent *de;
    struct gpiod_chip *chip = NULL;
    while (d && !chip && (de = readdir(d))) {
        if (strncmp(de->d_name, "gpiochip", 8) || !(chip = open_chip(de->d_name)))
            continue;
        int o = gpiod_chip_get_line_offset_from_name(chip, cfg->name);
        if (o < 0) {
            gpiod_chip_close(chip);
            chip = NULL;
        }
        *offset = (unsigned int)o;
    }
    if (d)
        closedir(d);
    if (!chip)
        errno = ENOENT;
    return chip;
}

static struct gpiod_line_request *request_lines(struct gpiod_chip *chip, unsigned int offset,
                                                int value)
{
    struct gpiod_line_settings *s = gpiod_line_settings_new();
    struct gpiod_line_config *lc = gpiod_line_config_new();
    struct gpiod_request_config *rc = gpiod_request_config_new();
    struct gpiod_line_request *req = NULL;
    if (s && lc && rc) {
        if (value >= 0) {
            gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_OUTPUT);
            gpiod_line_settings_set_output_value(s, value ? GPIOD_LINE_VALUE_ACTIVE
                                                          : GPIOD_LINE_VALUE_INACTIVE);
        } else {
            gpiod_line_settings_set_direction(s, GPIOD_LINE_DIRECTION_INPUT);
            gpiod_line_settings_set_edge_detection(s, GPIOD_LINE_EDGE_BOTH);
            gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC);
        }
        gpiod_request_config_set_consumer(rc, TPR_LINE_CONSUMER);
        if (!gpiod_line_config_add_line_settings(lc, &offset, 1, s))
            req = gpiod_chip_request_lines(chip, rc, lc);
    }
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lc);
    gpiod_line_settings_free(s);
    return req;
}

static int request(tpr_line **out, const tpr_line_cfg *cfg, int value, const char *who, char *err,
                   size_t errlen)
{
    tpr_line *l = calloc(1, sizeof(*l));
    if (!l)
        return tpr_line_fail(cfg, who, "out of memory", ENOMEM, err, errlen);
    errno = 0;
    struct gpiod_chip *chip = find(cfg, &l->offset);
    int r = 0;
    if (!chip)
        r = tpr_line_fail(cfg, who, "no such GPIO chip or line", errno, err, errlen);
    else if (!(l->req = request_lines(chip, l->offset, value)))
        r = tpr_line_fail(cfg, who,
                          value >= 0 ? "cannot request as output" : "cannot request edge events",
                          errno, err, errlen);
    else if (value < 0 && !(l->events = gpiod_edge_event_buffer_new(1)))
        r = tpr_line_fail(cfg, who, "out of memory", ENOMEM, err, errlen);
    if (chip)
        gpiod_chip_close(chip); /* the request lives on without the chip */
    if (r) {
        tpr_line_release(l);
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
    return gpiod_line_request_set_value(l->req, l->offset,
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE)
               ? neg_errno()
               : 0;
}

int tpr_line_fd(tpr_line *l)
{
    return gpiod_line_request_get_fd(l->req);
}

int tpr_line_read_edge(tpr_line *l, tpr_line_edge *e)
{
    /* Reading blocks on an empty queue: look first. */
    int n = gpiod_line_request_wait_edge_events(l->req, 0);
    if (n <= 0)
        return n ? neg_errno() : 0;
    errno = 0;
    if (gpiod_line_request_read_edge_events(l->req, l->events, 1) != 1)
        return errno == EAGAIN ? 0 : neg_errno(); /* gone since the wait: nothing pending */
    struct gpiod_edge_event *ev = gpiod_edge_event_buffer_get_event(l->events, 0);
    e->t_us = (int64_t)(gpiod_edge_event_get_timestamp_ns(ev) / 1000);
    e->rising = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE;
    return 1;
}

void tpr_line_release(tpr_line *l)
{
    if (!l)
        return;
    if (l->req)
        gpiod_line_request_release(l->req);
    gpiod_edge_event_buffer_free(l->events);
    free(l);
}
