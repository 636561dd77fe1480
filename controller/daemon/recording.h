/* Recording of one session: the bridge between the control loop and the
 * session store's recorder thread. */
#ifndef TPR_RECORDING_H
#define TPR_RECORDING_H

#include <stddef.h>

#include "measurement.h"
#include "profile.h"
#include "recorder.h"
#include "system_config.h"

/* tprd's exit status when a session could not be recorded, or not
 * completely (a damaged database, a full disk): not 1, the device fault. */
#define TPR_EXIT_STORAGE 3

typedef struct tpr_recording tpr_recording;

/* The recorder's pace when not the daemon's (recorder.h): the fault tests
 * commit every few ms into a small ring. A zero keeps the default. */
typedef struct tpr_recording_pace {
    uint32_t batch_ms;
    uint32_t ring_ticks;
} tpr_recording_pace;

/* Open the database in sys->data_dir (created if missing) and start a
 * session for the profile's user and routine, storing the segments of
 * summary (the session's, kept by the loop); pace NULL: the defaults.
 * Returns 0, or -1 with err. */
int tpr_recording_start(tpr_recording **r, const tpr_system_config *sys, const tpr_profile *prof,
                        const tpr_summary *summary, const tpr_recording_pace *pace, char *err,
                        size_t errlen);

/* The session database's path in the data directory dir. */
void tpr_recording_db_path(const char *dir, char *path, size_t len);

/* Mark the sessions an earlier tprd left running (a crash, kill -9, a power
 * cut) as interrupted, so a resident daemon closes the books at start-up
 * rather than at its next session. Returns how many, or -1 with err. */
int tpr_recording_close_interrupted(const tpr_system_config *sys, char *err, size_t errlen);

/* Hand one tick to the recorder (control loop thread, after the summary
 * was stepped for it; r may be NULL). */
void tpr_recording_push(tpr_recording *r, int64_t now_us, const tpr_sample *s, const tpr_output *o);

/* Ticks pushed and not yet taken by the recorder thread (0 for NULL). */
uint64_t tpr_recording_backlog(const tpr_recording *r);

/* The session's id in the database (0 for NULL). */
int64_t tpr_recording_id(const tpr_recording *r);

/* Database files the session has left, replaced or removed under it, and
 * times it was carried over (recorder.h; 0 for NULL). */
void tpr_recording_moves(const tpr_recording *r, uint32_t *left, uint32_t *carried);

/* Keep the loop's timing over the session for its row (r may be NULL). */
void tpr_recording_loop_timing(tpr_recording *r, const tpr_session_loop *t);

/* Save a finished (or stopped) threshold measurement into the database in
 * dir, the data directory (created if missing); main thread, never the
 * loop. Returns its id, or -1 with err. */
int64_t tpr_recording_save_measurement(const char *dir, const tpr_measurement *m, char *err,
                                       size_t errlen);

/* Finalise the session row with how it ended and free r (NULL: no-op).
 * Returns 0, or -1 with err when the record is incomplete (recorder.h). */
int tpr_recording_finish(tpr_recording *r, tpr_session_end how, char *err, size_t errlen);

#endif
