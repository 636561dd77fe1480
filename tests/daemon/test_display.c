/* The popliteus's first-use notice: shown before the first press on the
 * muscle in a session, gone once anything has been held. A measurement's
 * live line and its trials at the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display.h"
#include "muscles.h"

static const tpr_dose *dose(const char *muscle)
{
    return &tpr_muscle_find(muscle)->dose;
}

static void notice_before_the_first_press_on_the_popliteus(void **state)
{
    (void)state;
    tpr_output o = {.state = TPR_STATE_IDLE, .rep = 1};
    const char *n = tpr_display_notice(&o, dose("popliteus"));
    assert_non_null(n);
    assert_true(strncmp(n, "behind the knee:", 16) == 0);
    o.state = TPR_STATE_CONTACT; /* pressing, still below the band */
    assert_non_null(tpr_display_notice(&o, dose("popliteus")));
}

static void no_notice_once_held_or_later(void **state)
{
    (void)state;
    tpr_output o = {.state = TPR_STATE_HOLD, .rep = 1};
    assert_null(tpr_display_notice(&o, dose("popliteus")));
    o = (tpr_output){.state = TPR_STATE_CONTACT, .rep = 1, .hold_ms = 1};
    assert_null(tpr_display_notice(&o, dose("popliteus")));
    o = (tpr_output){.state = TPR_STATE_IDLE, .rep = 2};
    assert_null(tpr_display_notice(&o, dose("popliteus")));
    o = (tpr_output){.state = TPR_STATE_IDLE, .rep = 1};
    assert_null(tpr_display_notice(&o, dose("gastrocnemius")));
}

/* What display wrote, in memory (free it). */
static char *shown(void (*draw)(FILE *f, const void *arg), const void *arg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    draw(f, arg);
    assert_int_equal(fclose(f), 0);
    return text;
}

static void live_measure(FILE *f, const void *arg)
{
    tpr_routine r = {.count = 1, .dose = {*dose("soleus")}};
    tpr_display_live(f, 12.0, arg, 0, &r);
}

static void trials(FILE *f, const void *arg)
{
    tpr_display_measurement(f, arg);
}

/* The live line says the trial, the pressure and the rate against the
 * target with its cue; the end, each trial and the mean of the reliable. */
static void measurement_live_line_and_trials(void **state)
{
    (void)state;
    tpr_status_view v = {.raw_kpa = 153.2f, .measuring = true, .daemon = TPR_DAEMON_RUNNING};
    v.out = (tpr_output){.state = TPR_STATE_CONTACT, .rep = 2};
    v.ppt =
        (tpr_ppt_result){.target_kpa_s = 100.0f, .live_kpa_s = 141.0f, .cue = TPR_PPT_CUE_TOO_FAST};
    char *line = shown(live_measure, &v);
    assert_non_null(strstr(line, "soleus"));
    assert_non_null(strstr(line, "trial 2"));
    assert_non_null(strstr(line, "153.2 kPa"));
    assert_non_null(strstr(line, "141/100 kPa/s  too fast: slow down"));
    free(line);

    tpr_ppt_result r = {.target_kpa_s = 100.0f, .attempts = 4, .reliable = 3, .ppt_kpa = 300.0f};
    r.trial[0] = (tpr_ppt_trial){290.0f, 101.0f, true, TPR_PPT_OK};
    r.trial[1] = (tpr_ppt_trial){NAN, -0.2f, false, TPR_PPT_LIFTED};
    r.trial[2] = (tpr_ppt_trial){300.0f, 99.0f, true, TPR_PPT_OK};
    r.trial[3] = (tpr_ppt_trial){310.0f, 104.0f, true, TPR_PPT_OK};
    char *table = shown(trials, &r);
    assert_non_null(strstr(table, "    2             --                        0  lifted\n"));
    assert_non_null(strstr(table, "    4          310.0                      104  reliable\n"));
    assert_non_null(strstr(table, "PPT 300.0 kPa: mean of 3 reliable trials\n"));
    free(table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notice_before_the_first_press_on_the_popliteus),
        cmocka_unit_test(no_notice_once_held_or_later),
        cmocka_unit_test(measurement_live_line_and_trials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
