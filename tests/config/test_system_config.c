/* The system config: defaults run the simulated device, a full hardware
 * file reads into the right fields, mistakes are reported at file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "backends.h"
#include "config_test.h"
#include "gpio_lines.h"
#include "gpio_motor.h"
#include "iio_options.h"
#include "pwm_motor.h"
#include "system_config.h"
#include "text_file.h"

static tpr_system_config cfg;

/* The options cfg holds for the backend of part named name. */
static const void *options_of(tpr_part part, const char *name)
{
    const tpr_backend *b = tpr_backend_find(part, name);
    assert_non_null(b);
    return tpr_system_backend_options(&cfg, b);
}

#define IIO ((const tpr_iio_options *)options_of(TPR_PART_PRESSURE, "iio"))
#define PWM ((const tpr_pwm_options *)options_of(TPR_PART_MOTOR, "pwm"))
#define BUTTONS ((const tpr_gpio_inputs_options *)options_of(TPR_PART_INPUTS, "gpio"))
#define INDICATORS ((const tpr_gpio_indicator_options *)options_of(TPR_PART_INDICATOR, "gpio"))

static const char *backend(tpr_part part)
{
    return tpr_system_backend(&cfg, part)->name;
}

static void parse_ok(const char *text)
{
    char err[256] = "";
    if (tpr_system_config_parse(text, "tprd.conf", &cfg, err, sizeof(err)))
        fail_msg("rejected: %s", err);
}

/* Rejected with "tprd.conf:LINE: " and a message holding every string of
 * what; cfg unchanged. */
static void parse_bad(const char *text, int line, const char *const *what)
{
    char err[256] = "", prefix[32];
    tpr_system_config_default(&cfg);
    tpr_system_config before = cfg;
    assert_int_equal(tpr_system_config_parse(text, "tprd.conf", &cfg, err, sizeof(err)), -1);
    snprintf(prefix, sizeof(prefix), "tprd.conf:%d: ", line);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("'%s' does not start with '%s'", err, prefix);
    for (size_t i = 0; what[i]; i++)
        assert_contains(err, what[i]);
    assert_memory_equal(&cfg, &before, sizeof(cfg));
}

#define BAD(text, line, ...) parse_bad(text, line, (const char *const[]){__VA_ARGS__, NULL})

static void defaults_run_the_simulated_device(void **state)
{
    (void)state;
    tpr_core_cfg core;
    tpr_core_cfg_default(&core);
    tpr_system_config_default(&cfg);
    assert_string_equal(backend(TPR_PART_PRESSURE), "sim");
    assert_string_equal(backend(TPR_PART_MOTOR), "sim");
    assert_memory_equal(&cfg.core, &core, sizeof(core));
    assert_near(cfg.tip_area_cm2, 1.0, 1e-6);
    assert_string_equal(IIO->uri, "local:");
    assert_string_equal(PWM->root, "/sys/class/pwm");
    assert_near(IIO->cal_scale, 1.0, 0);
    assert_false(PWM->enable.used || BUTTONS->start_pause.used || BUTTONS->next.used ||
                 INDICATORS->led.used || INDICATORS->buzzer.used);
    assert_false(PWM->unsafe_without_enable);
    assert_string_equal(cfg.data_dir, "/var/lib/tprd");
    assert_string_equal(cfg.profiles_dir, "/etc/tprd/users");
    assert_string_equal(cfg.socket_path, "/run/tprd/tprd.sock");
    assert_int_equal(BUTTONS->debounce_ms, 20);
    assert_string_equal(cfg.path, "");
    /* Every default written in the table passes its own checks. */
    char err[128] = "";
    tpr_system_config scratch;
    memset(&scratch, 0, sizeof(scratch));
    if (tpr_options_set_defaults(&tpr_system_options, &scratch, err, sizeof(err)))
        fail_msg("%s", err);
}

