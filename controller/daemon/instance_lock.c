#include "instance_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_NAME "tprd.lock"

/* The PID the holder wrote, or 0 when it has not written it yet. */
static long holder_pid(int fd)
{
    char buf[24] = "";
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
    buf[n > 0 ? n : 0] = '\0';
    return strtol(buf, NULL, 10);
}

int tpr_instance_lock(const char *dir, char *err, size_t errlen)
{
    if (mkdir(dir, 0750) && errno != EEXIST) {
        snprintf(err, errlen, "data directory %s: %s", dir, strerror(errno));
        return -1;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, LOCK_NAME);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB)) {
        int e = errno;
        long pid = e == EWOULDBLOCK ? holder_pid(fd) : 0;
        close(fd);
        if (e != EWOULDBLOCK) {
            snprintf(err, errlen, "%s: cannot lock: %s", path, strerror(e));
            return -1;
        }
        if (pid > 0)
            snprintf(err, errlen,
                     "data directory %s is in use by tprd PID %ld: stop that one first "
                     "(systemctl stop tprd, or kill %ld)",
                     dir, pid, pid);
        else
            snprintf(err, errlen, "data directory %s is in use by another tprd", dir);
        return -2;
    }
    char pid[24];
    int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) || pwrite(fd, pid, (size_t)n, 0) != n) {
        snprintf(err, errlen, "%s: cannot write the PID: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}
