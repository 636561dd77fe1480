/* Editing one value in place: the rest of the file stays byte-for-byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends.h"
#include "config_test.h"
#include "iio_options.h"
#include "ini_edit.h"
#include "system_config.h"

static char dir[64];
static char path[128];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/tpr-ini-edit-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/tprd.conf", dir);
    return 0;
}

/* Remove everything in dir; the test fails if a temporary file was left. */
static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    int stray = 0;
    char p[512];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        stray += strstr(e->d_name, "tprd.conf.") != NULL;
        snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return stray ? -1 : 0;
}

static void write_file(const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(void)
{
    static char buf[4096];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void set_ok(const char *section, const char *key, const char *value)
{
    char err[256] = "";
    if (tpr_ini_set(path, section, key, value, err, sizeof(err)))
        fail_msg("%s", err);
}

static const char original[] = "# tprd system configuration\n"
                               "\n"
                               "[device]\n"
                               "rate = 1000 Hz   ; loop rate\n"
                               "\n"
                               "[pressure]\n"
                               "  ; calibration follows\n"
                               "  backend = iio\n"
                               "\tcal_zero\t=  12.5   ; tare\n"
                               "cal_scale:0.01\n"
                               "# cal_zero = 99 (old value)\n"
                               "\n"
                               "# Motor section\n"
                               "[motor]\n"
                               "cal_zero = 7\n"
                               "backend = sim";

static void replaces_only_the_value(void **state)
{
    (void)state;
    write_file(original);
    set_ok("pressure", "cal_zero", "-3.25");
    set_ok("pressure", "cal_scale", "0.0456");
    char expected[sizeof(original) + 64];
    snprintf(expected, sizeof(expected), "%s",
             "# tprd system configuration\n\n[device]\nrate = 1000 Hz   ; loop rate\n\n"
             "[pressure]\n  ; calibration follows\n  backend = iio\n"
             "\tcal_zero\t=  -3.25   ; tare\n"
             "cal_scale:0.0456\n# cal_zero = 99 (old value)\n\n# Motor section\n[motor]\n"
             "cal_zero = 7\nbackend = sim");
    assert_string_equal(read_file(), expected);
    /* The value at the end of a file without a final newline. */
    set_ok("motor", "backend", "pwm");
    expected[strlen(expected) - 3] = '\0';
    strcat(expected, "pwm");
    assert_string_equal(read_file(), expected);
}

static void adds_a_missing_key_after_the_last_setting(void **state)
{
    (void)state;
    write_file(original);
    set_ok("pressure", "cal_unit", "volt");
    const char *text = read_file();
    assert_contains(text, "cal_scale:0.01\ncal_unit = volt\n# cal_zero = 99 (old value)\n");
    assert_int_equal(strlen(text), strlen(original) + strlen("cal_unit = volt\n"));
    /* Appending to the last section, which has no final newline. */
    set_ok("motor", "pwmchip", "1");
    assert_contains(read_file(), "[motor]\ncal_zero = 7\nbackend = sim\npwmchip = 1\n");
}

static void adds_a_missing_section_at_the_end(void **state)
{
    (void)state;
    write_file("[device]\nrate = 1000\n");
    set_ok("pressure", "cal_zero", "1.5");
    assert_string_equal(read_file(), "[device]\nrate = 1000\n\n[pressure]\ncal_zero = 1.5\n");
    write_file("[device]\nrate = 1000");
    set_ok("pressure", "cal_zero", "1.5");
    assert_string_equal(read_file(), "[device]\nrate = 1000\n\n[pressure]\ncal_zero = 1.5\n");
}

static void creates_a_missing_file(void **state)
{
    (void)state;
    unlink(path);
    set_ok("pressure", "cal_scale", "0.02");
    assert_string_equal(read_file(), "[pressure]\ncal_scale = 0.02\n");
}

static void keeps_crlf_and_permissions(void **state)
{
    (void)state;
    write_file("[pressure]\r\ncal_zero = 1\r\n; note\r\n");
    chmod(path, 0640);
    set_ok("pressure", "cal_zero", "2");
    set_ok("pressure", "cal_scale", "3");
    assert_string_equal(read_file(), "[pressure]\r\ncal_zero = 2\r\ncal_scale = 3\r\n; note\r\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0640);
}

static void edits_the_target_of_a_link(void **state)
{
    (void)state;
    char link[160];
    snprintf(link, sizeof(link), "%s/link.conf", dir);
    write_file("[pressure]\ncal_zero = 1\n");
    assert_int_equal(symlink("tprd.conf", link), 0);
    char err[256];
    assert_int_equal(tpr_ini_set(link, "pressure", "cal_zero", "4", err, sizeof(err)), 0);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(read_file(), "[pressure]\ncal_zero = 4\n");
}

static void refuses_text_that_would_not_read_back(void **state)
{
    (void)state;
    write_file(original);
    char err[256];
    assert_int_equal(tpr_ini_set(path, "pressure", "cal_zero", "1\n[motor]", err, sizeof(err)), -1);
    assert_contains(err, "cal_zero");
    assert_int_equal(tpr_ini_set(path, "pressure", "cal_zero", "1 ; x", err, sizeof(err)), -1);
    assert_int_equal(tpr_ini_set(path, "pres]sure", "cal_zero", "1", err, sizeof(err)), -1);
    assert_int_equal(tpr_ini_set(path, "pressure", "cal=zero", "1", err, sizeof(err)), -1);
    assert_int_equal(tpr_ini_set(path, "pressure", "", "1", err, sizeof(err)), -1);
    assert_string_equal(read_file(), original);
    assert_int_equal(
        tpr_ini_set("/nonexistent/dir/tprd.conf", "pressure", "cal_zero", "1", err, sizeof(err)),
        -1);
    assert_contains(err, "/nonexistent/dir/tprd.conf: cannot write");
}

/* What calibration does: store zero and scale, then load them back. */
static void calibration_values_load_back(void **state)
{
    (void)state;
    write_file("# my device\n[pressure]\nbackend = sim ; for now\ncal_unit = raw\n");
    set_ok("pressure", "cal_zero", "812.5");
    set_ok("pressure", "cal_scale", "0.00153");
    tpr_system_config c;
    char err[256] = "";
    if (tpr_system_config_load(path, &c, err, sizeof(err)))
        fail_msg("%s", err);
    const tpr_iio_options *iio =
        tpr_system_backend_options(&c, tpr_backend_find(TPR_PART_PRESSURE, "iio"));
    assert_near(iio->cal_zero, 812.5, 1e-12);
    assert_near(iio->cal_scale, 0.00153, 1e-12);
    assert_contains(read_file(), "# my device\n[pressure]\nbackend = sim ; for now\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(replaces_only_the_value, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(adds_a_missing_key_after_the_last_setting, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(adds_a_missing_section_at_the_end, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(creates_a_missing_file, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(keeps_crlf_and_permissions, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(edits_the_target_of_a_link, make_dir, remove_dir),
        cmocka_unit_test_setup_teardown(refuses_text_that_would_not_read_back, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(calibration_values_load_back, make_dir, remove_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
