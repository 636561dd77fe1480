/* The LD_PRELOAD fake libgpiod (tests/support/fake_gpiod.c), driven through
 * line.h and the button hal exactly as tprd drives it: levels land in
 * files a test can read from outside, edges come from a FIFO. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "gpio_lines.h"
#include "line.h"

static char dir[64];

static void path_of(char *buf, size_t len, const char *entry)
{
    snprintf(buf, len, "%s/gpiochip0/%s", dir, entry);
}

/* The level file's content, "" when missing. */
static const char *level(const char *entry)
{
    static char buf[8];
    char path[128];
    path_of(path, sizeof(path), entry);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(buf, sizeof(buf), f))
            buf[0] = '\0';
        fclose(f);
    }
    return buf;
}

static void feed(const char *entry, const char *bytes)
{
    char path[128];
    path_of(path, sizeof(path), entry);
    int fd = open(path, O_WRONLY | O_NONBLOCK);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, strlen(bytes)), (ssize_t)strlen(bytes));
    close(fd);
}

static int setup(void **state)
{
    (void)state;
    const char *pre = getenv("LD_PRELOAD");
    if (!pre || !strstr(pre, "fake_gpiod")) {
        fprintf(stderr, "needs LD_PRELOAD=libfake_gpiod.so (ctest sets it)\n");
        return -1;
    }
    snprintf(dir, sizeof(dir), "/tmp/tprd-gpio-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char chip[96];
    snprintf(chip, sizeof(chip), "%s/gpiochip0", dir);
    assert_int_equal(mkdir(chip, 0755), 0);
    setenv("TPRD_FAKE_GPIO_DIR", dir, 1);
    return 0;
}

static int rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int teardown(void **state)
{
    (void)state;
    nftw(dir, rm, 8, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void output_level_shows_in_a_file(void **state)
{
    (void)state;
    tpr_line_cfg cfg = {.used = true, .chip = "gpiochip0", .offset = 17};
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), 0);
    assert_string_equal(level("17"), "0\n");
    assert_int_equal(tpr_line_set(l, 1), 0);
    assert_string_equal(level("17"), "1\n");
    assert_int_equal(tpr_line_set(l, 0), 0);
    tpr_line_release(l);
    assert_string_equal(level("17"), "0\n");
}

/* Whether the line is requested: its lock file cannot be locked. */
static bool held(const char *entry)
{
    char path[128];
    path_of(path, sizeof(path), entry);
    strcat(path, ".held");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    assert_true(fd >= 0);
    bool busy = flock(fd, LOCK_EX | LOCK_NB) != 0;
    close(fd);
    return busy;
}

static void a_line_is_held_until_released_or_its_process_dies(void **state)
{
    (void)state;
    tpr_line_cfg cfg = {.used = true, .chip = "gpiochip0", .offset = 17};
    tpr_line *l = NULL, *again = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), 0);
    assert_true(held("17"));
    assert_int_equal(tpr_line_request_output(&again, &cfg, 0, "t", err, sizeof(err)), -EBUSY);
    tpr_line_release(l);
    assert_false(held("17"));

    /* Killed while driving the line high: the level file keeps 1, the
     * line is free (the board's pull-down decides the pin). */
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        if (tpr_line_request_output(&l, &cfg, 1, "t", err, sizeof(err)) == 0)
            raise(SIGKILL);
        _exit(1);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_string_equal(level("17"), "1\n");
    assert_false(held("17"));
}

static void named_line_is_found(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof(path), "MOTOR_EN");
    fclose(fopen(path, "w"));
    tpr_line_cfg cfg = {.used = true, .offset = -1, .name = "MOTOR_EN"};
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 1, "t", err, sizeof(err)), 0);
    assert_string_equal(level("MOTOR_EN"), "1\n");
    tpr_line_release(l);

    tpr_line_cfg missing = {.used = true, .offset = -1, .name = "NOPE"};
    assert_int_equal(tpr_line_request_output(&l, &missing, 0, "t", err, sizeof(err)), -ENOENT);
}

/* As gpiod_chip_open_lookup finds a chip by its label ("9030000.pl061:3"
 * on the kernel rig's PL061). */
static void chip_is_found_by_label(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof(path), "label");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("9030000.pl061\n", f);
    fclose(f);
    tpr_line_cfg cfg = {.used = true, .chip = "9030000.pl061", .offset = 3};
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 1, "t", err, sizeof(err)), 0);
    assert_string_equal(level("3"), "1\n");
    tpr_line_release(l);

    tpr_line_cfg other = {.used = true, .chip = "pinctrl-bcm2711", .offset = 3};
    assert_int_equal(tpr_line_request_output(&l, &other, 1, "t", err, sizeof(err)), -ENOENT);
}

static void missing_chip_fails_like_a_missing_device(void **state)
{
    (void)state;
    tpr_line_cfg cfg = {.used = true, .chip = "gpiochip4", .offset = 17};
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_output(&l, &cfg, 0, "t", err, sizeof(err)), -ENOENT);
    assert_non_null(strstr(err, "gpiochip4:17: cannot open the GPIO chip"));
}

static void edges_come_from_the_fifo(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof(path), "5.edges");
    assert_int_equal(mkfifo(path, 0600), 0);
    tpr_line_cfg cfg = {.used = true, .chip = "gpiochip0", .offset = 5};
    tpr_line *l = NULL;
    char err[256];
    assert_int_equal(tpr_line_request_edges(&l, &cfg, "t", err, sizeof(err)), 0);
    tpr_line_edge e;
    assert_int_equal(tpr_line_read_edge(l, &e), 0);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    feed("5.edges", "0\n1");
    assert_int_equal(tpr_line_read_edge(l, &e), 1);
    assert_false(e.rising);
    assert_true(e.t_us >= (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000);
    assert_int_equal(tpr_line_read_edge(l, &e), 1); /* the newline is skipped */
    assert_true(e.rising);
    assert_int_equal(tpr_line_read_edge(l, &e), 0);
    tpr_line_release(l);
}

static void button_press_through_the_hal(void **state)
{
    (void)state;
    char path[128];
    path_of(path, sizeof(path), "6.edges");
    assert_int_equal(mkfifo(path, 0600), 0);
    tpr_gpio_inputs_options c = {.active_low = true};
    c.next = (tpr_line_cfg){.used = true, .chip = "gpiochip0", .offset = 6, .active_low = true};
    c.debounce_ms = 20;
    tpr_inputs in;
    char err[256];
    assert_int_equal(tpr_gpio_inputs_open(&in, &c, "", err, sizeof(err)), 0);
    feed("6.edges", "0101"); /* a tap with bounce, all within microseconds */
    struct pollfd p = {.fd = in.fd, .events = POLLIN};
    assert_int_equal(poll(&p, 1, 1000), 1);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    tpr_button_edge e;
    assert_true(in.next(in.ctx, now, true, &e));
    assert_int_equal(e.button, TPR_BUTTON_NEXT);
    assert_true(e.pressed);
    assert_false(in.next(in.ctx, now, true, &e));           /* the rest is bounce ... */
    assert_true(in.next(in.ctx, now + 1000000, false, &e)); /* ... let go once quiet */
    assert_false(e.pressed);
    assert_false(in.next(in.ctx, now + 1000000, false, &e));
    in.close(in.ctx);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(output_level_shows_in_a_file),
        T(a_line_is_held_until_released_or_its_process_dies),
        T(named_line_is_found),
        T(chip_is_found_by_label),
        T(missing_chip_fails_like_a_missing_device),
        T(edges_come_from_the_fifo),
        T(button_press_through_the_hal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
