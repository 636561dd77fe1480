/* The built-in muscle library and knee routines.
 *
 * Referral areas: Travell JG, Simons DG. Myofascial Pain and Dysfunction:
 * The Trigger Point Manual, vol. 2, The Lower Extremities (1992), the
 * chapter of each muscle ("T&S" below).
 *
 * Pressure scale: pressure-pain thresholds (PPT) measured with a 1 cm2
 * algometer probe over healthy thigh and calf muscles are several kgf/cm2
 * (several hundred kPa; Fischer AA, Pain 1987;30:115-126) and markedly
 * lower over active trigger points and in painful knees (Arendt-Nielsen L
 * et al., Pain 2010;149:573-581). Treatment pressure sits below the PPT, so
 * the bands below are conservative starting points for an adult, to be
 * replaced per person by measured thresholds. */
#include "muscles.h"

#include "core.h"

#include <string.h>

/* Pressures in kPa (contact, band, limit) and base vibration intensity in %. */
#define BAND(contact, lo, hi, limit, intensity)                                                    \
    .contact_kpa = (contact), .band_min_kpa = (lo), .band_max_kpa = (hi), .limit_kpa = (limit),    \
    .intensity_pct = (intensity)

/* Hold target, minimum, maximum and rest in ms; repetitions; release at a
 * 15 % decay under a steady hand (engineering choice, MUSCLES.md). */
#define HOLD(target, lo, hi, pause, count)                                                         \
    .hold_ms = (target), .hold_min_ms = (lo), .hold_max_ms = (hi), .rest_ms = (pause),             \
    .reps = (count), .release_drop = 0.15f

/* Ischemic compression / trigger-point pressure release is held until the
 * tissue softens, typically 30-90 s, a few repetitions with short rests
 * (T&S). Target 30 s, minimum 20 s (an earlier "release" is more likely
 * noise), maximum 90 s, 10 s rest, 3 repetitions: engineering choices
 * inside that range. */
#define STANDARD_HOLD HOLD(30000, 20000, 90000, 10000, 3)

/* Large quadriceps and hamstring muscles: PPT several hundred kPa (Fischer
 * 1987), band 120-300 kPa well below it, limit 450 kPa under the healthy
 * PPT; contact at a third of band_min; 60 % vibration (engineering choices). */
#define LARGE_MUSCLE_BAND BAND(40.0f, 120.0f, 300.0f, 450.0f, 60.0f)

/* Calf: lower PPT than the thigh (Fischer 1987): band 100-220 kPa, limit
 * 350 kPa, 50 % vibration (engineering choices). */
#define CALF_BAND BAND(35.0f, 100.0f, 220.0f, 350.0f, 50.0f)

/* Inner-thigh and superficial muscles, over the femoral vessels and the
 * saphenous nerve: band 80-180 kPa, limit 280 kPa, 40 % vibration
 * (engineering choices). */
#define SUPERFICIAL_BAND BAND(30.0f, 80.0f, 180.0f, 280.0f, 40.0f)

