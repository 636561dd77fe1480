/* User profiles: the example files, overrides with units, and every class
 * of mistake reported at the right file:line naming the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "config_test.h"
#include "ini_read.h"
#include "profile.h"

static tpr_profile prof;

static void load_example(const char *name)
{
    char err[256] = "";
    char rel[64];
    snprintf(rel, sizeof(rel), "config/examples/%s", name);
    if (tpr_profile_load(source_path(rel), &prof, err, sizeof(err)))
        fail_msg("%s: %s", name, err);
}

static void parse_ok(const char *text)
{
    char err[256] = "";
    if (tpr_profile_parse(text, "t.ini", &prof, err, sizeof(err)))
        fail_msg("rejected: %s", err);
}

/* text is rejected with "t.ini:LINE: " followed by a message containing
 * every string of what (NULL-terminated), and prof is left as it was. */
static void parse_bad(const char *text, int line, const char *const *what)
{
    char err[256] = "", prefix[32];
    tpr_profile before;
    tpr_profile_default(&prof);
    snprintf(prof.user, sizeof(prof.user), "untouched");
    before = prof;
    assert_int_equal(tpr_profile_parse(text, "t.ini", &prof, err, sizeof(err)), -1);
    snprintf(prefix, sizeof(prefix), "t.ini:%d: ", line);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("'%s' does not start with '%s'", err, prefix);
    for (size_t i = 0; what[i]; i++)
        assert_contains(err, what[i]);
    assert_memory_equal(&prof, &before, sizeof(prof));
}

#define BAD(text, line, ...) parse_bad(text, line, (const char *const[]){__VA_ARGS__, NULL})

static const tpr_dose *routine_dose(const char *muscle)
{
    for (uint32_t i = 0; i < prof.routine.count; i++)
        if (!strcmp(prof.routine.dose[i].muscle, muscle))
            return &prof.routine.dose[i];
    return NULL;
}

static void default_profile_runs_knee_front(void **state)
{
    (void)state;
    tpr_profile_default(&prof);
    assert_string_equal(prof.user, "default");
    assert_string_equal(prof.routine_name, "knee_front");
    assert_int_equal(prof.routine.count, 4);
    assert_memory_equal(routine_dose("rectus_femoris"), &tpr_muscle_find("rectus_femoris")->dose,
                        sizeof(tpr_dose));
}

static void alice_overrides_apply_with_units(void **state)
{
    (void)state;
    load_example("alice.ini");
    assert_string_equal(prof.user, "alice");
    assert_string_equal(prof.routine_name, "knee_front");
    assert_int_equal(prof.routine.count, 4);
    const tpr_dose *vm = routine_dose("vastus_medialis");
    assert_non_null(vm);
    assert_near(vm->band_min_kpa, 98.0665, 1e-3);
    assert_near(vm->band_max_kpa, 2.2 * 98.0665, 1e-3);
    assert_near(vm->limit_kpa, 3.5 * 98.0665, 1e-3);
    assert_near(vm->intensity_pct, 45.0, 1e-6);
    /* Keys not overridden keep the library value. */
    assert_near(vm->contact_kpa, tpr_muscle_find("vastus_medialis")->dose.contact_kpa, 0);
    const tpr_dose *rf = routine_dose("rectus_femoris");
    assert_int_equal(rf->hold_ms, 45000);
    assert_int_equal(rf->hold_max_ms, 120000);
    assert_int_equal(rf->reps, 4);
    assert_int_equal(rf->rest_ms, 15000);
    const tpr_dose *vl = routine_dose("vastus_lateralis");
    assert_near(vl->band_max_kpa, 280.0, 1e-4);
    assert_near(vl->release_drop, 0.12, 1e-6);
    /* The profile's own table agrees with the routine. */
    assert_memory_equal(tpr_profile_dose(&prof, "vastus_medialis"), vm, sizeof(*vm));
    assert_null(tpr_profile_dose(&prof, "quadzilla"));
}