static void example_file_is_the_simulated_device(void **state)
{
    (void)state;
    char err[256] = "";
    tpr_system_config def;
    tpr_system_config_default(&def);
    if (tpr_system_config_load(source_path("config/tprd.conf"), &cfg, err, sizeof(err)))
        fail_msg("%s", err);
    assert_string_equal(backend(TPR_PART_PRESSURE), "sim");
    assert_string_equal(backend(TPR_PART_MOTOR), "sim");
    assert_memory_equal(&cfg.core, &def.core, sizeof(def.core));
    assert_string_equal(cfg.path, source_path("config/tprd.conf"));
}

static void a_full_hardware_file(void **state)
{
    (void)state;
    parse_ok("[device]\nrate = 500 Hz\ntip_area = 50 mm2\nrange_min = -20 kPa\n"
             "range_max = 8 kgf/cm2\nstuck = 3 s\nstale = 40\nfault_clear = 0.25 s\n"
             "slew = 150 %/s\n"
             "[pressure]\nbackend = iio\nuri = ip:192.168.1.20\ndevice = ads1115\n"
             "channels = voltage0, voltage1\ncombine = max\nmode = buffered\nbuffer = 32\n"
             "cal_unit = volt\ncal_zero = -0.0123\ncal_scale = 45.5\n"
             "[motor]\nbackend = pwm\npwm_root = /tmp/pwm\npwmchip = 0\nchannel = 1\n"
             "period = 25 kHz\nmin_duty = 20 %\nenable = gpiochip0:17\nenable_active_low = yes\n"
             "[buttons]\nstart_pause = GPIO5\nnext = gpiochip1:6\nactive_low = false\n"
             "debounce = 30 ms\n"
             "[indicators]\nled = GPIO22\nbuzzer = GPIO23\nactive_low = on\n"
             "[paths]\ndata_dir = /data\nprofiles_dir = /data/users\nsocket = /run/t.sock\n");
    assert_int_equal(cfg.core.rate_hz, 500);
    assert_near(cfg.tip_area_cm2, 0.5, 1e-6);
    assert_near(cfg.core.range_min_kpa, -20.0, 1e-4);
    assert_near(cfg.core.range_max_kpa, 8 * 98.0665, 1e-3);
    assert_int_equal(cfg.core.stuck_ms, 3000);
    assert_int_equal(cfg.core.stale_ms, 40);
    assert_int_equal(cfg.core.fault_clear_ms, 250);
    assert_near(cfg.core.slew_pct_per_s, 150.0, 1e-4);
    assert_string_equal(backend(TPR_PART_PRESSURE), "iio");
    assert_string_equal(IIO->uri, "ip:192.168.1.20");
    assert_string_equal(IIO->device, "ads1115");
    assert_int_equal(IIO->channels, 2);
    assert_string_equal(IIO->channel[0], "voltage0");
    assert_string_equal(IIO->channel[1], "voltage1");
    assert_int_equal(IIO->combine, TPR_COMBINE_MAX);
    assert_int_equal(IIO->mode, TPR_IIO_BUFFERED);
    assert_int_equal(IIO->buffer_samples, 32);
    assert_int_equal(IIO->cal_unit, TPR_CAL_VOLT);
    assert_near(IIO->cal_zero, -0.0123, 1e-12);
    assert_near(IIO->cal_scale, 45.5, 1e-12);
    assert_string_equal(backend(TPR_PART_MOTOR), "pwm");
    assert_string_equal(PWM->root, "/tmp/pwm");
    assert_int_equal(PWM->chip, 0);
    assert_int_equal(PWM->channel, 1);
    assert_int_equal(PWM->period_ns, 40000);
    assert_near(PWM->min_duty_pct, 20.0, 1e-6);
    assert_true(PWM->enable.used && PWM->enable.active_low);
    assert_string_equal(PWM->enable.chip, "gpiochip0");
    assert_int_equal(PWM->enable.offset, 17);
    assert_true(BUTTONS->start_pause.used && !BUTTONS->start_pause.active_low);
    assert_string_equal(BUTTONS->start_pause.name, "GPIO5");
    assert_int_equal(BUTTONS->start_pause.offset, -1);
    assert_string_equal(BUTTONS->start_pause.chip, "");
    assert_string_equal(BUTTONS->next.chip, "gpiochip1");
    assert_int_equal(BUTTONS->next.offset, 6);
    assert_false(BUTTONS->next.active_low);
    assert_int_equal(BUTTONS->debounce_ms, 30);
    assert_true(INDICATORS->led.used && INDICATORS->led.active_low &&
                INDICATORS->buzzer.active_low);
    assert_string_equal(INDICATORS->buzzer.name, "GPIO23");
    assert_string_equal(cfg.data_dir, "/data");
    assert_string_equal(cfg.profiles_dir, "/data/users");
    assert_string_equal(cfg.socket_path, "/run/t.sock");
}

