/* A session: one routine treated from start to end, or one site's
 * pressure-pain threshold measured (the core's ppt mode, motor off). The main thread makes
 * it ready (the core with its doses, the recording) and hands it to the
 * control loop; the loop runs it tick by tick and hands it back when it
 * ends; the main thread then finishes it (recording closed, summary shown)
 * and frees it. Between the hand-overs only one thread touches it. */
#ifndef TPR_SESSION_H
#define TPR_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"
#include "measurement.h"
#include "profile.h"
#include "recording.h"
#include "summary.h"
#include "system_config.h"

/* What a session does. */
typedef enum tpr_session_kind {
    TPR_SESSION_THERAPY, /* treat the routine (recorded as a session) */
    TPR_SESSION_MEASURE, /* measure one muscle's threshold (saved as a measurement) */
} tpr_session_kind;

typedef struct tpr_session {
    tpr_session_kind kind;
    char user[TPR_NAME_MAX + 1];
    char routine_name[32];
    tpr_core core;
    /* The one per-muscle summary, kept by the loop: the display, the
     * status, the end-of-session report and the stored repetitions (the
     * recorder reads its final segments) all come from this one. */
    tpr_summary summary;
    tpr_recording *rec; /* NULL: not recorded */
    int64_t max_us;     /* 0: until the routine is done */
    /* the loop's while it runs */
    int64_t start_us;    /* first tick; -1 before */
    int64_t finished_us; /* the routine finished at; -1 before */
    bool paused;
    tpr_session_end end; /* how it ended, once handed back */
    /* A measurement's site and when it began (Unix ms), and the data
     * directory it is saved to when it ends (empty: not saved). */
    tpr_side side;
    int64_t taken_at_ms;
    char data_dir[256];
} tpr_session;

/* Make a session of the profile's routine ready to run: the core set up
 * with sys's device settings, recorded unless !record. max_s > 0 ends it
 * after that long (stopped). Returns NULL with a message in err. */
tpr_session *tpr_session_new(const tpr_system_config *sys, const tpr_profile *prof, bool record,
                             double max_s, char *err, size_t errlen);

/* Make a measurement of the threshold of the single muscle of prof's
 * routine on side ready to run: the core in its ppt mode at sys's [ppt]
 * rate, saved at the end into sys's data directory unless !record.
 * taken_at_ms: now, Unix ms. Returns NULL with a message in err. */
tpr_session *tpr_session_new_measure(const tpr_system_config *sys, const tpr_profile *prof,
                                     tpr_side side, int64_t taken_at_ms, bool record, char *err,
                                     size_t errlen);

/* Close its recording with its end reason (a measurement: save it when it
 * took a trial) and free it. Returns 0, or -1
 * with err when the recording could not be finished. */
int tpr_session_finish(tpr_session *s, char *err, size_t errlen);

#endif