static void bob_runs_his_own_muscle_list(void **state)
{
    (void)state;
    load_example("bob.ini");
    assert_string_equal(prof.user, "bob");
    assert_string_equal(prof.routine_name, "custom");
    assert_string_equal(prof.routine.name, "custom");
    static const char *const order[] = {"gastrocnemius", "popliteus", "biceps_femoris", "soleus"};
    assert_int_equal(prof.routine.count, 4);
    for (uint32_t i = 0; i < 4; i++)
        assert_string_equal(prof.routine.dose[i].muscle, order[i]);
    const tpr_dose *pop = &prof.routine.dose[1];
    const tpr_dose *lib = &tpr_muscle_find("popliteus")->dose;
    assert_true(pop->limit_kpa < lib->limit_kpa);
    assert_true(pop->band_max_kpa < lib->band_max_kpa);
    assert_true(pop->intensity_pct < lib->intensity_pct);
    assert_true(pop->hold_ms < lib->hold_ms);
}

static void demo_finishes_within_a_minute(void **state)
{
    (void)state;
    load_example("demo.ini");
    assert_string_equal(prof.user, "demo");
    assert_true(prof.routine.count >= 3);
    uint64_t worst_ms = 0;
    for (uint32_t i = 0; i < prof.routine.count; i++) {
        const tpr_dose *d = &prof.routine.dose[i];
        assert_int_equal(d->hold_ms, 8000);
        assert_int_equal(d->hold_min_ms, 5000);
        assert_int_equal(d->hold_max_ms, 12000);
        assert_int_equal(d->rest_ms, 2000);
        assert_int_equal(d->reps, 1);
        worst_ms += (uint64_t)d->reps * (d->hold_max_ms + d->rest_ms);
    }
    assert_true(worst_ms < 60000);
}

static void plain_numbers_use_the_key_unit(void **state)
{
    (void)state;
    parse_ok("[user]\nroutine = knee_back\n"
             "[muscle.gastrocnemius]\nband_max = 230\nhold = 40\nrest = 12\n"
             "intensity = 55\nrelease_drop = 20\nreps = 2\n");
    const tpr_dose *d = routine_dose("gastrocnemius");
    assert_near(d->band_max_kpa, 230.0, 1e-4);
    assert_int_equal(d->hold_ms, 40000);
    assert_int_equal(d->rest_ms, 12000);
    assert_near(d->intensity_pct, 55.0, 1e-6);
    assert_near(d->release_drop, 0.20, 1e-6);
    assert_int_equal(d->reps, 2);
    /* No name: the file's name stands in. */
    assert_string_equal(prof.user, "t");
}

static void a_muscle_outside_the_routine_may_be_overridden(void **state)
{
    (void)state;
    parse_ok("[user]\nname = carol\nroutine = knee_front\n[muscle.soleus]\nlimit = 300\n");
    assert_near(tpr_profile_dose(&prof, "soleus")->limit_kpa, 300.0, 1e-4);
    assert_null(routine_dose("soleus"));
    assert_memory_equal(routine_dose("rectus_femoris"), &tpr_muscle_find("rectus_femoris")->dose,
                        sizeof(tpr_dose));
}

static void layout_freedom(void **state)
{
    (void)state;
    /* Indentation, CRLF line ends, comments and inline comments. */
    parse_ok("; comment\r\n  [user]\r\n\tname = dave ; who\r\n  routine=knee_inside\r\n"
             "# another\r\n[muscle.gracilis]\r\n   hold : 35 s\r\n");
    assert_string_equal(prof.user, "dave");
    assert_string_equal(prof.routine_name, "knee_inside");
    assert_int_equal(routine_dose("gracilis")->hold_ms, 35000);
}

static void unknown_names(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\n\n[settings]\n", 4, "[settings]", "unknown section");
    BAD("[user]\nroutine = knee_front\n[muscle.quadzilla]\nhold = 30\n", 3, "quadzilla",
        "unknown muscle");
    BAD("[user]\nroutine = knee_front\n[muscle.quadzilla]\n", 3, "quadzilla");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nbnad_min = 100\n", 4, "bnad_min",
        "[muscle.soleus]", "unknown key", "band_min");
    BAD("[user]\nage = 40\nroutine = knee_front\n", 2, "age", "[user]");
    BAD("[user]\nname = x\nroutine = knee_sideways\n", 3, "routine", "knee_sideways", "knee_front");
    BAD("[user]\nmuscles = soleus, quadzilla\n", 2, "muscles", "quadzilla");
    BAD("name = x\n[user]\nroutine = knee_front\n", 1, "name", "before any [section]");
}

