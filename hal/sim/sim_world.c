/* Physics of the simulated device, stepped at 1 kHz.
 *
 * Tissue: pressure = K·soft·relax·(x + x²/X0) for an indentation of x mm —
 * soft tissue stiffens as it is compressed. Two things make the pressure
 * under a steady hand fall, one after the other:
 *
 * - Relaxation, in every press: relax falls from 1 by the spot's relaxation
 *   (drawn between RELAX_MIN and RELAX_MAX) in two exponentials over the
 *   time the spot is loaded (pressure above LOAD_KPA): RELAX_FAST_SHARE of
 *   it with RELAX_FAST_TAU_S, the rest with RELAX_SLOW_TAU_S — 95 % done
 *   after 20 s. Sources: indentation stress relaxation plateaus within
 *   about 20 s as two exponentials (Palevski, Tel Aviv University); 84 % of
 *   the creep of a 30 s stretch happens in its first 15–20 s (Ryan 2011,
 *   Scand J Med Sci Sports). Its size, up to about 20 % of the pressure, is
 *   our choice (the release detector must ignore that much).
 * - Release, of the trigger point: once loaded for its release time (drawn
 *   per spot between release_min_s and release_max_s, after the
 *   relaxation's plateau) soft falls by release_drop with the slower time
 *   constant RELEASE_TAU_S, so the pressure creeps down over several
 *   seconds. Trials of pressure release hold 30–90 s, ending earlier when
 *   the tissue lets go (Gemmell 2008; De Meulemeester 2016; Pérez-Bellmunt
 *   2021); the exact timing and speed are our choice within that.
 *
 * Lifting off for a second moves to a fresh spot (relaxed and released
 * afresh). Sensor: Gaussian noise, vibration leaking in at 100–250 Hz with
 * an amplitude proportional to intensity, 0.05 kPa quantisation.
 */
#include "sim_world.h"

#include <math.h>
#include <string.h>

#define STEP_US 1000
#define K_KPA_PER_MM 40.0f
#define X0_MM 6.0f
#define LOAD_KPA 40.0f
#define RELEASE_TAU_S 3.0f
/* Relaxation of every press: size per spot, and its two exponentials
 * (sources in the opening comment). */
#define RELAX_MIN 0.10f
#define RELAX_MAX 0.20f
#define RELAX_FAST_SHARE 0.4f
#define RELAX_FAST_TAU_S 2.0f
#define RELAX_SLOW_TAU_S 8.0f
#define UNLOADED_KPA 5.0f
#define NEW_SPOT_US 1000000
#define QUANTUM_KPA 0.05f
/* How a person moves: pushing in, easing off and lifting (mm/s). */
#define PUSH_MM_S 1.5f
#define EASE_MM_S 1.5f
#define LIFT_MM_S 8.0f
/* A person who feels "in the band" presses on to about this much more
 * than where the band began, then holds still. */
#define AIM_ABOVE_ENTRY 1.5f
#define PI_F 3.14159265f

static uint64_t next_u64(tpr_sim *s)
{
    /* xorshift64*: small, fast and good enough for noise. */
    s->rng ^= s->rng >> 12;
    s->rng ^= s->rng << 25;
    s->rng ^= s->rng >> 27;
    return s->rng * 2685821657736338717ull;
}

static float uniform(tpr_sim *s)
{
    return (float)((double)(next_u64(s) >> 11) / 9007199254740992.0);
}

static float gaussian(tpr_sim *s)
{
    float u1 = uniform(s), u2 = uniform(s);
    if (u1 < 1e-12f)
        u1 = 1e-12f;
    return sqrtf(-2.0f * logf(u1)) * cosf(2.0f * PI_F * u2);
}

static void new_spot(tpr_sim *s)
{
    s->soft = 1.0f;
    s->loaded_s = 0.0f;
    s->releasing = false;
    s->release_after_s =
        s->cfg.release_min_s + (s->cfg.release_max_s - s->cfg.release_min_s) * uniform(s);
    s->relax_size = RELAX_MIN + (RELAX_MAX - RELAX_MIN) * uniform(s);
    s->relax_fast = 0.0f;
    s->relax_slow = 0.0f;
}

/* The factor relaxation leaves of the pressure, 1 at the first touch. */
static float relax(const tpr_sim *s)
{
    return 1.0f - s->relax_fast - s->relax_slow;
}

void tpr_sim_world_init(tpr_sim *s, const tpr_sim_config *c, const tpr_sim_script *script)
{
    memset(s, 0, sizeof(*s));
    s->cfg = *c;
    s->script = *script;
    s->rng = c->seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
    s->tremor_pct = c->tremor_pct;
    s->tremor_hz = 1.5f;
    s->signal = TPR_SIG_OFF;
    new_spot(s);
}

static float pressure_at(const tpr_sim *s, float x)
{
    return x <= 0.0f ? 0.0f : K_KPA_PER_MM * s->soft * relax(s) * (x + x * x / X0_MM);
}

