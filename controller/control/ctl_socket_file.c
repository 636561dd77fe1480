#include "ctl_socket_file.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Mode of the socket: the daemon's user and group may connect, nobody else. */
#define SOCKET_MODE 0660
/* Mode of a directory we create: group members must reach the socket. */
#define DIR_MODE 0755
#define BACKLOG 16

static int fail(char *err, size_t errlen, const char *path, const char *what)
{
    snprintf(err, errlen, "control socket %s: %s: %s", path, what, strerror(errno));
    return -1;
}

/* mkdir -p of path's directory. */
static int make_parent(const char *path, char *err, size_t errlen)
{
    char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, DIR_MODE) < 0 && errno != EEXIST)
            return fail(err, errlen, path, "cannot create its directory");
        *p = c;
        if (c == '\0')
            return 0;
    }
}

/* An existing file at path: remove it only when it is a socket nobody
 * listens on (left by a daemon that died). */
static int clear_stale(const char *path, const struct sockaddr_un *a, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : fail(err, errlen, path, "stat");
    if (!S_ISSOCK(st.st_mode)) {
        snprintf(err, errlen, "control socket %s: exists and is not a socket; not touching it",
                 path);
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return fail(err, errlen, path, "socket");
    int rc = connect(fd, (const struct sockaddr *)a, sizeof(*a));
    int e = errno;
    close(fd);
    if (rc == 0 || e == EAGAIN) {
        snprintf(err, errlen, "control socket %s: another process listens on it (is tprd running?)",
                 path);
        return -1;
    }
    if (e != ECONNREFUSED) {
        errno = e;
        return fail(err, errlen, path, "checking the existing socket");
    }
    if (unlink(path) < 0 && errno != ENOENT)
        return fail(err, errlen, path, "removing the stale socket");
    return 0;
}

static void set_group(const char *path, const char *group, char *note, size_t notelen)
{
    note[0] = '\0';
    if (!group)
        return;
    struct group gr, *found = NULL;
    char buf[4096];
    if (getgrnam_r(group, &gr, buf, sizeof(buf), &found) != 0 || !found) {
        snprintf(note, notelen, "%s: no group '%s': the socket keeps the group of tprd (gid %u)",
                 path, group, (unsigned)getegid());
        return;
    }
    if (chown(path, (uid_t)-1, found->gr_gid) < 0)
        snprintf(note, notelen, "%s: cannot give it group '%s' (%s): it keeps gid %u", path, group,
                 strerror(errno), (unsigned)getegid());
}

int tpr_ctl_socket_file_create(tpr_ctl_socket_file *f, const char *path, const char *group,
                               char *note, size_t notelen, char *err, size_t errlen)
{
    *f = (tpr_ctl_socket_file){.ino = 0};
    note[0] = '\0';
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (path[0] == '\0' || strlen(path) >= sizeof(a.sun_path)) {
        snprintf(err, errlen, "control socket '%s': path empty or longer than %zu bytes", path,
                 sizeof(a.sun_path) - 1);
        return -1;
    }
    memcpy(a.sun_path, path, strlen(path) + 1);
    if (make_parent(path, err, errlen) < 0 || clear_stale(path, &a, err, errlen) < 0)
        return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return fail(err, errlen, path, "socket");
    /* Permissions are set between bind and listen: until listen nobody can
     * connect, so there is no moment with the wrong mode or group. */
    struct stat st;
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        fail(err, errlen, path, "bind");
        close(fd);
        return -1;
    }
    if (chmod(path, SOCKET_MODE) < 0) {
        fail(err, errlen, path, "chmod");
        unlink(path);
        close(fd);
        return -1;
    }
    set_group(path, group, note, notelen);
    if (stat(path, &st) < 0 || listen(fd, BACKLOG) < 0) {
        fail(err, errlen, path, "listen");
        unlink(path);
        close(fd);
        return -1;
    }
    snprintf(f->path, sizeof(f->path), "%s", path);
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->gid = st.st_gid;
    return fd;
}

void tpr_ctl_socket_file_remove(const tpr_ctl_socket_file *f)
{
    struct stat st;
    if (f->path[0] && lstat(f->path, &st) == 0 && st.st_dev == f->dev && st.st_ino == f->ino)
        unlink(f->path);
}
