/* Recording of one daemon run: the bridge between the control loop and the
 * session store's recorder thread. */
#ifndef TPR_SESSION_H
#define TPR_SESSION_H

#include <stddef.h>

#include "loop.h"
#include "profile.h"
#include "recorder.h"
#include "system_config.h"

typedef struct tpr_session tpr_session;

/* Open the database in sys->data_dir (created if missing) and start a
 * session for the profile's user and routine. Returns 0, or -1 with err. */
int tpr_session_start(tpr_session **s, const tpr_system_config *sys, const tpr_profile *prof,
                      char *err, size_t errlen);

/* Make the loop hand every tick to the session (s may be NULL: no-op). */
void tpr_session_attach(tpr_session *s, tpr_loop *loop);

/* Finalise the session row with how it ended and free s (NULL: no-op).
 * Returns 0, or -1 with err. */
int tpr_session_finish(tpr_session *s, tpr_session_end how, char *err, size_t errlen);

#endif
