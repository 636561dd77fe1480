/* Screening: the conditions a profile lists rule muscles out, and no way
 * of choosing what to treat — the profile's routine or muscle list,
 * --routine, --muscle, the socket's start with a muscle list — gets past
 * them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config_test.h"
#include "profile.h"
#include "profile_select.h"

/* The rules, written out here on their own so that a change to the table
 * in config/conditions.c shows up as a failing test. */
static const struct {
    const char *condition;
    const char *refused[TPR_MUSCLE_COUNT + 1]; /* "*": every muscle */
} rules[] = {
    {"anticoagulants", {"*"}},
    {"bleeding_disorder", {"*"}},
    {"dvt_history", {"gastrocnemius", "soleus", "popliteus", "adductor_longus", "sartorius"}},
    {"clotting_disorder", {"gastrocnemius", "soleus", "popliteus", "adductor_longus", "sartorius"}},
    {"pregnancy", {"gastrocnemius", "soleus", "popliteus", "adductor_longus", "sartorius"}},
    {"varicose_veins", {"gastrocnemius", "soleus", "popliteus", "gracilis", "sartorius"}},
    {"neuropathy", {"*"}},
};
#define RULES (sizeof(rules) / sizeof(rules[0]))

static bool expect_refused(size_t rule, const char *muscle)
{
    for (size_t i = 0; rules[rule].refused[i]; i++)
        if (!strcmp(rules[rule].refused[i], "*") || !strcmp(rules[rule].refused[i], muscle))
            return true;
    return false;
}

/* Parse text as "t.ini"; returns the result, the message in err. */
static int parse(const char *text, tpr_profile *p, char *err, size_t errlen)
{
    tpr_profile_default(p);
    return tpr_profile_parse(text, "t.ini", p, err, errlen);
}

/* Every condition against every library muscle as a one-muscle profile:
 * refused exactly where the rule says, at the line of conditions, naming
 * the condition, the muscle and why. */
static void each_rule_refuses_its_muscles(void **state)
{
    (void)state;
    assert_int_equal(RULES, TPR_CONDITION_COUNT);
    for (size_t c = 0; c < RULES; c++) {
        for (size_t m = 0; m < TPR_MUSCLE_COUNT; m++) {
            const char *muscle = tpr_muscle_at(m)->dose.muscle;
            char text[256], err[256] = "", prefix[300];
            snprintf(text, sizeof(text), "[user]\nmuscles = %s\nconditions = %s\n", muscle,
                     rules[c].condition);
            tpr_profile p;
            int rc = parse(text, &p, err, sizeof(err));
            if (!expect_refused(c, muscle)) {
                if (rc)
                    fail_msg("%s refused %s: %s", rules[c].condition, muscle, err);
                assert_int_equal(p.routine.count, 1);
                continue;
            }
            if (!rc)
                fail_msg("%s let %s through", rules[c].condition, muscle);
            snprintf(prefix, sizeof(prefix),
                     "t.ini:3: [user] conditions: %s rules out %s: ", rules[c].condition, muscle);
            if (strncmp(err, prefix, strlen(prefix)) != 0)
                fail_msg("'%s' does not start with '%s'", err, prefix);
            assert_true(strlen(err) > strlen(prefix) + 20); /* a reason follows */
        }
    }
}

static void unknown_conditions_are_refused_with_their_line(void **state)
{
    (void)state;
    tpr_profile p;
    char err[256] = "";
    assert_int_equal(
        parse("[user]\nroutine = knee_front\nconditions = pregnancy, dvt\n", &p, err, sizeof(err)),
        -1);
    assert_contains(err, "t.ini:3: [user] conditions: unknown condition 'dvt' (known: ");
    assert_contains(err, "varicose_veins");
    assert_int_equal(
        parse("[user]\nroutine = knee_front\nconditions = Pregnancy\n", &p, err, sizeof(err)), -1);
    assert_contains(err, "t.ini:3: ");
    assert_int_equal(parse("[user]\nroutine = knee_front\nconditions = pregnancy, pregnancy\n", &p,
                           err, sizeof(err)),
                     -1);
    assert_contains(err, "t.ini:3: ");
    /* Several known ones are fine where they rule nothing out. */
    assert_int_equal(parse("[user]\nroutine = knee_front\nconditions = pregnancy, varicose_veins, "
                           "dvt_history\n",
                           &p, err, sizeof(err)),
                     0);
    assert_int_equal(p.conditions_line, 3);
}

