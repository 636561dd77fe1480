#include "privileges.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_USER "tprd"

/* Raise a limit to at least want, as root with CAP_SYS_RESOURCE can.
 * Returns 0, or -1 (errno set): the loop then runs without what it gives.
 * (__rlimit_resource_t: glibc types the resource so under _GNU_SOURCE.) */
static int raise_limit(__rlimit_resource_t resource, rlim_t want)
{
    struct rlimit rl;
    if (getrlimit(resource, &rl) < 0 || rl.rlim_cur >= want) /* RLIM_INFINITY is the largest */
        return 0;
    rl.rlim_cur = want;
    if (rl.rlim_max < want)
        rl.rlim_max = want;
    return setrlimit(resource, &rl);
}

/* The data directory and every file in it (database, journal, lock) go
 * to uid:gid, so that the sessions after the drop can write them. */
static int give_data_dir(const char *dir, uid_t uid, gid_t gid, char *err, size_t errlen)
{
    if (!dir)
        return 0;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (dfd < 0 && errno == ENOENT)
        return 0; /* --no-record: nothing there yet */
    if (dfd < 0 || fchown(dfd, uid, gid) < 0) {
        snprintf(err, errlen, "%s: cannot give it to uid %u: %s", dir, (unsigned)uid,
                 strerror(errno));
        if (dfd >= 0)
            close(dfd);
        return -1;
    }
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (fchownat(dfd, e->d_name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0) {
            snprintf(err, errlen, "%s/%s: cannot give it to uid %u: %s", dir, e->d_name,
                     (unsigned)uid, strerror(errno));
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

int tpr_privileges_drop(const char *user, int rt_prio, const char *data_dir,
                        const char *socket_path, char *note, size_t notelen, char *err,
                        size_t errlen)
{
    note[0] = '\0';
    if (geteuid() != 0)
        return 0;
    const char *name = user ? user : DEFAULT_USER;
    struct passwd pw, *found = NULL;
    char buf[4096];
    if (getpwnam_r(name, &pw, buf, sizeof(buf), &found) != 0 || !found) {
        if (!user) {
            snprintf(note, notelen,
                     "running as root: there is no user '%s' to switch to (the Debian package "
                     "creates it; or give --run-as USER)",
                     name);
            return 0;
        }
        snprintf(err, errlen, "--run-as %s: no such user", name);
        return -1;
    }
    if (pw.pw_uid == 0) {
        snprintf(err, errlen, "--run-as %s: that is root; name an ordinary user", name);
        return -1;
    }
    char kept[160] = "RLIMIT_RTPRIO and RLIMIT_MEMLOCK raised";
    if (raise_limit(RLIMIT_RTPRIO, (rlim_t)rt_prio) || raise_limit(RLIMIT_MEMLOCK, RLIM_INFINITY))
        snprintf(kept, sizeof(kept), "cannot raise RLIMIT_RTPRIO and RLIMIT_MEMLOCK (%s)",
                 strerror(errno));
    if (give_data_dir(data_dir, pw.pw_uid, pw.pw_gid, err, errlen))
        return -1;
    /* The socket keeps its group (who may connect) and becomes the user's. */
    if (socket_path && lchown(socket_path, pw.pw_uid, (gid_t)-1) < 0) {
        snprintf(err, errlen, "%s: cannot give it to %s: %s", socket_path, name, strerror(errno));
        return -1;
    }
    if (initgroups(name, pw.pw_gid) < 0 || setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid) < 0 ||
        setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid) < 0) {
        snprintf(err, errlen, "cannot switch to user %s: %s", name, strerror(errno));
        return -1;
    }
    if (setresuid((uid_t)-1, 0, (uid_t)-1) == 0 || geteuid() == 0) {
        snprintf(err, errlen, "switched to user %s, but root could be taken back", name);
        return -1;
    }
    snprintf(note, notelen, "dropped root: running as %s (uid %u, gid %u), no capabilities; %s",
             name, (unsigned)pw.pw_uid, (unsigned)pw.pw_gid, kept);
    return 0;
}
