/* Trigger-point release detector: recognises the slow, sustained decay of
 * the pressure under a steady hand when the tissue lets go, judged against
 * the level the tissue settles to after its ordinary relaxation. */
#ifndef TPR_RELEASE_H
#define TPR_RELEASE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct tpr_release {
    float drop; /* fraction of the hold peak that counts as a release */
    /* detector state: see release.c */
    float smooth_kpa;        /* filtered pressure, smoothed once more */
    float peak_kpa;          /* highest smoothed pressure of this hold */
    int64_t decay_start_us;  /* last tick not yet drop/2 below the peak */
    int64_t settle_until_us; /* relaxation, ease-off: peak follows until then */
    int64_t below_since_us;  /* start of the candidate release */
    int64_t last_t_us;       /* previous tick fed, to see gaps */
    bool primed;             /* a first value has been fed */
    bool below;              /* a candidate release is running */
    bool fired;              /* the release has been recognised */
} tpr_release;

/* Start a new hold with release fraction drop (e.g. 0.15). */
void tpr_release_init(tpr_release *r, float drop);

/* Feed the filtered pressure of a tick spent inside the band at time now_us.
 * Returns true once, in the tick the release is recognised. */
bool tpr_release_step(tpr_release *r, int64_t now_us, float filtered_kpa);

/* True while the pressure has decayed from the settled peak by at least
 * half of drop: a release is under way (used to extend a hold past its
 * target). Never during the first 20 s of relaxation. */
bool tpr_release_in_progress(const tpr_release *r);

/* True once a release has been recognised in this hold. */
bool tpr_release_fired(const tpr_release *r);

#endif
