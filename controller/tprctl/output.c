#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tprctl.h"

/* A device or FIFO: opened as it is, no truncation, nothing created. */
static int open_stream(tprctl_output *o)
{
    int fd = open(o->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return tprctl_fail("%s: %s", o->path, strerror(e));
    }
    return TPRCTL_OK;
}

/* The new file gets the mode of the one it replaces, or what a plain
 * create would give. */
static mode_t new_mode(const struct stat *old)
{
    if (old)
        return old->st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

int tprctl_output_open(tprctl_output *o, const char *path)
{
    *o = (tprctl_output){.path = path};
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && S_ISDIR(sb.st_mode))
        return tprctl_fail("%s: is a directory", path);
    if (exists && !S_ISREG(sb.st_mode))
        return open_stream(o);
    /* Replace the file a symlink points to, not the link. */
    if (!exists || !realpath(path, o->target))
        snprintf(o->target, sizeof(o->target), "%s", path);
    const char *slash = strrchr(o->target, '/');
    int dir_len = slash ? (int)(slash - o->target) + 1 : 0;
    if (snprintf(o->tmp, sizeof(o->tmp), "%.*s.tprctl-XXXXXX", dir_len, o->target) >=
        (int)sizeof(o->tmp))
        return tprctl_fail("%s: %s", path, strerror(ENAMETOOLONG));
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    if (fd < 0) {
        o->tmp[0] = '\0';
        return tprctl_fail("%s: %s", path, strerror(errno));
    }
    if (fchmod(fd, new_mode(exists ? &sb : NULL)) != 0 || !(o->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        return tprctl_fail("%s: %s", path, strerror(e));
    }
    return TPRCTL_OK;
}

/* errno of the first thing that failed in flushing and closing o->f (a
 * regular file also goes to the disk: a rename must not publish an empty
 * file after a power cut); 0 when all went well. */
static int finish_writes(tprctl_output *o)
{
    int e = 0;
    if (fflush(o->f) != 0 || ferror(o->f))
        e = errno ? errno : EIO;
    if (!e && o->tmp[0] && fsync(fileno(o->f)) != 0)
        e = errno;
    if (fclose(o->f) != 0 && !e)
        e = errno;
    o->f = NULL;
    return e;
}

int tprctl_output_close(tprctl_output *o, int status)
{
    errno = 0;
    int e = finish_writes(o);
    if (status == TPRCTL_OK && e)
        status = tprctl_fail("%s: write error: %s", o->path, strerror(e));
    if (!o->tmp[0])
        return status;
    if (status == TPRCTL_OK && rename(o->tmp, o->target) != 0)
        status = tprctl_fail("%s: %s", o->path, strerror(errno));
    if (status != TPRCTL_OK)
        unlink(o->tmp);
    return status;
}
