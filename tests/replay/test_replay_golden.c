/* Golden replays: each scenario tests/replay/golden/NAME.csv, replayed with
 * the shared test dose, must give exactly the committed NAME.out — so a
 * wrong result fails, not only one that differs between two runs (each
 * scenario is replayed twice in this process, which catches hidden state).
 *
 * A change meant to change what the core does (a new release rule, say)
 * regenerates the expected files and commits their diff with it:
 *     TPR_GOLDEN_WRITE=1 ctest --test-dir build -R test_replay_golden
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "replay.h"
#include "test_dose.h"

typedef struct scenario {
    const char *name;
    uint32_t rate_hz;
    uint32_t reps;
} scenario;

/* press_wobble_spikes: pressing in over 0.5 s, then holding around 200 kPa
 * with a 17-tick wobble, a 600 kPa spike every 997 ticks; 6 s at 1 kHz.
 * release_two_reps: two repetitions at 250 Hz, each pressed to 230 kPa,
 * held, letting go to 175 kPa, lifted; a 500 kPa spike in the first hold,
 * three failed reads in the second.
 * ppt_three_trials: a threshold measurement at 250 Hz (its button column
 * makes it one): a 100 kPa/s ramp marked painful at 230 kPa, a 250 kPa/s
 * one at 240 kPa (too fast: unreliable, repeated), then two on-rate ramps
 * at 220 and 240 kPa; the threshold is the mean of the three reliable. */
static const scenario scenarios[] = {
    {"press_wobble_spikes", 1000, 1},
    {"release_two_reps", 250, 2},
    {"ppt_three_trials", 250, 1},
};

static void golden_path(char *buf, size_t len, const scenario *s, const char *ext)
{
    const char *src = getenv("TPRD_SOURCE_DIR");
    assert_non_null(src);
    snprintf(buf, len, "%s/tests/replay/golden/%s.%s", src, s->name, ext);
}

/* The scenario's replay output, in memory (free it). */
static char *replay(const scenario *s, size_t *len)
{
    char trace[4096], err[512];
    golden_path(trace, sizeof(trace), s, "csv");
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    cfg.rate_hz = s->rate_hz;
    tpr_dose dose = test_dose();
    dose.reps = s->reps;
    char *out = NULL;
    FILE *f = open_memstream(&out, len);
    assert_non_null(f);
    int rc = tpr_replay_run(trace, f, &cfg, &dose, err, sizeof(err));
    assert_int_equal(fclose(f), 0);
    if (rc != 0)
        fail_msg("%s: %s", trace, err);
    return out;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s: cannot open (regenerate with TPR_GOLDEN_WRITE=1)", path);
    char *buf = NULL;
    FILE *m = open_memstream(&buf, len);
    assert_non_null(m);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        assert_int_equal(fwrite(chunk, 1, n, m), n);
    assert_false(ferror(f));
    fclose(f);
    assert_int_equal(fclose(m), 0);
    return buf;
}

/* Fails naming the first line where got differs from want. */
static void assert_same_text(const char *what, const char *want, size_t want_len, const char *got,
                             size_t got_len)
{
    if (want_len == got_len && memcmp(want, got, want_len) == 0)
        return;
    size_t line = 1, start = 0, i = 0;
    for (; i < want_len && i < got_len && want[i] == got[i]; i++)
        if (want[i] == '\n') {
            line++;
            start = i + 1;
        }
    int wl = (int)strcspn(want + start, "\n"), gl = (int)strcspn(got + start, "\n");
    fail_msg("%s: line %zu differs\n  expected: %.*s\n  got:      %.*s", what, line, wl,
             want + start, gl, got + start);
}

static void write_golden(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    fprintf(stderr, "wrote %s\n", path);
}

static void scenario_replays_as_committed(void **state)
{
    const scenario *s = *state;
    char expected_path[4096];
    golden_path(expected_path, sizeof(expected_path), s, "out");
    size_t len, again_len, want_len;
    char *out = replay(s, &len);
    const char *write = getenv("TPR_GOLDEN_WRITE");
    if (write && strcmp(write, "1") == 0)
        write_golden(expected_path, out, len);
    char *want = read_all(expected_path, &want_len);
    assert_same_text(expected_path, want, want_len, out, len);
    char *again = replay(s, &again_len);
    assert_same_text("the second replay", want, want_len, again, again_len);
    free(again);
    free(want);
    free(out);
}

int main(void)
{
    struct CMUnitTest tests[sizeof(scenarios) / sizeof(scenarios[0])];
    for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
        tests[i] = (struct CMUnitTest){.name = scenarios[i].name,
                                       .test_func = scenario_replays_as_committed,
                                       .initial_state = (void *)&scenarios[i]};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
