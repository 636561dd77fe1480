#include "session.h"

#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "rt.h"

/* A session of kind running mode on prof's routine, not recorded yet. */
static tpr_session *session_new(tpr_session_kind kind, const char *mode,
                                const tpr_system_config *sys, const tpr_profile *prof, char *err,
                                size_t errlen)
{
    tpr_session *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory for a session");
        return NULL;
    }
    tpr_rt_prefault(s, sizeof(*s)); /* the loop's from its first tick */
    if (tpr_core_init_mode(&s->core, &sys->core, &prof->routine, tpr_core_mode_find(mode))) {
        snprintf(err, errlen, "the routine or device settings are unusable");
        free(s);
        return NULL;
    }
    s->kind = kind;
    snprintf(s->user, sizeof(s->user), "%s", prof->user);
    snprintf(s->routine_name, sizeof(s->routine_name), "%s", prof->routine_name);
    tpr_summary_init(&s->summary);
    s->start_us = -1;
    s->finished_us = -1;
    return s;
}

tpr_session *tpr_session_new(const tpr_system_config *sys, const tpr_profile *prof, bool record,
                             double max_s, char *err, size_t errlen)
{
    tpr_session *s = session_new(TPR_SESSION_THERAPY, "therapy", sys, prof, err, errlen);
    if (!s)
        return NULL;
    s->max_us = (int64_t)(max_s * 1e6);
    if (record && tpr_recording_start(&s->rec, sys, prof, &s->summary, NULL, err, errlen)) {
        free(s);
        return NULL;
    }
    return s;
}

tpr_session *tpr_session_new_measure(const tpr_system_config *sys, const tpr_profile *prof,
                                     tpr_side side, int64_t taken_at_ms, bool record, char *err,
                                     size_t errlen)
{
    if (prof->routine.count != 1) {
        snprintf(err, errlen, "a measurement is of one muscle, not %u", prof->routine.count);
        return NULL;
    }
    tpr_session *s = session_new(TPR_SESSION_MEASURE, "ppt", sys, prof, err, errlen);
    if (!s)
        return NULL;
    if (tpr_ppt_set_rate(&s->core, sys->ppt_rate_kpa_s)) {
        snprintf(err, errlen, "[ppt] rate %g kPa/s is unusable", (double)sys->ppt_rate_kpa_s);
        free(s);
        return NULL;
    }
    s->side = side;
    s->taken_at_ms = taken_at_ms;
    if (record)
        snprintf(s->data_dir, sizeof(s->data_dir), "%s", sys->data_dir);
    return s;
}

/* Save a measurement that took at least one trial. */
static int save_measurement(const tpr_session *s, char *err, size_t errlen)
{
    const tpr_ppt_result *res = tpr_ppt_result_of(&s->core);
    if (!s->data_dir[0] || !res || !res->attempts)
        return 0;
    tpr_measurement m = {
        .user = s->user,
        .muscle = s->core.routine.dose[0].muscle,
        .side = s->side,
        .taken_at_ms = s->taken_at_ms,
        .result = res,
    };
    int64_t id = tpr_recording_save_measurement(s->data_dir, &m, err, errlen);
    if (id < 0)
        return -1;
    tpr_log(TPR_LOG_INFO, "measurement %lld saved: %s %s %s, %u of %d trials reliable%s",
            (long long)id, m.user, m.muscle, tpr_side_name(m.side), res->reliable, TPR_PPT_TRIALS,
            res->reliable ? "" : ", no threshold");
    return 0;
}

int tpr_session_finish(tpr_session *s, char *err, size_t errlen)
{
    int rc = s->kind == TPR_SESSION_MEASURE ? save_measurement(s, err, errlen)
                                            : tpr_recording_finish(s->rec, s->end, err, errlen);
    free(s);
    return rc;
}
