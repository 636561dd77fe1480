#include "ini_edit.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ini_syntax.h"

/* A growing output buffer. */
typedef struct text {
    char *buf;
    size_t len, cap;
} text;

static int put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *b = realloc(t->buf, cap);
        if (!b)
            return -1;
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
    return 0;
}

static int put_str(text *t, const char *s)
{
    return put(t, s, strlen(s));
}

static bool has_control(const char *s)
{
    for (; *s; s++)
        if (iscntrl((unsigned char)*s))
            return true;
    return false;
}

/* Refuse text that would not read back as the same section, key and value. */
static int check_names(const char *section, const char *key, const char *value, char *err,
                       size_t errlen)
{
    if (!*section || has_control(section) || strchr(section, ']')) {
        snprintf(err, errlen, "bad section name '%s'", section);
        return -1;
    }
    if (!*key || has_control(key) || strpbrk(key, "=:[;#") || isspace((unsigned char)key[0]) ||
        isspace((unsigned char)key[strlen(key) - 1])) {
        snprintf(err, errlen, "bad key '%s'", key);
        return -1;
    }
    if (has_control(value) || strchr(value, ';')) {
        snprintf(err, errlen, "%s: value must be one line without ';'", key);
        return -1;
    }
    return 0;
}

/* Where the edit goes, found by one pass over the file. */
typedef struct plan {
    const char *value_start, *value_end; /* the key's value, when found */
    const char *insert_at;               /* after the section's last setting */
    const char *newline;                 /* the file's line ending */
} plan;

/* True when [s, e) is the string name. */
static bool same(const char *s, const char *e, const char *name)
{
    return (size_t)(e - s) == strlen(name) && memcmp(s, name, (size_t)(e - s)) == 0;
}

static void scan(const char *in, size_t n, const char *section, const char *key, plan *p)
{
    const char *end = in + n;
    bool inside = false;
    p->newline = "\n";
    for (const char *line = in; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        const char *next = eol ? eol + 1 : end;
        if (eol && eol > line && eol[-1] == '\r' && line == in)
            p->newline = "\r\n";
        tpr_ini_line l;
        tpr_ini_line_kind kind = tpr_ini_split(line, eol ? eol : end, &l);
        if (kind == TPR_INI_SECTION) {
            inside = same(l.name, l.name_end, section);
            if (inside)
                p->insert_at = next;
        } else if (inside && kind == TPR_INI_SETTING) {
            if (!p->value_start && same(l.name, l.name_end, key)) {
                p->value_start = l.value;
                p->value_end = l.value_end;
            }
            p->insert_at = next;
        }
        line = next;
    }
}

/* The new file: in with the value replaced or the key or section added. */
static int edit(const char *in, size_t n, const char *section, const char *key, const char *value,
                text *out)
{
    plan p = {0};
    scan(in, n, section, key, &p);
    const char *nl = p.newline;
    if (p.value_start)
        return put(out, in, (size_t)(p.value_start - in)) || put_str(out, value) ||
               put(out, p.value_end, (size_t)(in + n - p.value_end));
    if (p.insert_at) {
        bool no_eol = p.insert_at == in + n && n && in[n - 1] != '\n';
        return put(out, in, (size_t)(p.insert_at - in)) || (no_eol && put_str(out, nl)) ||
               put_str(out, key) || put_str(out, " = ") || put_str(out, value) ||
               put_str(out, nl) || put(out, p.insert_at, (size_t)(in + n - p.insert_at));
    }
    return put(out, in, n) || (n && in[n - 1] != '\n' && put_str(out, nl)) ||
           (n && put_str(out, nl)) || put_str(out, "[") || put_str(out, section) ||
           put_str(out, "]") || put_str(out, nl) || put_str(out, key) || put_str(out, " = ") ||
           put_str(out, value) || put_str(out, nl);
}

/* Whole file into *buf (empty when it does not exist). */
static int slurp(const char *path, char **buf, size_t *n, struct stat *st, bool *exists)
{
    text t = {0};
    char chunk[4096];
    size_t got;
    FILE *f = fopen(path, "rb");
    *exists = f != NULL;
    if (!f && errno != ENOENT)
        return -1;
    if (f && fstat(fileno(f), st)) {
        fclose(f);
        return -1;
    }
    while (f && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (put(&t, chunk, got))
            break;
    bool bad = f && (ferror(f) || !feof(f));
    if (f)
        fclose(f);
    if (bad || put(&t, "", 0)) {
        free(t.buf);
        return -1;
    }
    *buf = t.buf;
    *n = t.len;
    return 0;
}

static int fsync_dir(const char *path)
{
    char copy[PATH_MAX];
    snprintf(copy, sizeof(copy), "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Replace path by data through a temporary file in the same directory. */
static int write_atomic(const char *path, const text *data, const struct stat *st, bool exists)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    bool ok = fchmod(fd, exists ? st->st_mode & 07777 : 0644) == 0;
    /* Keep the owner when we may (root editing a user's file). */
    if (ok && exists && fchown(fd, st->st_uid, st->st_gid) && errno != EPERM)
        ok = false;
    for (size_t done = 0; ok && done < data->len;) {
        ssize_t w = write(fd, data->buf + done, data->len - done);
        if (w < 0 && errno != EINTR)
            ok = false;
        done += w > 0 ? (size_t)w : 0;
    }
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return fsync_dir(path);
}

int tpr_ini_set(const char *path, const char *section, const char *key, const char *value,
                char *err, size_t errlen)
{
    if (check_names(section, key, value, err, errlen))
        return -1;
    /* Edit the file a symbolic link points to, not the link. */
    char target[PATH_MAX];
    if (!realpath(path, target))
        snprintf(target, sizeof(target), "%s", path);
    char *in = NULL;
    size_t n = 0;
    struct stat st;
    bool exists;
    if (slurp(target, &in, &n, &st, &exists)) {
        snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    text out = {0};
    int rc = edit(in, n, section, key, value, &out);
    free(in);
    if (rc) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else if (write_atomic(target, &out, &st, exists)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        rc = -1;
    }
    free(out.buf);
    return rc;
}
