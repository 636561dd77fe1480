#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

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
    uint32_t rate = sys->core.rate_hz, trace_rate = sys->trace_rate_hz ? sys->trace_rate_hz : rate;
    /* The config checks this too, but --rate may have changed the loop rate. */
    if (trace_rate > rate || rate % trace_rate) {
        snprintf(err, errlen, "[store] trace_rate %u Hz does not divide the loop rate %u Hz",
                 trace_rate, rate);
        return -1;
    }
    tpr_session_info info = {
        .user = prof->user,
        .routine_name = prof->routine_name,
        .routine = &prof->routine,
        .rate_hz = rate,
        .trace_every = rate / trace_rate,
        .keep_days = sys->keep_trace_days,
        .keep_mb = sys->keep_trace_mb,
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
    uint64_t lost = tpr_recorder_events_lost(s->rec);
    int64_t id = tpr_recorder_session_id(s->rec);
    int rc = tpr_recorder_finish(s->rec, how, err, errlen);
    free(s);
    if (dropped)
        tpr_log(TPR_LOG_WARN, "session %lld: %llu samples were not recorded (recorder behind)",
                (long long)id, (unsigned long long)dropped);
    if (lost)
        tpr_log(TPR_LOG_WARN, "session %lld: %llu ticks with events were lost (recorder behind)",
                (long long)id, (unsigned long long)lost);
    if (!rc)
        tpr_log(TPR_LOG_INFO, "session %lld recorded: %s", (long long)id,
                tpr_session_end_name(how));
    return rc;
}
