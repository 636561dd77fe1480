#include "ctl_client.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int tpr_ctl_client_connect(tpr_ctl_client *c, const char *path)
{
    *c = (tpr_ctl_client){.fd = -1};
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(a.sun_path))
        return -ENAMETOOLONG;
    memcpy(a.sun_path, path, strlen(path) + 1);
    /* Non-blocking, so that a daemon whose queue of new connections is
     * full answers -EAGAIN at once instead of leaving the caller hanging. */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
        int e = errno;
        close(fd);
        return -e;
    }
    c->fd = fd;
    return 0;
}

bool tpr_ctl_client_not_running(int err)
{
    return err == -ENOENT || err == -ECONNREFUSED || err == -ENOTDIR;
}

int tpr_ctl_client_send(tpr_ctl_client *c, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = send(c->fd, buf, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -errno;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

int tpr_ctl_client_request(tpr_ctl_client *c, const tpr_ctl_request *req)
{
    char line[TPR_CTL_REQUEST_MAX];
    size_t n = tpr_ctl_request_encode(req, line, sizeof(line));
    if (n == 0)
        return -EMSGSIZE;
    return tpr_ctl_client_send(c, line, n);
}

/* Hand out the first complete line of c->buf, if there is one. */
static int take_line(tpr_ctl_client *c, char *line, size_t len)
{
    char *nl = memchr(c->buf, '\n', c->have);
    if (!nl)
        return c->have == sizeof(c->buf) ? -EMSGSIZE : -EAGAIN;
    size_t n = (size_t)(nl - c->buf);
    if (n >= len)
        return -EMSGSIZE;
    memcpy(line, c->buf, n);
    line[n] = '\0';
    c->have -= n + 1;
    memmove(c->buf, nl + 1, c->have);
    return (int)n;
}

int tpr_ctl_client_read_line(tpr_ctl_client *c, char *line, size_t len, int timeout_ms)
{
    for (;;) {
        int n = take_line(c, line, len);
        if (n != -EAGAIN)
            return n;
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        if (r == 0)
            return -ETIMEDOUT;
        ssize_t got = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return errno == ECONNRESET ? -EPIPE : -errno;
        if (got == 0)
            return -EPIPE;
        c->have += (size_t)got;
    }
}

void tpr_ctl_client_close(tpr_ctl_client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->have = 0;
}
