/* tprctl watch: subscribe and redraw the live view in place on every
 * snapshot (the daemon publishes about 20 a second), or with --json print
 * each snapshot line as it comes. Ctrl-C ends it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon_link.h"
#include "watch_view.h"

/* How often the loop looks at the Ctrl-C flag while no line comes. */
#define POLL_MS 200

/* Redraw in place: home, each line cleared to its end, the rest cleared. */
static void redraw(FILE *out, const tpr_ctl_snapshot *s)
{
    char *frame = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&frame, &len);
    if (!m)
        return;
    tprctl_watch_frame(m, s);
    fclose(m);
    fputs("\033[H", out);
    for (char *line = frame, *nl; (nl = strchr(line, '\n')) != NULL; line = nl + 1)
        fprintf(out, "%.*s\033[K\n", (int)(nl - line), line);
    fputs("\033[J", out);
    free(frame);
}

int tprctl_cmd_watch(tprctl *t, const tprctl_args *a)
{
    (void)a;
    tprctl_link l;
    tpr_ctl_request req = {.cmd = TPR_CTL_SUBSCRIBE};
    int rc = tprctl_link_request(&l, t, &req);
    if (rc != TPRCTL_OK)
        return rc;
    tprctl_link_catch_interrupt();
    bool tty = !t->json && isatty(fileno(t->out));
    if (tty)
        fputs("\033[2J\033[?25l", t->out); /* clear, hide the cursor */
    while (!tprctl_link_interrupted()) {
        rc = tprctl_link_read(&l, POLL_MS, true);
        if (rc != TPRCTL_OK && l.len == -ETIMEDOUT)
            continue;
        if (rc != TPRCTL_OK)
            break;
        if (l.type != TPR_CTL_LINE_SNAPSHOT)
            continue;
        if (t->json)
            fprintf(t->out, "%s\n", l.line);
        else if (tty)
            redraw(t->out, &l.snap);
        else
            tprctl_watch_frame(t->out, &l.snap);
        if (fflush(t->out) != 0) { /* a closed pipe: the reader is gone */
            rc = TPRCTL_OK;
            break;
        }
    }
    if (tty)
        fputs("\033[?25h", t->out); /* the cursor back */
    if (tprctl_link_interrupted())
        rc = TPRCTL_OK;
    tprctl_link_close(&l);
    return rc;
}
