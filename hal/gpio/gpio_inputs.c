/* Buttons: edge-event lines, debounced from the kernel's edge timestamps,
 * behind one epoll descriptor, so the control loop never polls levels. Each
 * button reports its debounced presses and releases with their times. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "debounce.h"
#include "gpio_lines.h"
#include "line.h"

typedef struct button {
    tpr_line *line; /* NULL: not wired, or dropped after a read error */
    bool active_low;
    tpr_debounce debounce;
    tpr_line_edge edge; /* read, not yet fed to debounce ... */
    bool edge_waiting;  /* ... while a settled change goes out first */
    tpr_button id;
} button;

typedef struct inputs {
    int epfd;
    button buttons[2];
} inputs;

static void inputs_close(void *ctx)
{
    inputs *s = ctx;
    for (size_t i = 0; i < 2; i++)
        tpr_line_release(s->buttons[i].line);
    if (s->epfd >= 0)
        close(s->epfd);
    free(s);
}

/* A line that cannot be read would keep the epoll fd readable for ever:
 * drop it from the set (its button stops working, the loop keeps running;
 * held, it counts as let go, so it cannot go on to a long press). */
static void drop(inputs *s, button *b)
{
    b->debounce.level = false;
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, tpr_line_fd(b->line), NULL);
    tpr_line_release(b->line);
    b->line = NULL;
}

static bool report(const button *b, int64_t t_us, tpr_button_edge *out)
{
    *out = (tpr_button_edge){.button = b->id, .pressed = b->debounce.reported, .t_us = t_us};
    return true;
}

/* The button's next change: edges from the kernel (read only when the fd
 * was readable), then a level that has settled by now_us. */
static bool button_next(inputs *s, button *b, int64_t now_us, bool fd_ready, tpr_button_edge *out)
{
    int64_t since;
    for (;;) {
        if (!b->edge_waiting) {
            /* One edge at a time: the rest stays queued in the kernel. */
            int r = fd_ready && b->line ? tpr_line_read_edge(b->line, &b->edge) : 0;
            if (r < 0)
                drop(s, b);
            if (r <= 0)
                break;
            b->edge_waiting = true;
        }
        if (tpr_debounce_settle(&b->debounce, b->edge.t_us, &since))
            return report(b, since, out);
        b->edge_waiting = false;
        if (tpr_debounce_edge(&b->debounce, b->edge.t_us, b->edge.rising != b->active_low))
            return report(b, b->edge.t_us, out);
    }
    return tpr_debounce_settle(&b->debounce, now_us, &since) && report(b, since, out);
}

static bool inputs_next(void *ctx, int64_t now_us, bool fd_ready, tpr_button_edge *out)
{
    inputs *s = ctx;
    for (size_t i = 0; i < 2; i++)
        if (button_next(s, &s->buttons[i], now_us, fd_ready, out))
            return true;
    return false;
}

static int add_button(inputs *s, button *b, const tpr_gpio_inputs_options *o,
                      const char *config_path, const tpr_line_cfg *cfg, const char *key,
                      tpr_button id, char *err, size_t errlen)
{
    if (!cfg->used)
        return 0;
    char who[320];
    tpr_line_who(who, sizeof(who), config_path, "buttons", key);
    if (tpr_line_request_edges(&b->line, cfg, who, err, errlen))
        return -1;
    b->active_low = cfg->active_low;
    b->id = id;
    tpr_debounce_init(&b->debounce, o->debounce_ms);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)id};
    if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, tpr_line_fd(b->line), &ev)) {
        tpr_line_fail(cfg, who, "cannot watch for edges", errno, err, errlen);
        return -1;
    }
    return 0;
}

int tpr_gpio_inputs_open(tpr_inputs *in, const tpr_gpio_inputs_options *o, const char *config_path,
                         char *err, size_t errlen)
{
    inputs *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "buttons: out of memory");
        return -1;
    }
    s->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epfd < 0) {
        snprintf(err, errlen, "buttons: epoll_create1 failed");
        inputs_close(s);
        return -1;
    }
    if (add_button(s, &s->buttons[0], o, config_path, &o->start_pause, "start_pause",
                   TPR_BUTTON_START_PAUSE, err, errlen) ||
        add_button(s, &s->buttons[1], o, config_path, &o->next, "next", TPR_BUTTON_NEXT, err,
                   errlen)) {
        inputs_close(s);
        return -1;
    }
    *in = (tpr_inputs){.fd = s->epfd, .next = inputs_next, .close = inputs_close, .ctx = s};
    return 0;
}
