/* The built-in muscle library and knee routines.
 *
 * Referral areas: Travell JG, Simons DG. Myofascial Pain and Dysfunction:
 * The Trigger Point Manual, vol. 2, The Lower Extremities (1992), the
 * chapter of each muscle ("T&S" below).
 *
 * Every number below either names its source or says it is our own
 * (engineering) choice. No muscle-by-muscle pressure norms for the thigh
 * and calf, and no published maximum safe pressure, could be found: the
 * bands and limits are our choices, anchored on these figures (1 cm2
 * probe, Fischer, Pain 1987;30:115):
 *  - pressure-pain threshold (PPT) in knee osteoarthritis at the patella
 *    385-403 kPa (Hinarejos 2019, Eur J Orthop Surg Traumatol);
 *  - healthy women's thresholds about 28 % below men's (Chesterton 2003,
 *    Pain 101:259): 403 kPa x 0.72 = 290 kPa;
 *  - pressure held 60 s at 7/10 pain: women 687, men 971 kPa (sex and
 *    pain-referral study, infraspinatus).
 * Without a measured threshold the band stays below the lowest of these
 * PPTs and the limit well below the women's tolerance.
 *
 * Ceiling: each muscle's limit below is also its absolute ceiling for a
 * dose set from a measured threshold (config/dose_relative.c): no band top
 * and no limit in %ppt goes above it, however high the threshold. It stays
 * at or below two thirds of the women's 60 s tolerance (687 kPa), the
 * lowest tolerance figure we have. */
#include "muscles.h"

#include <string.h>

/* Pressures in kPa (contact, band, limit), base and highest vibration
 * intensity in %. */
#define CAPPED_BAND(contact, lo, hi, limit, intensity, max)                                        \
    .contact_kpa = (contact), .band_min_kpa = (lo), .band_max_kpa = (hi), .limit_kpa = (limit),    \
    .intensity_pct = (intensity), .intensity_max_pct = (max)
/* A muscle without a rule of its own may vibrate up to 100 %. */
#define BAND(contact, lo, hi, limit, intensity)                                                    \
    CAPPED_BAND(contact, lo, hi, limit, intensity, 100.0f)

/* The popliteal fossa holds the tibial nerve and the popliteal vessels: the
 * popliteus never vibrates harder than this, whatever a profile asks for. */
#define POPLITEUS_MAX_PCT 30.0f

/* Hold target, minimum, maximum and rest in ms; repetitions. A release is
 * a 15 % decay below the level the tissue settled to, under a steady hand
 * (our choice: half of it, where a release counts as under way, lies clear
 * of the ~5 % a smoothed tremor dips; controller/core/release.c). */
#define HOLD(target, lo, hi, pause, count)                                                         \
    .hold_ms = (target), .hold_min_ms = (lo), .hold_max_ms = (hi), .rest_ms = (pause),             \
    .reps = (count), .release_drop = 0.15f

/* Trigger-point pressure release (ischemic compression):
 *  - target 60 s: held 60 s at the highest tolerable pressure (De
 *    Meulemeester 2016), 60 s x 3-4 repetitions (Mukkannavar);
 *  - minimum 30 s: "30 s to 1 min, stop earlier on reduced tension or loss
 *    of tenderness" (Gemmell 2008, Clinical Chiropractic 11:30); it also
 *    lies past the ~20 s in which the tissue relaxes on its own (Ryan 2011),
 *    before which no release can be told apart;
 *  - maximum 90 s: the longest trial dose, 90 s on the gastrocnemius
 *    (Perez-Bellmunt 2021, JMPT);
 *  - 3 repetitions: the lower end of Mukkannavar's 3-4;
 *  - 15 s rest: our choice (no trial gives one); enough to lift off and
 *    find the spot again. */
#define STANDARD_HOLD HOLD(60000, 30000, 90000, 15000, 3)

/* Gastrocnemius: 90 s on its trigger points lowered pain by 15.8 % and
 * raised the PPT by 9.9 % (Perez-Bellmunt 2021, JMPT): that is the target
 * and the maximum; minimum, repetitions and rest as STANDARD_HOLD. */
#define GASTROCNEMIUS_HOLD HOLD(90000, 30000, 90000, 15000, 3)

/* Large quadriceps and hamstring muscles: band 120-300 kPa, its top at a
 * woman's knee-OA threshold (290 kPa, above), limit 450 kPa, just over the
 * knee-OA PPT (403 kPa) and two thirds of the women's 60 s tolerance
 * (687 kPa); contact at a third of band_min, 60 % vibration (the numbers
 * are our choices on those anchors). */
#define LARGE_MUSCLE_BAND BAND(40.0f, 120.0f, 300.0f, 450.0f, 60.0f)

/* Calf: thinner muscle over the deep calf veins: band 100-220 kPa, limit
 * 350 kPa, 50 % vibration (our choices, below the thigh's). */
#define CALF_BAND BAND(35.0f, 100.0f, 220.0f, 350.0f, 50.0f)

/* Inner-thigh and superficial muscles, over the femoral vessels and the
 * saphenous nerve: band 80-180 kPa, limit 280 kPa, 40 % vibration (our
 * choices). */
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
               * (our choice). */
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
    {.dose = {.muscle = "gastrocnemius", CALF_BAND, GASTROCNEMIUS_HOLD},
     .group = "lower leg",
     .refers = "back of the knee (medial head) and calf"}, /* T&S, gastrocnemius */
    {.dose = {.muscle = "soleus", CALF_BAND, STANDARD_HOLD},
     .group = "lower leg",
     .refers = "calf and heel, rarely the back of the knee"}, /* T&S, soleus */
    {.dose = {.muscle = "popliteus",
              /* The popliteal fossa holds the tibial nerve and the popliteal
               * vessels (the artery 35-38 mm from the medial epicondyle,
               * Greenwood 2021, Anat Cell Biol 54(1)): lowest band and limit,
               * gentle vibration, at most 30 % (our choices). Short: the 30 s
               * lower end of the trials (Gemmell 2008) as target, no release
               * before the ~20 s of relaxation (Ryan 2011) as minimum, 45 s at
               * most and 2 repetitions, 15 s rest (our choices). */
              CAPPED_BAND(20.0f, 50.0f, 120.0f, 180.0f, 25.0f, POPLITEUS_MAX_PCT),
              HOLD(30000, 20000, 45000, 15000, 2)},
     .group = "behind the knee",
     .refers = "back of the knee", /* T&S, popliteus */
     /* The tibial nerve and the popliteal artery and vein run down the
      * middle of the hollow (Greenwood 2021); the muscle lies deep, below
      * the crease toward the inside. */
     .notice = "behind the knee: press only just below the crease toward the inside, never the "
               "middle of the hollow (nerve and blood vessels); stop at tingling, numbness or a "
               "pulse under the tip"},
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
               * treated like a superficial muscle (our choice). */
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
