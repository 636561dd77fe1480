/* A stand-in for libgpiod 1.6, loaded with LD_PRELOAD, so the real tprd
 * (or any program using line_gpiod1.c) runs with GPIO lines on a machine
 * without GPIO chips. Only the calls line_gpiod1.c makes are provided.
 *
 * Backed by files under $TPRD_FAKE_GPIO_DIR:
 *   <dir>/gpiochipN/            the chip exists
 *   <dir>/gpiochipN/label       optional: its label, which finds it too
 *                               ("9030000.pl061"), as the real lookup does
 *   <dir>/gpiochipN/<offset>    an output line's level, "0\n" or "1\n",
 *                               rewritten on every request and set
 *   <dir>/gpiochipN/<name>      create it (empty) to give a line a name
 *                               findable by gpiod_line_find; it then holds
 *                               the level like an offset file
 *   <dir>/gpiochipN/<line>.edges  optional FIFO for an input line's edges:
 *                               each byte '1' is a rising, '0' a falling
 *                               edge, timestamped (CLOCK_MONOTONIC) when read
 *   <dir>/gpiochipN/<line>.held  flock()ed while the line is requested
 * Any other byte in the FIFO (a newline from echo) is skipped. A released
 * line keeps its last level in the file: what the program drove last. The
 * lock goes when the line is released or the process dies (the kernel
 * closes its files as it frees its lines): a line whose lock is free is
 * an input again, and what the pin shows is the board's resistor, as on
 * the Pi, whose pin controller makes a freed line an input (the kernel
 * alone does not: the PL061 of the kernel rig keeps driving it). A test
 * looks for the lock in /proc/locks: taking it, even for a moment, would
 * make a request in that moment fail with EBUSY.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gpiod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FREE, OUTPUT, EDGES };

struct gpiod_line {
    struct gpiod_chip *chip;
    struct gpiod_line *next_in_chip;
    char path[PATH_MAX + 64]; /* level file */
    int mode;
    int fd;         /* edges: FIFO or the read end of an idle pipe */
    int idle_write; /* write end of the idle pipe, -1 for a FIFO */
    int held;       /* <line>.held, locked while requested; -1 when free */
};

struct gpiod_chip {
    char dir[PATH_MAX];
    struct gpiod_line *lines;
};

