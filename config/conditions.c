/* The conditions and what they refuse. Each rule is the area where deep,
 * sustained pressure or vibration meets the risk of that condition; the
 * reasons are the ones the README's safety section gives, with their
 * sources where the literature has one. */
#include "conditions.h"

#include <stdio.h>
#include <string.h>

/* Leg clots form in the deep veins of the calf, behind the knee (popliteal
 * vein) and up the inner thigh (femoral vein, under sartorius and on
 * adductor longus). Pulmonary embolism has been reported after leg
 * massage, after a prior deep-vein thrombosis and after vigorous deep
 * massage (case reports: IJCS; Lim 2009; Phys Sportsmed 2010). */
static const char *const clot_area[] = {"gastrocnemius",   "soleus",    "popliteus",
                                        "adductor_longus", "sartorius", NULL};
#define CLOT_AREA_WORDS "the calf, the back of the knee and the inner thigh"
#define CLOT_WHY                                                                                   \
    "deep pressure or vibration over the deep veins there can set a clot loose (pulmonary "        \
    "embolism after leg massage is reported)"

/* Varicose veins run mostly in the calf, behind the knee (small saphenous
 * vein) and along the inside of the knee (great saphenous vein, over
 * gracilis and sartorius); MUSCLES.md: never press over them. */
static const char *const varicose_area[] = {"gastrocnemius", "soleus",    "popliteus",
                                            "gracilis",      "sartorius", NULL};

static const tpr_condition conditions[TPR_CONDITION_COUNT] = {
    {.name = "anticoagulants",
     .what = "blood thinners (anticoagulants)",
     .area = "every muscle",
     .why = "deep pressure can bleed into the muscle while the blood clots slowly, and they are "
            "taken for a clotting risk",
     .muscles = NULL},
    {.name = "bleeding_disorder",
     .what = "a bleeding disorder (haemophilia, low platelets)",
     .area = "every muscle",
     .why = "deep pressure can bleed into the muscle",
     .muscles = NULL},
    {.name = "dvt_history",
     .what = "a deep-vein thrombosis, now or before",
     .area = CLOT_AREA_WORDS,
     .why = CLOT_WHY,
     .muscles = clot_area},
    {.name = "clotting_disorder",
     .what = "a clotting disorder (thrombophilia)",
     .area = CLOT_AREA_WORDS,
     .why = CLOT_WHY,
     .muscles = clot_area},
    /* Pregnancy raises the risk of leg clots through to the weeks after
     * birth; the README already kept the calf out. */
    {.name = "pregnancy",
     .what = "pregnancy (and the weeks after birth)",
     .area = CLOT_AREA_WORDS,
     .why = "pregnancy makes leg clots likelier, and pressure over the deep veins there can set "
            "one loose",
     .muscles = clot_area},
    {.name = "varicose_veins",
     .what = "varicose veins",
     .area = "the calf, the back of the knee and the inside of the knee",
     .why = "pressure over a varicose vein can damage it or loosen a clot in it",
     .muscles = varicose_area},
    /* Every dose relies on the person feeling "strong but tolerable". */
    {.name = "neuropathy",
     .what = "reduced feeling in the legs (neuropathy)",
     .area = "every muscle",
     .why = "without normal feeling you cannot tell strong-but-tolerable pressure from harm",
     .muscles = NULL},
};

const tpr_condition *tpr_condition_at(size_t i)
{
    return i < TPR_CONDITION_COUNT ? &conditions[i] : NULL;
}

int tpr_condition_index(const char *name)
{
    for (int i = 0; i < TPR_CONDITION_COUNT; i++)
        if (strcmp(conditions[i].name, name) == 0)
            return i;
    return -1;
}

static int rules_out(const tpr_condition *c, const char *muscle)
{
    if (!c->muscles)
        return 1;
    for (size_t i = 0; c->muscles[i]; i++)
        if (strcmp(c->muscles[i], muscle) == 0)
            return 1;
    return 0;
}

const tpr_condition *tpr_condition_refusing(uint32_t mask, const char *muscle)
{
    for (size_t i = 0; i < TPR_CONDITION_COUNT; i++)
        if ((mask & (1u << i)) && rules_out(&conditions[i], muscle))
            return &conditions[i];
    return NULL;
}

void tpr_condition_names(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < TPR_CONDITION_COUNT && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", conditions[i].name);
}
