/* The system config: defaults run the simulated device, a full hardware
 * file reads into the right fields, mistakes are reported at file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config_test.h"
#include "system_config.h"

static tpr_system_config cfg;

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
    assert_int_equal(cfg.pressure, TPR_PRESSURE_SIM);
    assert_int_equal(cfg.motor, TPR_MOTOR_SIM);
    assert_memory_equal(&cfg.core, &core, sizeof(core));
    assert_near(cfg.tip_area_cm2, 1.0, 1e-6);
    assert_string_equal(cfg.iio_uri, "local:");
    assert_string_equal(cfg.pwm_root, "/sys/class/pwm");
    assert_near(cfg.cal_scale, 1.0, 0);
    assert_false(cfg.enable.used || cfg.start_pause.used || cfg.next.used || cfg.led.used ||
                 cfg.buzzer.used);
    assert_string_equal(cfg.data_dir, "/var/lib/tprd");
    assert_string_equal(cfg.profiles_dir, "/etc/tprd/users");
    assert_string_equal(cfg.socket_path, "/run/tprd/tprd.sock");
    assert_int_equal(cfg.debounce_ms, 20);
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
    assert_int_equal(cfg.pressure, TPR_PRESSURE_SIM);
    assert_int_equal(cfg.motor, TPR_MOTOR_SIM);
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
    assert_int_equal(cfg.pressure, TPR_PRESSURE_IIO);
    assert_string_equal(cfg.iio_uri, "ip:192.168.1.20");
    assert_string_equal(cfg.iio_device, "ads1115");
    assert_int_equal(cfg.iio_channels, 2);
    assert_string_equal(cfg.iio_channel[0], "voltage0");
    assert_string_equal(cfg.iio_channel[1], "voltage1");
    assert_int_equal(cfg.combine, TPR_COMBINE_MAX);
    assert_int_equal(cfg.iio_mode, TPR_IIO_BUFFERED);
    assert_int_equal(cfg.iio_buffer_samples, 32);
    assert_int_equal(cfg.cal_unit, TPR_CAL_VOLT);
    assert_near(cfg.cal_zero, -0.0123, 1e-12);
    assert_near(cfg.cal_scale, 45.5, 1e-12);
    assert_int_equal(cfg.motor, TPR_MOTOR_PWM);
    assert_string_equal(cfg.pwm_root, "/tmp/pwm");
    assert_int_equal(cfg.pwm_chip, 0);
    assert_int_equal(cfg.pwm_channel, 1);
    assert_int_equal(cfg.pwm_period_ns, 40000);
    assert_near(cfg.min_duty_pct, 20.0, 1e-6);
    assert_true(cfg.enable.used && cfg.enable.active_low);
    assert_string_equal(cfg.enable.chip, "gpiochip0");
    assert_int_equal(cfg.enable.offset, 17);
    assert_true(cfg.start_pause.used && !cfg.start_pause.active_low);
    assert_string_equal(cfg.start_pause.name, "GPIO5");
    assert_int_equal(cfg.start_pause.offset, -1);
    assert_string_equal(cfg.start_pause.chip, "");
    assert_string_equal(cfg.next.chip, "gpiochip1");
    assert_int_equal(cfg.next.offset, 6);
    assert_false(cfg.next.active_low);
    assert_int_equal(cfg.debounce_ms, 30);
    assert_true(cfg.led.used && cfg.led.active_low && cfg.buzzer.active_low);
    assert_string_equal(cfg.buzzer.name, "GPIO23");
    assert_string_equal(cfg.data_dir, "/data");
    assert_string_equal(cfg.profiles_dir, "/data/users");
    assert_string_equal(cfg.socket_path, "/run/t.sock");
}

static void group_active_low_applies_whatever_the_order(void **state)
{
    (void)state;
    parse_ok("[buttons]\nactive_low = true\nstart_pause = GPIO5\nnext = GPIO6\n");
    assert_true(cfg.start_pause.active_low && cfg.next.active_low);
    parse_ok("[buttons]\nstart_pause = GPIO5\nnext = GPIO6\nactive_low = false\n");
    assert_false(cfg.start_pause.active_low || cfg.next.active_low);
}

static void mistakes_in_single_keys(void **state)
{
    (void)state;
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

static void store_section(void **state)
{
    (void)state;
    parse_ok("[store]\ntrace_rate = 100 Hz\nkeep_traces = 90\nkeep_traces_mb = 500\n");
    assert_int_equal(cfg.trace_rate_hz, 100);
    assert_int_equal(cfg.keep_trace_days, 90);
    assert_int_equal(cfg.keep_trace_mb, 500);
    parse_ok("[device]\nrate = 500 Hz\n[store]\ntrace_rate = 500 Hz\n");
    parse_ok("[device]\nrate = 1 kHz\n");
    assert_int_equal(cfg.trace_rate_hz, 0); /* not set: every tick */
    BAD("[store]\n\ntrace_rate = 300 Hz\n", 3, "trace_rate (300 Hz)", "divide",
        "loop rate (1000 Hz)");
    BAD("[store]\ntrace_rate = 2 kHz\n", 2, "trace_rate", "divide");
    BAD("[store]\ntrace_rate = 250 Hz\n[device]\nrate = 300 Hz\n", 2, "trace_rate", "300 Hz");
    BAD("[store]\nkeep_traces = -1\n", 2, "keep_traces");
}

static void missing_file_is_named(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(tpr_system_config_load("/nonexistent/tprd.conf", &cfg, err, sizeof(err)), -1);
    assert_contains(err, "/nonexistent/tprd.conf: cannot open");
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
        cmocka_unit_test(store_section),
        cmocka_unit_test(missing_file_is_named),
        cmocka_unit_test(reference_lists_every_key_with_its_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
