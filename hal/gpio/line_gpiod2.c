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

static struct gpiod_chip *open_path(const char *chip)
{
    char path[300];
    snprintf(path, sizeof(path), chip[0] == '/' ? "%s" : "/dev/%s", chip);
    return gpiod_chip_open(path);
}

static int is_chip(const struct dirent *de)
{
    return !strncmp(de->d_name, "gpiochip", 8);
}

/* The first chip, in /dev order, whose label is label; NULL with errno
 * ENOENT when none has it. */
static struct gpiod_chip *open_label(const char *label)
{
    struct dirent **chips;
    int n = scandir("/dev", &chips, is_chip, versionsort);
    struct gpiod_chip *found = NULL;
    for (int i = 0; i < n; i++) {
        struct gpiod_chip *chip = found ? NULL : open_path(chips[i]->d_name);
        struct gpiod_chip_info *info = chip ? gpiod_chip_get_info(chip) : NULL;
        if (info && !strcmp(gpiod_chip_info_get_label(info), label))
            found = chip;
        else if (chip)
            gpiod_chip_close(chip);
        if (info)
            gpiod_chip_info_free(info);
        free(chips[i]);
    }
    if (n >= 0)
        free(chips);
    errno = found ? 0 : ENOENT;
    return found;
}

/* A chip by name in /dev ("gpiochip0"), by path, or by label
 * ("pinctrl-bcm2711"), as 1.6's gpiod_chip_open_lookup finds it. */
static struct gpiod_chip *open_chip(const char *chip)
{
    struct gpiod_chip *c = open_path(chip);
    if (c || errno != ENOENT || chip[0] == '/')
        return c;
    return open_label(chip);
}

/* The first chip, in /dev order, that has a line called name. NULL with
 * errno ENOENT when none has it, or the reason a chip could not be opened
 * (EACCES for a user outside the gpio group), as 1.6's gpiod_line_find. */
static struct gpiod_chip *find_name(const char *name, unsigned int *offset)
{
    struct dirent **chips;
    int n = scandir("/dev", &chips, is_chip, versionsort);
    struct gpiod_chip *found = NULL;
    int why = n < 0 ? errno : ENOENT;
    for (int i = 0; i < n; i++) {
        struct gpiod_chip *chip = found ? NULL : open_path(chips[i]->d_name);
        if (!found && !chip && why == ENOENT)
            why = errno;
        int o = chip ? gpiod_chip_get_line_offset_from_name(chip, name) : -1;
        if (o >= 0) {
            found = chip;
            *offset = (unsigned int)o;
        } else if (chip) {
            gpiod_chip_close(chip);
        }
        free(chips[i]);
    }
    if (n >= 0)
        free(chips);
    errno = why;
    return found;
}

/* Open the chip holding cfg's line and find its offset; same messages as
 * the 1.6 implementation. */
static int find(struct gpiod_chip **chip, unsigned int *offset, const tpr_line_cfg *cfg,
                const char *who, char *err, size_t errlen)
{
    errno = 0;
    if (!cfg->chip[0]) {
        *chip = find_name(cfg->name, offset);
        return *chip ? 0 : tpr_line_fail(cfg, who, "no such line", errno, err, errlen);
    }
    *chip = open_chip(cfg->chip);
    if (!*chip)
        return tpr_line_fail(cfg, who, "cannot open the GPIO chip", errno, err, errlen);
    *offset = (unsigned int)cfg->offset;
    struct gpiod_line_info *info = gpiod_chip_get_line_info(*chip, *offset);
    if (!info)
        return tpr_line_fail(cfg, who, "no such line", errno, err, errlen);
    gpiod_line_info_free(info);
    return 0;
}

/* One line as an output at value (0/1), or with both edges when value < 0.
 * NULL with errno on failure. */
static struct gpiod_line_request *request_line(struct gpiod_chip *chip, unsigned int offset,
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
            /* The control loop's clock, so debounce compares like with like. */
            gpiod_line_settings_set_event_clock(s, GPIOD_LINE_CLOCK_MONOTONIC);
        }
        gpiod_request_config_set_consumer(rc, TPR_LINE_CONSUMER);
        if (!gpiod_line_config_add_line_settings(lc, &offset, 1, s))
            req = gpiod_chip_request_lines(chip, rc, lc);
    }
    int saved = errno;
    gpiod_request_config_free(rc);
    gpiod_line_config_free(lc);
    gpiod_line_settings_free(s);
    errno = saved;
    return req;
}

static int request(tpr_line **out, const tpr_line_cfg *cfg, int value, const char *who, char *err,
                   size_t errlen)
{
    tpr_line *l = calloc(1, sizeof(*l));
    if (!l)
        return tpr_line_fail(cfg, who, "out of memory", ENOMEM, err, errlen);
    struct gpiod_chip *chip = NULL;
    int r = find(&chip, &l->offset, cfg, who, err, errlen);
    if (!r) {
        errno = 0;
        if (!(l->req = request_line(chip, l->offset, value)))
            r = tpr_line_fail(
                cfg, who, value >= 0 ? "cannot request as output" : "cannot request edge events",
                errno, err, errlen);
        else if (value < 0 && !(l->events = gpiod_edge_event_buffer_new(1)))
            r = tpr_line_fail(cfg, who, "out of memory", ENOMEM, err, errlen);
    }
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
    errno = 0;
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
    if (l->events)
        gpiod_edge_event_buffer_free(l->events);
    free(l);
}