static const char *root(void)
{
    const char *d = getenv("TPRD_FAKE_GPIO_DIR");
    return d && d[0] ? d : NULL;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the chip directory name under r has label as its label file. */
static bool labelled(const char *r, const char *name, const char *label)
{
    char path[PATH_MAX], text[64] = "";
    snprintf(path, sizeof(path), "%s/%s/label", r, name);
    FILE *f = strncmp(name, "gpiochip", 8) ? NULL : fopen(path, "r");
    if (!f)
        return false;
    bool read = fgets(text, sizeof(text), f) != NULL;
    fclose(f);
    text[strcspn(text, "\n")] = '\0';
    return read && !strcmp(text, label);
}

/* Into dir: the chip directory named by descr ("gpiochip0" or a path to
 * it), or the one labelled descr. */
static bool find_chip(char *dir, size_t len, const char *r, const char *descr)
{
    snprintf(dir, len, "%s/%s", r, strrchr(descr, '/') ? strrchr(descr, '/') + 1 : descr);
    DIR *d = is_dir(dir) ? NULL : opendir(r);
    bool found = !d;
    struct dirent *de;
    while (d && !found && (de = readdir(d))) {
        found = labelled(r, de->d_name, descr);
        if (found)
            snprintf(dir, len, "%s/%s", r, de->d_name);
    }
    if (d)
        closedir(d);
    return found && is_dir(dir);
}

struct gpiod_chip *gpiod_chip_open_lookup(const char *descr)
{
    const char *r = root();
    if (!r) {
        errno = ENODEV;
        return NULL;
    }
    struct gpiod_chip *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    if (!find_chip(c->dir, sizeof(c->dir), r, descr)) {
        free(c);
        errno = ENOENT;
        return NULL;
    }
    return c;
}

void gpiod_chip_close(struct gpiod_chip *chip)
{
    if (!chip)
        return;
    struct gpiod_line *l = chip->lines;
    while (l) {
        struct gpiod_line *next = l->next_in_chip;
        gpiod_line_release(l);
        free(l);
        l = next;
    }
    free(chip);
}

static struct gpiod_line *line_at(struct gpiod_chip *chip, const char *entry)
{
    struct gpiod_line *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    snprintf(l->path, sizeof(l->path), "%s/%s", chip->dir, entry);
    l->chip = chip;
    l->fd = l->idle_write = l->held = -1;
    l->next_in_chip = chip->lines;
    chip->lines = l;
    return l;
}

struct gpiod_line *gpiod_chip_get_line(struct gpiod_chip *chip, unsigned int offset)
{
    char entry[16];
    snprintf(entry, sizeof(entry), "%u", offset);
    return line_at(chip, entry);
}

struct gpiod_chip *gpiod_line_get_chip(struct gpiod_line *line)
{
    return line->chip;
}

struct gpiod_line *gpiod_line_find(const char *name)
{
    const char *r = root();
    DIR *d = r ? opendir(r) : NULL;
    struct dirent *de;
    struct gpiod_line *found = NULL;
    while (d && !found && (de = readdir(d))) {
        if (strncmp(de->d_name, "gpiochip", 8))
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s/%s", r, de->d_name, name);
        if (access(path, F_OK))
            continue;
        struct gpiod_chip *c = gpiod_chip_open_lookup(de->d_name);
        if (c)
            found = line_at(c, name);
    }
    if (d)
        closedir(d);
    if (!found)
        errno = ENOENT;
    return found;
}

static int write_level(struct gpiod_line *line, int value)
{
    int fd = open(line->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    const char *text = value ? "1\n" : "0\n";
    ssize_t w = write(fd, text, 2);
    close(fd);
    return w == 2 ? 0 : -1;
}

/* Take the line's lock, as the kernel marks a line requested: EBUSY when
 * another request (this process's or another's) holds it. */
static int hold(struct gpiod_line *line)
{
    char path[sizeof(line->path) + 8];
    snprintf(path, sizeof(path), "%s.held", line->path);
    int fd = line->mode == FREE ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB)) {
        if (fd >= 0)
            close(fd);
        errno = EBUSY;
        return -1;
    }
    line->held = fd;
    return 0;
}

int gpiod_line_request_output(struct gpiod_line *line, const char *consumer, int default_val)
{
    (void)consumer;
    if (hold(line))
        return -1;
    if (write_level(line, default_val)) {
        gpiod_line_release(line);
        return -1;
    }
    line->mode = OUTPUT;
    return 0;
}

int gpiod_line_request_both_edges_events(struct gpiod_line *line, const char *consumer)
{
    (void)consumer;
    if (hold(line))
        return -1;
    char fifo[sizeof(line->path) + 8];
    snprintf(fifo, sizeof(fifo), "%s.edges", line->path);
    /* Read-write: the FIFO never reports end-of-file when a writer leaves. */
    line->fd = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (line->fd < 0) {
        int p[2];
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK)) {
            gpiod_line_release(line);
            return -1;
        }
        line->fd = p[0];
        line->idle_write = p[1];
    }
    line->mode = EDGES;
    return 0;
}

int gpiod_line_set_value(struct gpiod_line *line, int value)
{
    if (line->mode != OUTPUT) {
        errno = EPERM;
        return -1;
    }
    return write_level(line, value);
}

int gpiod_line_event_get_fd(struct gpiod_line *line)
{
    if (line->mode != EDGES) {
        errno = EPERM;
        return -1;
    }
    return line->fd;
}

int gpiod_line_event_read(struct gpiod_line *line, struct gpiod_line_event *event)
{
    if (line->mode != EDGES) {
        errno = EPERM;
        return -1;
    }
    char c;
    do {
        if (read(line->fd, &c, 1) != 1)
            return -1; /* EAGAIN when only skipped bytes were pending */
    } while (c != '0' && c != '1');
    clock_gettime(CLOCK_MONOTONIC, &event->ts);
    event->event_type = c == '1' ? GPIOD_LINE_EVENT_RISING_EDGE : GPIOD_LINE_EVENT_FALLING_EDGE;
    return 0;
}

void gpiod_line_release(struct gpiod_line *line)
{
    if (line->fd >= 0)
        close(line->fd);
    if (line->idle_write >= 0)
        close(line->idle_write);
    if (line->held >= 0)
        close(line->held);
    line->fd = line->idle_write = line->held = -1;
    line->mode = FREE;
}