/* Indentation that gives pressure p with the tissue as it is now. */
static float depth_for(const tpr_sim *s, float p)
{
    if (p <= 0.0f)
        return 0.0f;
    float q = p / (K_KPA_PER_MM * s->soft * relax(s));
    return (sqrtf(1.0f + 4.0f * q / X0_MM) - 1.0f) * X0_MM / 2.0f;
}

/* A person following the device's cues. */
static void follow(tpr_sim *s)
{
    switch (s->signal) {
    case TPR_SIG_OFF:
    case TPR_SIG_TOO_SOFT:
        s->mode = TPR_HAND_PUSH;
        s->aimed = s->signal == TPR_SIG_TOO_SOFT && s->aimed;
        break;
    case TPR_SIG_IN_BAND:
        if (!s->aimed) {
            s->aim_kpa = s->true_kpa * AIM_ABOVE_ENTRY;
            s->aimed = true;
        }
        s->mode =
            s->mode == TPR_HAND_PUSH && s->true_kpa < s->aim_kpa ? TPR_HAND_PUSH : TPR_HAND_STILL;
        if (s->mode == TPR_HAND_STILL)
            s->aim_kpa = 0.0f; /* aim reached: hold still from here on */
        break;
    case TPR_SIG_TOO_HARD:
        s->mode = TPR_HAND_EASE;
        break;
    case TPR_SIG_DONE:
    case TPR_SIG_REST:
        s->mode = TPR_HAND_LIFT;
        s->aimed = false;
        break;
    case TPR_SIG_FAULT:
    case TPR_SIG_COUNT:
        s->mode = TPR_HAND_STILL;
        break;
    }
}

/* A button step presses its button when it begins and lets it go when it
 * ends (at world time t); the daemon tells short from long. */
static void button_edge(tpr_sim *s, const tpr_sim_step *st, bool pressed, int64_t t)
{
    const uint32_t n = sizeof(s->edges) / sizeof(s->edges[0]);
    if (st->kind != TPR_STEP_BUTTON || s->edges_count == n)
        return;
    s->edges[(s->edges_head + s->edges_count++) % n] =
        (tpr_button_edge){.button = st->button, .pressed = pressed, .t_us = t};
}

/* Begin script step i at time t. */
static void begin_step(tpr_sim *s, int64_t t)
{
    const tpr_sim_step *st = &s->script.step[s->step];
    s->step_start_us = t;
    s->step_begun = true;
    s->step_from_mm = s->x_mm;
    s->step_to_mm = s->x_mm;
    button_edge(s, st, true, t);
    switch (st->kind) {
    case TPR_STEP_PRESS:
        s->step_to_mm = depth_for(s, st->kpa);
        break;
    case TPR_STEP_LIFT:
        s->step_to_mm = 0.0f;
        break;
    case TPR_STEP_RAMP:
        s->step_from_kpa = pressure_at(s, s->x_mm);
        break;
    case TPR_STEP_TREMOR:
        s->tremor_pct = st->pct;
        s->tremor_hz = st->hz;
        break;
    case TPR_STEP_FAULT:
        tpr_sim_inject(s, st->fault, t, st->duration_us);
        break;
    default:
        break;
    }
}

static bool step_over(const tpr_sim *s, int64_t t)
{
    const tpr_sim_step *st = &s->script.step[s->step];
    if (st->kind == TPR_STEP_TREMOR || st->kind == TPR_STEP_FAULT)
        return true;
    if (st->kind == TPR_STEP_FOLLOW && st->duration_us == 0)
        return false;
    return t - s->step_start_us >= st->duration_us;
}

bool tpr_sim_take_button(tpr_sim *s, tpr_button_edge *out)
{
    if (!s->edges_count)
        return false;
    *out = s->edges[s->edges_head];
    s->edges_head = (s->edges_head + 1) % (sizeof(s->edges) / sizeof(s->edges[0]));
    s->edges_count--;
    return true;
}

/* Move the hand for one physics step. */
static void move_hand(tpr_sim *s, int64_t t, float dt)
{
    while (!s->script_done) {
        if (!s->step_begun)
            begin_step(s, t);
        if (!step_over(s, t))
            break;
        button_edge(s, &s->script.step[s->step], false, t);
        s->step_begun = false;
        if (++s->step == s->script.count)
            s->script_done = true;
    }
    tpr_hand_mode mode = TPR_HAND_STILL;
    if (!s->script_done) {
        const tpr_sim_step *st = &s->script.step[s->step];
        if (st->kind == TPR_STEP_FOLLOW) {
            follow(s);
            mode = s->mode;
        } else if (st->kind == TPR_STEP_PRESS || st->kind == TPR_STEP_LIFT) {
            /* A hand pressing to a pressure feels the tissue relax under it
             * and presses on to reach it. */
            if (st->kind == TPR_STEP_PRESS)
                s->step_to_mm = depth_for(s, st->kpa);
            float f = st->duration_us ? (float)(t - s->step_start_us) / (float)st->duration_us : 1;
            f = f > 1.0f ? 1.0f : f;
            s->x_mm = s->step_from_mm + (s->step_to_mm - s->step_from_mm) * f;
        } else if (st->kind == TPR_STEP_KEEP) {
            s->x_mm = depth_for(s, st->kpa);
        } else if (st->kind == TPR_STEP_RAMP) { /* steady in pressure, not in depth */
            float f = st->duration_us ? (float)(t - s->step_start_us) / (float)st->duration_us : 1;
            f = f > 1.0f ? 1.0f : f;
            s->x_mm = depth_for(s, s->step_from_kpa + (st->kpa - s->step_from_kpa) * f);
        }
    }
    if (mode == TPR_HAND_PUSH)
        s->x_mm += PUSH_MM_S * dt;
    else if (mode == TPR_HAND_EASE)
        s->x_mm -= EASE_MM_S * dt;
    else if (mode == TPR_HAND_LIFT)
        s->x_mm -= LIFT_MM_S * dt;
    if (s->x_mm < 0.0f)
        s->x_mm = 0.0f;
}

