#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tprctl.h"

static const char PNG_SIGNATURE[8] = "\x89PNG\r\n\x1a\n";

void tprctl_gnuplot_string(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, f);
    }
    fputc('\'', f);
}

/* In the child: stdin from the pipe, stdout to the picture's file, then
 * exec. An exec failure goes back through err_fd (closed on a successful
 * exec) as errno. */
static void child(int script_fd, int png_fd, int err_fd, const char *program)
{
    if (dup2(png_fd, STDOUT_FILENO) >= 0 && dup2(script_fd, STDIN_FILENO) >= 0)
        execlp(program, program, (char *)NULL);
    int e = errno;
    ssize_t n = write(err_fd, &e, sizeof(e));
    (void)n;
    _exit(127);
}

/* Fork and exec gnuplot with its stdin on a pipe (*script is the write
 * end) and its stdout on png_fd. */
static int spawn(int png_fd, FILE **script_out, pid_t *pid_out)
{
    const char *program = getenv("TPRCTL_GNUPLOT");
    program = program && *program ? program : "gnuplot";
    int script[2], err[2];
    if (pipe2(script, O_CLOEXEC) != 0)
        return tprctl_fail("pipe: %s", strerror(errno));
    if (pipe2(err, O_CLOEXEC) != 0) {
        close(script[0]);
        close(script[1]);
        return tprctl_fail("pipe: %s", strerror(errno));
    }
    /* gnuplot stopping early must give an error here, not kill tprctl. */
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid == 0)
        child(script[0], png_fd, err[1], program);
    close(script[0]);
    close(err[1]);
    int e = 0;
    if (pid < 0)
        e = errno;
    else if (read(err[0], &e, sizeof(e)) != (ssize_t)sizeof(e))
        e = 0;
    close(err[0]);
    if (e) {
        close(script[1]);
        if (pid > 0)
            waitpid(pid, NULL, 0);
        return tprctl_fail("cannot run %s: %s (plots need gnuplot: apt-get install gnuplot-nox)",
                           program, strerror(e));
    }
    *script_out = fdopen(script[1], "w");
    if (!*script_out) {
        close(script[1]);
        waitpid(pid, NULL, 0);
        return tprctl_fail("fdopen: %s", strerror(errno));
    }
    *pid_out = pid;
    return TPRCTL_OK;
}

int tprctl_gnuplot_start(tprctl_gnuplot *g, const char *output, int width, int height)
{
    *g = (tprctl_gnuplot){0};
    int rc = tprctl_output_open(&g->out, output);
    if (rc != TPRCTL_OK)
        return rc;
    if (!(g->png = tmpfile()))
        rc = tprctl_fail("temporary file for the picture: %s", strerror(errno));
    else if ((rc = spawn(fileno(g->png), &g->script, &g->pid)) != TPRCTL_OK)
        fclose(g->png);
    if (rc != TPRCTL_OK)
        return tprctl_output_close(&g->out, rc);
    /* No "set output": the picture goes to standard output. */
    fprintf(g->script,
            "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "  set terminal pngcairo size %d,%d noenhanced font 'sans,9'\n"
            "} else {\n"
            "  set terminal png size %d,%d noenhanced\n"
            "}\n",
            width, height, width, height);
    return TPRCTL_OK;
}

/* The picture starts with the PNG signature and holds more than that. */
static bool drew_png(FILE *png)
{
    char head[sizeof(PNG_SIGNATURE) + 1];
    rewind(png);
    return fread(head, 1, sizeof(head), png) == sizeof(head) &&
           memcmp(head, PNG_SIGNATURE, sizeof(PNG_SIGNATURE)) == 0;
}

/* Copy the picture to out. Returns 0, or the errno of the read or write
 * that failed (taken at once: a device such as /dev/full says why only
 * then). */
static int copy(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;
    rewind(from);
    while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
        if (fwrite(buf, 1, n, to) != n || fflush(to) != 0)
            return errno ? errno : EIO;
    return ferror(from) ? EIO : 0;
}

int tprctl_gnuplot_finish(tprctl_gnuplot *g, int status)
{
    fputs("unset output\n", g->script);
    bool write_error = fclose(g->script) != 0;
    int ws;
    while (waitpid(g->pid, &ws, 0) < 0 && errno == EINTR)
        ;
    const char *name = g->out.path;
    int rc = TPRCTL_OK, e;
    if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
        rc = tprctl_fail("gnuplot failed (%s %d) drawing %s",
                         WIFEXITED(ws) ? "exit status" : "signal",
                         WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws), name);
    else if (write_error)
        rc = tprctl_fail("gnuplot stopped reading its script for %s", name);
    else if (!drew_png(g->png))
        rc = tprctl_fail("%s: gnuplot did not draw a PNG", name);
    else if (status == TPRCTL_OK && (e = copy(g->png, g->out.f)) != 0)
        rc = tprctl_fail("%s: write error: %s", name, strerror(e));
    fclose(g->png);
    return tprctl_output_close(&g->out, status != TPRCTL_OK ? status : rc);
}
