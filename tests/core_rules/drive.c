#include "drive.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

void drive_init(drive *d, const tpr_dose *dose, uint32_t n)
{
    drive_init_mode(d, dose, n, tpr_core_mode_find("therapy"));
}

void drive_init_mode(drive *d, const tpr_dose *dose, uint32_t n, const tpr_core_mode *mode)
{
    tpr_core_cfg cfg;
    tpr_core_cfg_default(&cfg);
    tpr_routine r = {.name = "test", .count = n};
    for (uint32_t i = 0; i < n; i++)
        r.dose[i] = *dose;
    assert_int_equal(tpr_core_init_mode(&d->core, &cfg, &r, mode), 0);
    d->out = (tpr_output){0};
    d->t = 1000000;
    drive_clear(d);
}

tpr_dose drive_start(drive *d, uint32_t reps, uint32_t n)
{
    tpr_dose dose = test_dose();
    dose.reps = reps;
    drive_init(d, &dose, n);
    return dose;
}

void drive_clear(drive *d)
{
    d->seen = 0;
    d->max_pct = 0;
}

const tpr_output *drive_sample(drive *d, tpr_sample s)
{
    d->t += 1000;
    if (s.t_us == 0)
        s.t_us = d->t;
    tpr_core_step(&d->core, d->t, &s, &d->out);
    d->seen |= d->out.events;
    if (d->out.intensity_pct > d->max_pct)
        d->max_pct = d->out.intensity_pct;
    return &d->out;
}

const tpr_output *drive_kpa(drive *d, float kpa)
{
    /* A real sensor never repeats itself exactly for long: a little
     * dither keeps the stuck-value check quiet. */
    float dither = (float)(d->t / 1000 % 3) * 0.01f;
    return drive_sample(d, (tpr_sample){.kpa = kpa + dither, .ok = true});
}

const tpr_output *drive_hold(drive *d, float kpa, int ms)
{
    for (int i = 0; i < ms; i++)
        drive_kpa(d, kpa);
    return &d->out;
}

const tpr_output *drive_ramp(drive *d, float a, float b, int ms)
{
    for (int i = 1; i <= ms; i++)
        drive_kpa(d, a + (b - a) * (float)i / (float)ms);
    return &d->out;
}

int drive_until(drive *d, float kpa, uint32_t events, int ms)
{
    uint32_t got = 0;
    for (int i = 1; i <= ms; i++) {
        got |= drive_kpa(d, kpa)->events;
        if ((got & events) == events)
            return i;
    }
    return -1;
}

void drive_stall(drive *d, int ms)
{
    d->t += (int64_t)ms * 1000;
}