static void tissue(tpr_sim *s, int64_t t, float dt)
{
    s->tremor_phase += 2.0f * PI_F * s->tremor_hz * dt;
    if (s->tremor_phase > 2.0f * PI_F)
        s->tremor_phase -= 2.0f * PI_F;
    /* Two incommensurate sines: a slow, irregular wander of the hand. */
    float wobble = 0.7f * sinf(s->tremor_phase) + 0.3f * sinf(0.37f * s->tremor_phase + 1.0f);
    float x = s->x_mm * (1.0f + s->tremor_pct / 100.0f * wobble);
    s->true_kpa = pressure_at(s, x);

    if (s->true_kpa < UNLOADED_KPA) {
        if (s->unloaded_since_us < 0)
            s->unloaded_since_us = t;
        else if (t - s->unloaded_since_us >= NEW_SPOT_US && s->loaded_s > 0.0f)
            new_spot(s);
        return;
    }
    s->unloaded_since_us = -1;
    if (s->true_kpa > LOAD_KPA) {
        s->loaded_s += dt;
        float fast = RELAX_FAST_SHARE * s->relax_size;
        float slow = (1.0f - RELAX_FAST_SHARE) * s->relax_size;
        s->relax_fast += (fast - s->relax_fast) * dt / RELAX_FAST_TAU_S;
        s->relax_slow += (slow - s->relax_slow) * dt / RELAX_SLOW_TAU_S;
    }
    if (!s->releasing && s->loaded_s >= s->release_after_s) {
        s->releasing = true;
        s->releases++;
    }
    if (s->releasing) {
        float floor = 1.0f - s->cfg.release_drop;
        s->soft -= (s->soft - floor) * dt / RELEASE_TAU_S;
    }
}

void tpr_sim_advance(tpr_sim *s, int64_t now_us)
{
    if (!s->started) {
        s->started = true;
        s->t_us = now_us;
        s->unloaded_since_us = now_us;
        return;
    }
    while (s->t_us + STEP_US <= now_us) {
        s->t_us += STEP_US;
        const float dt = STEP_US / 1e6f;
        move_hand(s, s->t_us, dt);
        tissue(s, s->t_us, dt);
        /* The motor's speed, and so its vibration frequency, follows the
         * intensity: 100 Hz just spinning, 250 Hz flat out. */
        float hz = 100.0f + 150.0f * s->motor_pct / 100.0f;
        s->vib_phase += 2.0f * PI_F * hz * dt;
        if (s->vib_phase > 2.0f * PI_F)
            s->vib_phase -= 2.0f * PI_F;
    }
}

void tpr_sim_sample(tpr_sim *s, tpr_sample *out)
{
    int64_t t = s->t_us;
    if (s->fault != TPR_SIM_FAULT_NONE && t >= s->fault_end_us)
        s->fault = TPR_SIM_FAULT_NONE;
    float leak = s->cfg.leak_fraction * s->motor_pct / 100.0f * s->true_kpa * sinf(s->vib_phase);
    float v = s->true_kpa + leak + s->cfg.noise_kpa * gaussian(s);
    v = roundf(v / QUANTUM_KPA) * QUANTUM_KPA;
    tpr_sample smp = {.t_us = t, .kpa = v, .ok = true};
    switch (s->fault) {
    case TPR_SIM_FAULT_READ_ERROR:
        smp.ok = false;
        smp.kpa = NAN;
        break;
    case TPR_SIM_FAULT_NAN:
        smp.kpa = NAN;
        break;
    case TPR_SIM_FAULT_STUCK:
        smp.kpa = s->last.kpa;
        break;
    case TPR_SIM_FAULT_STALE:
        smp = s->last;
        break;
    case TPR_SIM_FAULT_RANGE:
        smp.kpa = 9999.0f;
        break;
    case TPR_SIM_FAULT_HANG: /* the read itself hung: see sim_read */
    case TPR_SIM_FAULT_NONE:
    case TPR_SIM_FAULT_COUNT:
        break;
    }
    s->last = smp;
    *out = smp;
}

void tpr_sim_inject(tpr_sim *s, tpr_sim_fault f, int64_t now_us, int64_t duration_us)
{
    s->fault = f;
    s->fault_end_us = now_us + duration_us;
}
