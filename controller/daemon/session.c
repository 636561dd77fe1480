#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct tpr_session {
    tpr_recorder *rec;
};

/* Database file name inside the data directory. */
#define DB_NAME "sessions.db"

static void record_tick(void *ctx, int64_t now_us, const tpr_sample *s, const tpr_output *o)
{
    tpr_recorder_push(ctx, now_us, s, o);
}

int tpr_session_start(tpr_session **out, const tpr_system_config *sys, const tpr_profile *prof,
                      char *err, size_t errlen)
{
    *out = NULL;
    if (mkdir(sys->data_dir, 0750) && errno != EEXIST) {
        snprintf(err, errlen, "data directory %s: %s", sys->data_dir, strerror(errno));
        return -1;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", sys->data_dir, DB_NAME);
    tpr_session_info info = {
        .user = prof->user,
        .routine_name = prof->routine_name,
        .routine = &prof->routine,
        .rate_hz = sys->core.rate_hz,
        .trace_every = 1,
    };
    tpr_session *s = calloc(1, sizeof(*s));
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->rec = tpr_recorder_start(path, &info, err, errlen);
    if (!s->rec) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

void tpr_session_attach(tpr_session *s, tpr_loop *loop)
{
    if (!s)
        return;
    loop->record = record_tick;
    loop->record_ctx = s->rec;
}

int tpr_session_finish(tpr_session *s, tpr_session_end how, char *err, size_t errlen)
{
    if (!s)
        return 0;
    uint64_t dropped = tpr_recorder_dropped(s->rec);
    int rc = tpr_recorder_finish(s->rec, how, err, errlen);
    free(s);
    if (dropped)
        fprintf(stderr, "tprd: warning: %llu samples were not recorded (recorder behind)\n",
                (unsigned long long)dropped);
    return rc;
}