static const tpr_muscle_info library[TPR_MUSCLE_COUNT] = {
    {.dose = {.muscle = "rectus_femoris", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "quadriceps",
     .refers = "front of the knee, around and deep to the kneecap"}, /* T&S, quadriceps */
    {.dose = {.muscle = "vastus_medialis", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "quadriceps",
     .refers = "front-inside of the knee; knee 'buckling'"}, /* T&S, quadriceps */
    {.dose = {.muscle = "vastus_lateralis", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "quadriceps",
     .refers = "outside of the thigh down to the knee"}, /* T&S, quadriceps */
    {.dose = {.muscle = "vastus_intermedius",
              /* Deep, pressed through rectus femoris, which takes part of
               * the pressure: band raised by 30 kPa, limit unchanged
               * (engineering choice). */
              BAND(50.0f, 150.0f, 320.0f, 450.0f, 60.0f),
              STANDARD_HOLD},
     .group = "quadriceps",
     .refers = "front of the thigh to the knee"}, /* T&S, quadriceps */
    {.dose = {.muscle = "biceps_femoris", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "hamstrings",
     .refers = "back-outside of the knee"}, /* T&S, hamstrings */
    {.dose = {.muscle = "semitendinosus", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "hamstrings",
     .refers = "back-inside of the knee"}, /* T&S, hamstrings */
    {.dose = {.muscle = "semimembranosus", LARGE_MUSCLE_BAND, STANDARD_HOLD},
     .group = "hamstrings",
     .refers = "back-inside of the knee"}, /* T&S, hamstrings */
    {.dose = {.muscle = "gastrocnemius", CALF_BAND, STANDARD_HOLD},
     .group = "lower leg",
     .refers = "back of the knee (medial head) and calf"}, /* T&S, gastrocnemius */
    {.dose = {.muscle = "soleus", CALF_BAND, STANDARD_HOLD},
     .group = "lower leg",
     .refers = "calf and heel, rarely the back of the knee"}, /* T&S, soleus */
    {.dose = {.muscle = "popliteus",
              /* The popliteal fossa holds the tibial nerve and the popliteal
               * vessels: lowest band and limit, gentle vibration, shorter and
               * fewer holds (MUSCLES.md; numbers are engineering choices). */
              BAND(20.0f, 50.0f, 120.0f, 180.0f, 25.0f),
              HOLD(20000, 15000, 45000, 10000, 2)},
     .group = "behind the knee",
     .refers = "back of the knee", /* T&S, popliteus */
     .intensity_max_pct = TPR_POPLITEUS_MAX_PCT},
    {.dose = {.muscle = "adductor_longus", SUPERFICIAL_BAND, STANDARD_HOLD},
     .group = "inner thigh",
     .refers = "inside of the knee and the groin"}, /* T&S, adductors */
    {.dose = {.muscle = "gracilis", SUPERFICIAL_BAND, STANDARD_HOLD},
     .group = "inner thigh",
     .refers = "inside of the knee"}, /* T&S, gracilis */
    {.dose = {.muscle = "sartorius", SUPERFICIAL_BAND, STANDARD_HOLD},
     .group = "thigh",
     .refers = "inside of the knee"}, /* T&S, sartorius */
    {.dose = {.muscle = "tensor_fasciae_latae",
              /* Thin muscle over the hip, next to the iliotibial band:
               * treated like a superficial muscle (engineering choice). */
              SUPERFICIAL_BAND,
              STANDARD_HOLD},
     .group = "hip",
     .refers = "outside of the thigh toward the knee"}, /* T&S, tensor fasciae latae */
};

/* Routines by where the knee hurts, from the referral areas above. */
static const tpr_routine_info routines[] = {
    {.name = "knee_front",
     .description = "pain at the front of the knee, around or behind the kneecap",
     .muscles = {"rectus_femoris", "vastus_medialis", "vastus_intermedius", "vastus_lateralis"}},
    {.name = "knee_inside",
     .description = "pain on the inside of the knee",
     .muscles = {"vastus_medialis", "gracilis", "sartorius", "adductor_longus"}},
    {.name = "knee_outside",
     .description = "pain on the outside of the knee",
     .muscles = {"vastus_lateralis", "tensor_fasciae_latae", "biceps_femoris"}},
    {.name = "knee_back",
     .description = "pain at the back of the knee",
     .muscles = {"gastrocnemius", "popliteus", "biceps_femoris", "semitendinosus",
                 "semimembranosus"}},
};

#define ROUTINE_COUNT (sizeof(routines) / sizeof(routines[0]))

const tpr_muscle_info *tpr_muscle_at(size_t i)
{
    return i < TPR_MUSCLE_COUNT ? &library[i] : NULL;
}

int tpr_muscle_index(const char *name)
{
    for (int i = 0; i < TPR_MUSCLE_COUNT; i++)
        if (strcmp(library[i].dose.muscle, name) == 0)
            return i;
    return -1;
}

const tpr_muscle_info *tpr_muscle_find(const char *name)
{
    int i = tpr_muscle_index(name);
    return i < 0 ? NULL : &library[i];
}

size_t tpr_routine_count(void)
{
    return ROUTINE_COUNT;
}

const tpr_routine_info *tpr_routine_at(size_t i)
{
    return i < ROUTINE_COUNT ? &routines[i] : NULL;
}

const tpr_routine_info *tpr_routine_find(const char *name)
{
    for (size_t i = 0; i < ROUTINE_COUNT; i++)
        if (strcmp(routines[i].name, name) == 0)
            return &routines[i];
    return NULL;
}
