/* The core's modes: found by name (an unknown one refused), commands reach
 * the running mode, a mode sees the tick the shared stages prepared, and
 * safety cuts the motor in the same tick whatever the mode asks for. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "drive.h"

static drive d;

/* A mode that always asks for the band's vibration, stops the motor while
 * paused, takes no TPR_CMD_NEXT, and keeps what it saw. */
typedef struct eager_state {
    tpr_core_mode_in last_in;
    int commands; /* taken */
    bool paused;
} eager_state;

static int eager_init(void *state, const tpr_routine *r)
{
    (void)r;
    *(eager_state *)state = (eager_state){0};
    return 0;
}

static void eager_step(void *state, const tpr_core_mode_in *in, tpr_core_mode_out *out)
{
    eager_state *e = state;
    e->last_in = *in;
    *out = (tpr_core_mode_out){
        .report = {.state = TPR_STATE_HOLD, .signal = TPR_SIG_IN_BAND, .rep = 1},
        .motor_off = e->paused,
    };
}

static int eager_command(void *state, tpr_command cmd)
{
    eager_state *e = state;
    if (cmd == TPR_CMD_NEXT)
        return -1;
    e->paused = cmd == TPR_CMD_PAUSE;
    e->commands++;
    return 0;
}

static const tpr_core_mode eager = {
    .name = "eager",
    .state_size = sizeof(eager_state),
    .init = eager_init,
    .step = eager_step,
    .command = eager_command,
};

static int refusing_init(void *state, const tpr_routine *r)
{
    (void)state;
    (void)r;
    return -1;
}

static eager_state *eager_of(tpr_core *c)
{
    return (eager_state *)(void *)c->mode_state;
}

static void test_modes_are_found_by_name_and_others_refused(void **state)
{
    (void)state;
    assert_non_null(tpr_core_mode_find("therapy"));
    size_t n = 0;
    for (const tpr_core_mode *m; (m = tpr_core_mode_at(n)) != NULL; n++) {
        assert_ptr_equal(tpr_core_mode_find(m->name), m); /* names are unique */
        assert_true(m->state_size <= TPR_CORE_MODE_STATE_SIZE);
    }
    assert_true(n >= 1);
    assert_null(tpr_core_mode_find("pressure_pain_threshold"));
    assert_null(tpr_core_mode_find(""));
    assert_null(tpr_core_mode_find(NULL));

    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_routine r = {.name = "t", .count = 1, .dose = {test_dose()}};
    tpr_core core;
    assert_int_equal(tpr_core_init_mode(&core, &cfg, &r, tpr_core_mode_find("nonesuch")), -1);
    tpr_core_mode big = eager;
    big.state_size = TPR_CORE_MODE_STATE_SIZE + 1;
    assert_int_equal(tpr_core_init_mode(&core, &cfg, &r, &big), -1);
    tpr_core_mode refusing = eager;
    refusing.init = refusing_init;
    assert_int_equal(tpr_core_init_mode(&core, &cfg, &r, &refusing), -1);
    assert_int_equal(tpr_core_init_mode(&core, &cfg, &r, &eager), 0);
}

static void test_commands_reach_the_running_mode(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init_mode(&d, &dose, 1, &eager);
    drive_hold(&d, 200, 500);
    assert_true(d.out.intensity_pct > 0.0f);
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_NEXT), -1); /* not this mode's */
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_PAUSE), 0);
    assert_int_equal(eager_of(&d.core)->commands, 1);
    /* The mode's pause stops the motor through the shared law, at once. */
    assert_true(drive_kpa(&d, 200)->intensity_pct == 0.0f);
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_RESUME), 0);
    drive_hold(&d, 200, 500);
    assert_true(d.out.intensity_pct > 0.0f);

    /* Therapy takes all three. */
    drive_init(&d, &dose, 2);
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_PAUSE), 0);
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_RESUME), 0);
    assert_int_equal(tpr_core_command(&d.core, TPR_CMD_NEXT), 0);
}

static void test_a_mode_sees_raw_filtered_time_and_safety(void **state)
{
    (void)state;
    tpr_dose dose = test_dose();
    drive_init_mode(&d, &dose, 1, &eager);
    drive_hold(&d, 200, 300);
    const tpr_core_mode_in *in = &eager_of(&d.core)->last_in;
    assert_true(in->now_us == d.t);
    assert_ptr_equal(in->routine, &d.core.routine);
    assert_true(fabsf(in->raw_kpa - 200.0f) < 0.1f);
    assert_true(fabsf(in->filtered_kpa - 200.0f) < 1.0f);
    assert_false(in->v.fault);
    drive_sample(&d, (tpr_sample){.kpa = NAN, .ok = false});
    assert_true(isnan(in->raw_kpa) && isnan(in->filtered_kpa));
    assert_true(in->v.fault_started);
}

/* Whatever the mode asks for, an over-limit sample and a failed read stop
 * the motor in their own tick. */
static void safety_cuts_at_once(const tpr_core_mode *mode)
{
    tpr_dose dose = test_dose();
    drive_init_mode(&d, &dose, 1, mode);
    drive_hold(&d, 200, 1500);
    if (mode == &eager)
        assert_true(d.out.intensity_pct > 0.0f);
    const tpr_output *o = drive_kpa(&d, dose.limit_kpa + 20.0f);
    assert_true(o->intensity_pct == 0.0f);
    assert_true(o->events & TPR_EV_OVER_LIMIT);
    drive_hold(&d, 200, 1500);
    o = drive_sample(&d, (tpr_sample){.kpa = 200.0f, .ok = false});
    assert_true(o->intensity_pct == 0.0f);
    assert_true(o->events & TPR_EV_SENSOR_FAULT);
}

static void test_safety_cuts_in_the_same_tick_whatever_the_mode(void **state)
{
    (void)state;
    safety_cuts_at_once(&eager);
    for (size_t i = 0; tpr_core_mode_at(i); i++)
        safety_cuts_at_once(tpr_core_mode_at(i));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modes_are_found_by_name_and_others_refused),
        cmocka_unit_test(test_commands_reach_the_running_mode),
        cmocka_unit_test(test_a_mode_sees_raw_filtered_time_and_safety),
        cmocka_unit_test(test_safety_cuts_in_the_same_tick_whatever_the_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
