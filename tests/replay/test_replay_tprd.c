/* tprd --replay end to end: the daemon's output is the library's for the
 * same settings and dose, --profile and --rate reach the core, and a
 * malformed trace exits with status 2 and "TRACE:LINE: message". */
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "profile.h"
#include "profile_select.h"
#include "replay.h"
#include "replay_fixture.h"
#include "system_config.h"
#include "trace_gen.h"

#define MUSCLE "vastus_lateralis"

extern char **environ;

/* The whole file at path, NUL-terminated (malloc'd); the file is removed. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

/* Run tprd with args (NULL-terminated), capturing stdout and stderr.
 * Returns the exit status; out and err are malloc'd, NUL-terminated. */
static int run_tprd(const char *const *args, char **out, char **err)
{
    const char *bin = getenv("TPRD_BIN");
    assert_non_null(bin);
    char out_path[64], err_path[64];
    fclose(fixture_create(out_path));
    fclose(fixture_create(err_path));
    const char *argv[16] = {bin};
    size_t n = 1;
    for (; args[n - 1]; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_path, O_WRONLY | O_TRUNC, 0);
    pid_t pid;
    assert_int_equal(posix_spawn(&pid, bin, &fa, NULL, (char *const *)argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    *out = slurp(out_path);
    *err = slurp(err_path);
    return WEXITSTATUS(status);
}

/* A session trace for dose d at rate_hz, 1.5 sessions long. */
static void write_trace(char *path, const tpr_dose *d, uint32_t rate_hz)
{
    trace_session s;
    trace_session_for(&s, d, rate_hz);
    uint64_t rows = (uint64_t)trace_session_period_ms(&s) * 3 / 2 * rate_hz / 1000;
    trace_format fmt = {.eol = "\n"};
    FILE *f = fixture_create(path);
    trace_write_header(f, &fmt);
    char kpa[32];
    for (uint64_t i = 0; i < rows; i++) {
        int64_t t = trace_sample_time(&s, i);
        trace_write_row(f, &fmt, t, trace_kpa_text(kpa, trace_session_kpa(&s, t)));
    }
    assert_int_equal(fclose(f), 0);
}

/* The library's replay of trace with the settings tprd would use. */
static char *library_replay(const char *trace, const char *config, const char *profile,
                            uint32_t rate_hz)
{
    static tpr_system_config sys;
    static tpr_profile prof;
    char err[512];
    if (tpr_system_config_load(config, &sys, err, sizeof(err)))
        fail_msg("%s", err);
    sys.core.rate_hz = rate_hz;
    if (profile && tpr_profile_load(profile, &prof, err, sizeof(err)))
        fail_msg("%s", err);
    if (!profile)
        tpr_profile_default(&prof);
    assert_int_equal(tpr_profile_select_muscle(&prof, MUSCLE, err, sizeof(err)), 0);
    char *out;
    size_t len;
    FILE *f = open_memstream(&out, &len);
    assert_int_equal(tpr_replay_run(trace, f, &sys.core, &prof.routine.dose[0], err, sizeof(err)),
                     0);
    fclose(f);
    return out;
}

static void compare_with_library(const char *profile, uint32_t rate_hz)
{
    char config[64], trace[64], rate[16];
    fixture_write(config, ""); /* built-in defaults, whatever the machine has */
    tpr_profile prof;
    char err[512];
    if (profile)
        assert_int_equal(tpr_profile_load(profile, &prof, err, sizeof(err)), 0);
    else
        tpr_profile_default(&prof);
    write_trace(trace, tpr_profile_dose(&prof, MUSCLE), rate_hz);
    snprintf(rate, sizeof(rate), "%u", rate_hz);

    const char *args[] = {"--config", config,     "--replay",
                          trace,      "--muscle", MUSCLE,
                          "--rate",   rate,       profile ? "--profile" : NULL,
                          profile,    NULL};
    char *out, *errs;
    int rc = run_tprd(args, &out, &errs);
    if (rc != 0)
        fail_msg("tprd exit %d: %s", rc, errs);
    char *want = library_replay(trace, config, profile, rate_hz);
    assert_true(strlen(out) > 1000);
    assert_string_equal(out, want);
    free(want);
    free(out);
    free(errs);
    unlink(trace);
    unlink(config);
}

static void default_profile_matches_library(void **state)
{
    (void)state;
    compare_with_library(NULL, 1000);
}

static void profile_and_rate_match_library(void **state)
{
    (void)state;
    char profile[64];
    fixture_write(profile, "[user]\n"
                           "name = replay\n"
                           "routine = knee_outside\n"
                           "[muscle." MUSCLE "]\n"
                           "hold = 12\n"
                           "hold_min = 6\n"
                           "band_min = 100\n");
    compare_with_library(profile, 500);
    unlink(profile);
}

static void malformed_trace_exits_2_naming_the_line(void **state)
{
    (void)state;
    char trace[64];
    fixture_write(trace, "t_ms,pressure_kpa\n0,10\n5,11\n3,12\n");
    const char *args[] = {"--replay", trace, "--muscle", MUSCLE, NULL};
    char *out, *errs;
    assert_int_equal(run_tprd(args, &out, &errs), 2);
    char where[80];
    snprintf(where, sizeof(where), "%s:4: t_ms", trace);
    if (!strstr(errs, where))
        fail_msg("stderr '%s' does not name '%s'", errs, where);
    free(out);
    free(errs);
    unlink(trace);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_profile_matches_library),
        cmocka_unit_test(profile_and_rate_match_library),
        cmocka_unit_test(malformed_trace_exits_2_naming_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