static void group_active_low_applies_whatever_the_order(void **state)
{
    (void)state;
    parse_ok("[buttons]\nactive_low = true\nstart_pause = GPIO5\nnext = GPIO6\n");
    assert_true(BUTTONS->start_pause.active_low && BUTTONS->next.active_low);
    parse_ok("[buttons]\nstart_pause = GPIO5\nnext = GPIO6\nactive_low = false\n");
    assert_false(BUTTONS->start_pause.active_low || BUTTONS->next.active_low);
}

static void mistakes_in_single_keys(void **state)
{
    (void)state;
    BAD("[device]\nrate = 1000\ndefault_user = ../../etc/x\n", 3,
        "[device] default_user must be a plain name: '../../etc/x' has '.' at byte 1");
    BAD("[device]\ndefault_user = al ice\n", 2, "'al ice' has ' ' at byte 3");
    parse_ok("[device]\ndefault_user = alice_2\n");
    BAD("[device]\nrate = 1000\n[sensor]\n", 3, "unknown section [sensor]");
    BAD("[motor]\nbackend = sim\nspeed = 3\n", 3, "[motor]", "speed", "unknown key");
    BAD("[pressure]\nbackend = spi\n", 2, "backend", "'spi'", "sim, iio");
    BAD("[device]\ntip_area = 1 kPa\n", 2, "tip_area", "pressure");
    BAD("[device]\nrate = 5 Hz\n", 2, "rate", "minimum 100 Hz");
    BAD("[device]\nrate = 1000\nrate = 500\n", 3, "rate", "duplicate", "line 2");
    BAD("[motor]\nperiod = 0 Hz\n", 2, "period", "above 0");
    BAD("[motor]\nenable = gpiochip0:x\n", 2, "enable", "gpiochipN:OFFSET");
    BAD("[motor]\nenable_active_low = maybe\n", 2, "enable_active_low", "true or false");
    BAD("[pressure]\nchannels = a, b, c, d, e\n", 2, "channels", "more than 4");
    BAD("[pressure]\nchannels = voltage0, voltage0\n", 2, "channels", "twice");
    BAD("[paths]\ndata_dir =\n", 2, "data_dir", "missing");
    BAD("[buttons]\ndebounce = 2 s\n", 2, "debounce", "maximum 1000 ms");
}

static void settings_that_do_not_fit_together(void **state)
{
    (void)state;
    BAD("[pressure]\nbackend = iio\nchannels = voltage0\n", 2, "backend = iio", "device");
    BAD("# hardware\n[pressure]\nbackend = iio\ndevice = ads1115\n", 3, "channels");
    BAD("[motor]\nbackend = pwm\nenable = GPIO17\n", 2, "backend = pwm", "period");
    BAD("[pressure]\ncal_zero = 12\ncal_scale = 0\n", 3, "cal_scale", "not be 0");
    BAD("[device]\nrange_max = 10\nrange_min = 20\n", 3, "range_min", "range_max");
    BAD("[motor]\nenable = gpiochip0:17\n[indicators]\nled = gpiochip0:17\n", 4, "led",
        "[motor] enable");
    BAD("[buttons]\nstart_pause = GPIO5\nnext = GPIO5\n", 3, "next", "start_pause");
    /* Different chips or names are different lines. */
    parse_ok("[motor]\nenable = gpiochip0:17\n[indicators]\nled = gpiochip1:17\nbuzzer = GPIO17\n");
}

