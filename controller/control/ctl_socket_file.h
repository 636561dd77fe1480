/* The control socket's file: where it lives, who may use it, and that it is
 * ours to remove. */
#ifndef TPR_CTL_SOCKET_FILE_H
#define TPR_CTL_SOCKET_FILE_H

#include <stddef.h>
#include <sys/types.h>

typedef struct tpr_ctl_socket_file {
    char path[108]; /* sizeof(sun_path) */
    dev_t dev;      /* the socket file we made, to remove only that one */
    ino_t ino;
    gid_t gid; /* the socket's group: its members may connect */
} tpr_ctl_socket_file;

/* Create the listening socket at path: the directory is made (0755) when
 * missing; an existing socket file is removed only when nothing listens on
 * it (any other file, or a live socket, is an error); the socket gets mode
 * 0660 and group group when it exists, before it listens. note receives
 * what the log should say about the group (empty when nothing). Returns the
 * non-blocking listening fd, or -1 with a message naming path in err. */
int tpr_ctl_socket_file_create(tpr_ctl_socket_file *f, const char *path, const char *group,
                               char *note, size_t notelen, char *err, size_t errlen);

/* Remove the socket file if it is still the one created above. */
void tpr_ctl_socket_file_remove(const tpr_ctl_socket_file *f);

#endif