static void bad_values(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = lots\n", 4, "band_min",
        "not a number");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nlimit = 30 N\n", 4, "limit", "force");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 30 kPa\n", 4, "hold", "pressure");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nreps = 2.5\n", 4, "reps", "whole number");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nreps = 0\n", 4, "reps", "minimum 1");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nintensity = 150 %\n", 4, "intensity",
        "maximum 100 %");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nlimit = 45 kgf/cm2\n", 4, "limit",
        "maximum 600 kPa");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = nan\n", 4, "hold", "finite");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nrest =\n", 4, "rest", "missing");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 30 s 5\n", 4, "hold", "unexpected");
}

/* Pressures relative to the measured threshold: stored as percentages,
 * left-out ones at their defaults, the kPa left at the library's (the
 * fallback) until the daemon resolves them. */
static void pressures_relative_to_the_threshold(void **state)
{
    (void)state;
    parse_ok("[user]\nroutine = knee_front\n[muscle.rectus_femoris]\nside = left\n"
             "band_min = 80 %ppt\nlimit = 150%ppt\n");
    const tpr_dose *rf = routine_dose("rectus_femoris");
    const tpr_dose *lib = &tpr_muscle_find("rectus_femoris")->dose;
    assert_near(rf->relative.band_min_pct, 80.0, 0);
    assert_near(rf->relative.band_max_pct, 120.0, 0); /* the default */
    assert_near(rf->relative.limit_pct, 150.0, 0);
    assert_int_equal(rf->relative.side, TPR_SIDE_LEFT);
    assert_near(rf->band_min_kpa, lib->band_min_kpa, 0);
    assert_near(rf->limit_kpa, lib->limit_kpa, 0);
    /* A muscle written in kPa stays absolute, on no side. */
    const tpr_dose *vm = routine_dose("vastus_medialis");
    assert_near(vm->relative.band_max_pct, 0, 0);
    assert_int_equal(vm->relative.side, TPR_SIDE_NONE);
    assert_memory_equal(tpr_profile_dose(&prof, "rectus_femoris"), rf, sizeof(*rf));
}

static void bad_relative_pressures(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = 90 %pptx\n", 4, "band_min",
        "unknown unit '%pptx'");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = -5 %ppt\n", 4, "band_min",
        "-5 %ppt is below the minimum 10 %ppt");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nlimit = 400 %ppt\n", 4, "limit",
        "above the maximum 300 %ppt");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_max = ppt\n", 4, "band_max",
        "not a number");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = 130 %ppt\n"
        "band_max = 120 %ppt\n",
        5, "[muscle.soleus] band_min (130 %ppt) must be below band_max (120 %ppt)");
    /* Against a left-out default, the line of the value written. */
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nlimit = 110 %ppt\n", 4,
        "band_max (120 %ppt) must be at most limit (110 %ppt)");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = 90 %ppt\n"
        "band_max = 300 kPa\n",
        5, "band_max is in kPa but line 4 sets a pressure in %ppt");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = 90 %ppt\nband_min = 95 %ppt\n",
        5, "duplicate key 'band_min'", "line 4");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nside = middle\n", 4, "side",
        "'middle' is not one of none, left, right");
}

static void duplicates(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 30\n\nhold = 40\n", 6, "hold",
        "duplicate", "line 4");
    /* Also across two sections of the same muscle. */
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nreps = 2\n[muscle.soleus]\nreps = 3\n", 6,
        "reps", "duplicate");
    BAD("[user]\nroutine = knee_front\nname = a\nname = b\n", 4, "name", "duplicate");
}