/* The profile's own routine: refused whether conditions come before or
 * after it, at the conditions line. */
static void a_routine_in_the_profile_is_screened(void **state)
{
    (void)state;
    tpr_profile p;
    char err[256] = "";
    assert_int_equal(
        parse("[user]\nroutine = knee_back\nconditions = dvt_history\n", &p, err, sizeof(err)), -1);
    assert_contains(err, "t.ini:3: [user] conditions: dvt_history rules out gastrocnemius: ");
    assert_int_equal(parse("[user]\nconditions = varicose_veins\n\nroutine = knee_inside\n", &p,
                           err, sizeof(err)),
                     -1);
    assert_contains(err, "t.ini:2: [user] conditions: varicose_veins rules out gracilis: ");
}

/* A profile that loads (knee_front) cannot be steered onto a refused
 * muscle by the command line (--muscle, --routine) or the socket's start
 * with a muscle list; the profile stays as it was. */
static void choosing_cannot_bypass_the_conditions(void **state)
{
    (void)state;
    tpr_profile p, before;
    char err[256] = "";
    assert_int_equal(parse("[user]\nname = carol\nroutine = knee_front\nconditions = dvt_history\n",
                           &p, err, sizeof(err)),
                     0);
    before = p;

    assert_int_equal(tpr_profile_select_muscle(&p, "popliteus", err, sizeof(err)), -1);
    assert_contains(err, "t.ini:4: [user] conditions: dvt_history rules out popliteus: ");
    assert_memory_equal(&p, &before, sizeof(p));

    assert_int_equal(tpr_profile_select_routine(&p, "knee_back", err, sizeof(err)), -1);
    assert_contains(err, "t.ini:4: [user] conditions: dvt_history rules out gastrocnemius: ");
    assert_memory_equal(&p, &before, sizeof(p));

    const char *names[] = {"vastus_medialis", "soleus"};
    assert_int_equal(tpr_profile_select_muscles(&p, names, 2, err, sizeof(err)), -1);
    assert_contains(err, "t.ini:4: [user] conditions: dvt_history rules out soleus: ");
    assert_memory_equal(&p, &before, sizeof(p));

    /* What the conditions allow is still chosen freely. */
    assert_int_equal(tpr_profile_select_muscle(&p, "rectus_femoris", err, sizeof(err)), 0);
    assert_string_equal(p.routine.dose[0].muscle, "rectus_femoris");
    assert_int_equal(tpr_profile_select_routine(&p, "knee_outside", err, sizeof(err)), 0);
    assert_string_equal(p.routine_name, "knee_outside");
}

/* Without conditions nothing is refused: every routine loads. */
static void no_conditions_refuse_nothing(void **state)
{
    (void)state;
    tpr_profile p;
    char err[256] = "";
    assert_int_equal(parse("[user]\nroutine = knee_back\n", &p, err, sizeof(err)), 0);
    assert_int_equal(p.conditions, 0);
    for (size_t i = 0; i < tpr_routine_count(); i++)
        assert_int_equal(tpr_profile_select_routine(&p, tpr_routine_at(i)->name, err, sizeof(err)),
                         0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_rule_refuses_its_muscles),
        cmocka_unit_test(unknown_conditions_are_refused_with_their_line),
        cmocka_unit_test(a_routine_in_the_profile_is_screened),
        cmocka_unit_test(choosing_cannot_bypass_the_conditions),
        cmocka_unit_test(no_conditions_refuse_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