/* Sysfs PWM keeps running when tprd dies; only the enable line's pull-down
 * stops the motor then. */
static void pwm_motor_needs_its_enable_line(void **state)
{
    (void)state;
    BAD("[motor]\nbackend = pwm\nperiod = 25 kHz\n", 2, "[motor] backend = pwm needs enable",
        "keeps running when tprd dies");
    BAD("[motor]\nbackend = pwm\n", 2, "needs enable"); /* named before the period */
    BAD("[motor]\nperiod = 25 kHz\nbackend = pwm\n\nenable = none\n", 5, "needs enable");
    BAD("[motor]\nbackend = pwm\nperiod = 25 kHz\nunsafe_without_enable = no\n", 2, "needs enable");
    parse_ok("[motor]\nbackend = pwm\nperiod = 25 kHz\nenable = GPIO17\n");
    assert_false(PWM->unsafe_without_enable);
    /* A bench without the line says so in so many words. */
    parse_ok("[motor]\nbackend = pwm\nperiod = 25 kHz\nunsafe_without_enable = true\n");
    assert_true(PWM->unsafe_without_enable);
    assert_false(PWM->enable.used);
    BAD("[motor]\nenable = GPIO17\nunsafe_without_enable = yes\n", 3, "unsafe_without_enable",
        "enable is set");
}

/* A motor switched by one line: that line is its only control and its
 * fail-safe, so backend = gpio needs it. */
static void gpio_motor_needs_its_line(void **state)
{
    (void)state;
    BAD("[motor]\nbackend = gpio\n", 2, "[motor] backend = gpio needs line");
    BAD("[motor]\nbackend = stepper\n", 2, "'stepper'", "sim, pwm, gpio");
    parse_ok("[motor]\nbackend = gpio\nline = GPIO18\n");
    assert_string_equal(backend(TPR_PART_MOTOR), "gpio");
    const tpr_gpio_motor_options *m = options_of(TPR_PART_MOTOR, "gpio");
    assert_true(m->line.used);
    assert_string_equal(m->line.name, "GPIO18");
    BAD("[motor]\nbackend = gpio\nline = GPIO18\n[indicators]\nled = GPIO18\n", 5, "led",
        "[motor] line");
}

static void store_section(void **state)
{
    (void)state;
    parse_ok("[store]\ntrace_rate = 100 Hz\nkeep_traces = 90\nkeep_traces_mb = 500\n");
    assert_int_equal(cfg.trace_rate_hz, 100);
    assert_int_equal(cfg.keep_trace_days, 90);
    assert_int_equal(cfg.keep_trace_mb, 500);
    parse_ok("[device]\nrate = 500 Hz\n[store]\ntrace_rate = 500 Hz\n");
    parse_ok("[device]\nrate = 1 kHz\n");
    assert_int_equal(cfg.trace_rate_hz, 0); /* not set: the recorder chooses */
    BAD("[store]\n\ntrace_rate = 300 Hz\n", 3, "trace_rate (300 Hz)", "divide",
        "loop rate (1000 Hz)");
    BAD("[store]\ntrace_rate = 2 kHz\n", 2, "trace_rate", "divide");
    BAD("[store]\ntrace_rate = 250 Hz\n[device]\nrate = 300 Hz\n", 2, "trace_rate", "300 Hz");
    BAD("[store]\nkeep_traces = -1\n", 2, "keep_traces");
}

/* The measurement's target rate: Fischer's 100 kPa/s unless set, in kPa/s
 * or N/cm2/s, refused with its line outside its bounds. */
