#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* In the child: stdin from the pipe, stdout to /dev/null (gnuplot falls
 * back to it when it cannot open the output), then exec. An exec failure
 * goes back through err_fd (closed on a successful exec) as errno. */
static void child(int script_fd, int err_fd, const char *program)
{
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0 && dup2(null_fd, STDOUT_FILENO) >= 0 && dup2(script_fd, STDIN_FILENO) >= 0)
        execlp(program, program, (char *)NULL);
    int e = errno;
    ssize_t n = write(err_fd, &e, sizeof(e));
    (void)n;
    _exit(127);
}

/* Fork and exec gnuplot with its stdin on a pipe: *script is the write end. */
static int spawn(FILE **script_out, pid_t *pid_out)
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
        child(script[0], err[1], program);
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
    /* Say it plainly when the picture cannot be written at all; a file
     * made just for that goes again if gnuplot cannot start. */
    bool existed = access(output, F_OK) == 0;
    int out_fd = open(output, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (out_fd < 0)
        return tprctl_fail("%s: %s", output, strerror(errno));
    close(out_fd);
    *g = (tprctl_gnuplot){.output = output};
    if (spawn(&g->script, &g->pid) != TPRCTL_OK) {
        if (!existed)
            unlink(output);
        return TPRCTL_ERR;
    }
    FILE *f = g->script;
    fprintf(f,
            "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "  set terminal pngcairo size %d,%d noenhanced font 'sans,9'\n"
            "} else {\n"
            "  set terminal png size %d,%d noenhanced\n"
            "}\n"
            "set output ",
            width, height, width, height);
    tprctl_gnuplot_string(f, output);
    fputc('\n', f);
    return TPRCTL_OK;
}

/* The output starts with the PNG signature and holds more than a header. */
static bool wrote_png(const char *path)
{
    char head[sizeof(PNG_SIGNATURE)];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool ok = fread(head, 1, sizeof(head), f) == sizeof(head) &&
              memcmp(head, PNG_SIGNATURE, sizeof(head)) == 0;
    fclose(f);
    return ok;
}

int tprctl_gnuplot_finish(tprctl_gnuplot *g)
{
    fputs("unset output\n", g->script);
    bool write_error = fclose(g->script) != 0;
    int status;
    while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR)
        ;
    int rc = TPRCTL_OK;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = tprctl_fail("gnuplot failed (%s %d) drawing %s",
                         WIFEXITED(status) ? "exit status" : "signal",
                         WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), g->output);
    else if (write_error)
        rc = tprctl_fail("gnuplot stopped reading its script for %s", g->output);
    else if (!wrote_png(g->output))
        rc = tprctl_fail("%s: gnuplot did not write a PNG there", g->output);
    if (rc != TPRCTL_OK)
        unlink(g->output);
    return rc;
}