static void impossible_combinations_point_at_the_last_key(void **state)
{
    (void)state;
    /* band_max lowered below the library band_min (120 kPa). */
    BAD("[user]\nroutine = knee_front\n[muscle.rectus_femoris]\nreps = 2\nband_max = 100\n", 5,
        "[muscle.rectus_femoris]", "band_min", "band_max", "100 kPa");
    /* band_min set after band_max: the later line is blamed. */
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_max = 150\nband_min = 150\n", 5,
        "band_min (150 kPa) must be below band_max (150 kPa)");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nband_min = 180\nband_max = 200\n"
        "contact = 190\n",
        6, "contact", "band_min");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nlimit = 200\n", 4, "band_max", "limit",
        "at most");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold_min = 70\n", 4, "hold_min", "hold");
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 100\nrest = 5\n", 4, "hold",
        "hold_max");
    /* Of two bad muscles, the one earlier in the file is reported. */
    BAD("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 100\n"
        "[muscle.gastrocnemius]\nlimit = 50\n[muscle.popliteus]\nhold_min = 10\n",
        4, "[muscle.soleus]");
    /* The popliteus lies over the tibial nerve: no strong vibration there. */
    BAD("[user]\nroutine = knee_back\n[muscle.popliteus]\nintensity = 40\n", 4,
        "[muscle.popliteus] intensity (40 %) is above this muscle's safe maximum (30 %)");
    parse_ok("[user]\nroutine = knee_back\n[muscle.popliteus]\nintensity = 30\n");
    /* The fix reads back fine: a consistent set of overrides. */
    parse_ok("[user]\nroutine = knee_front\n[muscle.soleus]\nhold = 100\nhold_max = 120\n");
}

static void routine_or_muscles(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\nmuscles = soleus\n", 3, "muscles", "not both", "line 2");
    BAD("[user]\nmuscles = soleus\nroutine = knee_front\n", 3, "routine", "not both");
    BAD("# nothing to do\n[user]\nname = eve\n", 2, "routine", "muscles");
    BAD("[user]\nmuscles = soleus, popliteus, soleus\n", 2, "muscles", "twice");
    BAD("[user]\nmuscles = soleus,, popliteus\n", 2, "muscles", "missing");
    char err[256];
    assert_int_equal(tpr_profile_parse("", "empty.ini", &prof, err, sizeof(err)), -1);
    assert_contains(err, "empty.ini: ");
    assert_contains(err, "routine");
}

static void syntax_and_io_errors(void **state)
{
    (void)state;
    BAD("[user]\nroutine = knee_front\njust words\n", 3, "syntax");
    BAD("[user\nroutine = knee_front\n", 1, "syntax");
    char text[1200];
    snprintf(text, sizeof(text), "[user]\nroutine = knee_front\n#%01024d\n", 0);
    BAD(text, 3, "line longer than 1024 bytes");
    snprintf(text, sizeof(text), "[user]\nroutine = knee_front\n#%01023d\r\n", 0);
    parse_ok(text); /* 1024 bytes and a CRLF */
    char err[256];
    assert_int_equal(tpr_profile_load("/nonexistent/x.ini", &prof, err, sizeof(err)), -1);
    assert_contains(err, "/nonexistent/x.ini: cannot open");
}

/* A name is printed in logs and tables and names a file: letters, digits,
 * '_' and '-', at most 64 bytes; a name taken from the file's name follows
 * the rule. */
static void user_names(void **state)
{
    (void)state;
    parse_ok("[user]\nname = Anna-Lena_Smith-2\nroutine = knee_front\n");
    assert_string_equal(prof.user, "Anna-Lena_Smith-2");
    BAD("[user]\nname = Anna Smith\nroutine = knee_front\n", 2,
        "[user] name must be a plain name: 'Anna Smith' has ' ' at byte 5");
    BAD("[user]\nname = ../root\nroutine = knee_front\n", 2, "'../root' has '.' at byte 1");
    BAD("[user]\nname = a/b\nroutine = knee_front\n", 2, "'a/b' has '/' at byte 2");
    char text[200];
    snprintf(text, sizeof(text), "[user]\nname = %064d\nroutine = knee_front\n", 7);
    parse_ok(text);
    assert_int_equal(strlen(prof.user), 64);
    snprintf(text, sizeof(text), "[user]\nname = %065d\nroutine = knee_front\n", 7);
    BAD(text, 2, "name", "longer than 64");
    BAD("[user]\nname = bob; drop\nroutine = knee_front\n", 2, "[user] name",
        "'bob; drop' has ';' at byte 4");
    BAD("[user]\nname = Zo\xc3\xab\nroutine = knee_front\n", 2, "[user] name", "letters");
    char err[256];
    assert_int_equal(tpr_profile_parse("[user]\nroutine = knee_front\n", "/p/o'brien.ini", &prof,
                                       err, sizeof(err)),
                     -1);
    assert_contains(err, "/p/o'brien.ini:1: [user] no name is set");
    assert_int_equal(
        tpr_profile_parse("[user]\nroutine = knee_front\n", "/p/.ini", &prof, err, sizeof(err)),
        -1);
    assert_int_equal(tpr_profile_parse("[user]\nroutine = knee_front\n", "/p/mary ann.ini", &prof,
                                       err, sizeof(err)),
                     -1);
    assert_contains(err, "'mary ann' has ' ' at byte 5");
    char longname[128];
    snprintf(longname, sizeof(longname), "/p/%070d.ini", 7);
    assert_int_equal(
        tpr_profile_parse("[user]\nroutine = knee_front\n", longname, &prof, err, sizeof(err)), -1);
    assert_contains(err, "is 70 bytes long (at most 64)");
    assert_int_equal(tpr_profile_parse("[user]\nroutine = knee_front\n", "/p/mary_ann.ini", &prof,
                                       err, sizeof(err)),
                     0);
    assert_string_equal(prof.user, "mary_ann");
}