static void ppt_section(void **state)
{
    (void)state;
    parse_ok("[device]\nrate = 1 kHz\n");
    assert_true(cfg.ppt_rate_kpa_s == 100.0f);
    parse_ok("[ppt]\nrate = 50 kPa/s\n");
    assert_true(cfg.ppt_rate_kpa_s == 50.0f);
    parse_ok("[ppt]\nrate = 3 N/cm2/s\n");
    assert_true(cfg.ppt_rate_kpa_s == 30.0f);
    BAD("[ppt]\n\nrate = 600 kPa/s\n", 3, "rate");
    BAD("[ppt]\nrate = 5\n", 2, "rate");
    BAD("[ppt]\nrate = 100 kPa\n", 2, "rate");
    BAD("[ppt]\nspeed = 100\n", 2, "speed");
}

static void missing_file_is_named(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(tpr_system_config_load("/nonexistent/tprd.conf", &cfg, err, sizeof(err)), -1);
    assert_contains(err, "/nonexistent/tprd.conf: cannot open");
}

/* Write n bytes of comment lines ("#xxx...\n", 64 bytes a line) to path. */
static void write_comments(const char *path, size_t n)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fputc(i % 64 == 63 ? '\n' : i % 64 == 0 ? '#' : 'x', f);
    assert_int_equal(fclose(f), 0);
}

static void expect_refused(const char *path, const char *what)
{
    char err[256] = "";
    assert_int_equal(tpr_system_config_load(path, &cfg, err, sizeof(err)), -1);
    assert_contains(err, path);
    assert_contains(err, what);
}

static void only_a_regular_file_of_bounded_size_is_read(void **state)
{
    (void)state;
    char dir[] = "/tmp/tprd-config-XXXXXX", path[64], fifo[64];
    assert_non_null(mkdtemp(dir));
    /* /dev/zero was read forever, a directory read as an empty config, and
     * opening a FIFO waited for a writer. */
    expect_refused("/dev/zero", "not a regular file (a character device)");
    expect_refused(dir, "not a regular file (a directory)");
    snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    expect_refused(fifo, "not a regular file (a pipe)");
    snprintf(path, sizeof(path), "%s/big.conf", dir);
    write_comments(path, TPR_TEXT_FILE_MAX + 1);
    expect_refused(path, "larger than 65536 bytes");
    write_comments(path, TPR_TEXT_FILE_MAX);
    char err[256] = "";
    if (tpr_system_config_load(path, &cfg, err, sizeof(err)))
        fail_msg("a file at the bound was refused: %s", err);
    unlink(path);
    unlink(fifo);
    rmdir(dir);
}

static void reference_lists_every_key_with_its_default(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    tpr_system_config_help(f);
    fclose(f);
    for (size_t i = 0; i < tpr_system_options.count; i++) {
        char line[64];
        snprintf(line, sizeof(line), "\n  %s = ", tpr_system_options.opt[i].key);
        assert_contains(buf, line);
    }
    assert_contains(buf, "[pressure]\n  backend = sim\n");
    assert_contains(buf, "  data_dir = /var/lib/tprd\n");
    assert_contains(buf, "  period = (not set)\n");
    assert_contains(buf, "  debounce = 20 ms\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_run_the_simulated_device),
        cmocka_unit_test(example_file_is_the_simulated_device),
        cmocka_unit_test(a_full_hardware_file),
        cmocka_unit_test(group_active_low_applies_whatever_the_order),
        cmocka_unit_test(mistakes_in_single_keys),
        cmocka_unit_test(settings_that_do_not_fit_together),
        cmocka_unit_test(pwm_motor_needs_its_enable_line),
        cmocka_unit_test(gpio_motor_needs_its_line),
        cmocka_unit_test(store_section),
        cmocka_unit_test(ppt_section),
        cmocka_unit_test(missing_file_is_named),
        cmocka_unit_test(only_a_regular_file_of_bounded_size_is_read),
        cmocka_unit_test(reference_lists_every_key_with_its_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