/* Lines were cut at about 198 characters: no list of 12 or more muscles
 * could be written. Every library muscle, spaced out, fits on one line. */
static void a_long_muscle_list_fits_on_one_line(void **state)
{
    (void)state;
    char text[TPR_INI_MAX_LINE + 64];
    int n = snprintf(text, sizeof(text), "[user]\nmuscles =");
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++)
        n += snprintf(text + n, sizeof(text) - (size_t)n, "%s %s", i ? "," : "",
                      tpr_muscle_at(i)->dose.muscle);
    snprintf(text + n, sizeof(text) - (size_t)n, "\n");
    assert_true(strlen(text) > 200); /* over the old limit */
    parse_ok(text);
    assert_int_equal(prof.routine.count, TPR_MUSCLE_COUNT);
    assert_string_equal(prof.routine.dose[TPR_MUSCLE_COUNT - 1].muscle,
                        tpr_muscle_at(TPR_MUSCLE_COUNT - 1)->dose.muscle);
}

/* The nul.ini: a NUL after a comment hid "limit = 600" in the
 * same line, and the line buffer split it off as a setting of its own. */
static void control_bytes_are_refused(void **state)
{
    (void)state;
    char path[] = "/tmp/tprd-nul-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char head[] = "[user]\nroutine = knee_front\n[muscle.rectus_femoris]\n; note";
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fwrite(head, 1, sizeof(head), f); /* with its NUL */
    for (int i = 0; i < 192; i++)
        fputc('Y', f);
    fputs("limit = 600\n", f);
    assert_int_equal(fclose(f), 0);
    char err[256] = "", want[64];
    assert_int_equal(tpr_profile_load(path, &prof, err, sizeof(err)), -1);
    snprintf(want, sizeof(want), "%s:4: control byte 0x00 at column 7", path);
    assert_contains(err, want);
    unlink(path);

    /* An escape sequence, a lone CR, a DEL: refused where they are. */
    BAD("[user]\nname = a\x1b[2Jb\nroutine = knee_front\n", 2, "control byte 0x1b at column 9");
    BAD("[user]\nroutine = knee_front\r[muscle.soleus]\n", 2, "control byte 0x0d");
    BAD("[user]\nroutine = knee_front\n;\x7f\n", 3, "control byte 0x7f at column 2");
    /* Tabs and CRLF line ends are fine. */
    parse_ok("[user]\r\n\troutine =\tknee_front\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_profile_runs_knee_front),
        cmocka_unit_test(alice_overrides_apply_with_units),
        cmocka_unit_test(bob_runs_his_own_muscle_list),
        cmocka_unit_test(demo_finishes_within_a_minute),
        cmocka_unit_test(plain_numbers_use_the_key_unit),
        cmocka_unit_test(a_muscle_outside_the_routine_may_be_overridden),
        cmocka_unit_test(layout_freedom),
        cmocka_unit_test(unknown_names),
        cmocka_unit_test(bad_values),
        cmocka_unit_test(pressures_relative_to_the_threshold),
        cmocka_unit_test(bad_relative_pressures),
        cmocka_unit_test(duplicates),
        cmocka_unit_test(impossible_combinations_point_at_the_last_key),
        cmocka_unit_test(routine_or_muscles),
        cmocka_unit_test(syntax_and_io_errors),
        cmocka_unit_test(control_bytes_are_refused),
        cmocka_unit_test(a_long_muscle_list_fits_on_one_line),
        cmocka_unit_test(user_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
