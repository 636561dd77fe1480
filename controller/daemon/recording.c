#include "recording.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db_setup.h"
#include "log.h"

struct tpr_recording {
    tpr_recorder *rec;
};

/* Database file name inside the data directory. */
#define DB_NAME "sessions.db"

/* The recorder's word on the disk (a write refused, writing again), at once. */
static void report(void *ctx, const char *line)
{
    (void)ctx;
    tpr_log(TPR_LOG_WARN, "%s", line);
}

void tpr_recording_push(tpr_recording *r, int64_t now_us, const tpr_sample *s, const tpr_output *o)
{
    if (r)
        tpr_recorder_push(r->rec, now_us, s, o);
}

uint64_t tpr_recording_backlog(const tpr_recording *r)
{
    return r ? tpr_recorder_backlog(r->rec) : 0;
}

int64_t tpr_recording_id(const tpr_recording *r)
{
    return r ? tpr_recorder_session_id(r->rec) : 0;
}

void tpr_recording_moves(const tpr_recording *r, uint32_t *left, uint32_t *carried)
{
    *left = *carried = 0;
    if (r)
        tpr_recorder_moves(r->rec, left, carried);
}

void tpr_recording_db_path(const char *dir, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", dir, DB_NAME);
}

int tpr_recording_close_interrupted(const tpr_system_config *sys, char *err, size_t errlen)
{
    char path[512];
    tpr_recording_db_path(sys->data_dir, path, sizeof(path));
    sqlite3 *db = tpr_db_open(path, err, errlen);
    if (!db)
        return -1;
    int n = tpr_db_mark_interrupted(db, err, errlen);
    sqlite3_close(db);
    return n;
}

/* The data directory, made when missing. */
static int data_dir(const char *dir, char *err, size_t errlen)
{
    if (mkdir(dir, 0750) && errno != EEXIST) {
        snprintf(err, errlen, "data directory %s: %s", dir, strerror(errno));
        return -1;
    }
    return 0;
}

int64_t tpr_recording_save_measurement(const char *dir, const tpr_measurement *m, char *err,
                                       size_t errlen)
{
    char path[512];
    tpr_recording_db_path(dir, path, sizeof(path));
    return data_dir(dir, err, errlen) ? -1 : tpr_measurement_save(path, m, err, errlen);
}

int tpr_recording_start(tpr_recording **out, const tpr_system_config *sys, const tpr_profile *prof,
                        const tpr_summary *summary, const tpr_recording_pace *pace, char *err,
                        size_t errlen)
{
    *out = NULL;
    if (data_dir(sys->data_dir, err, errlen))
        return -1;
    char path[512];
    tpr_recording_db_path(sys->data_dir, path, sizeof(path));
    uint32_t rate = sys->core.rate_hz;
    uint32_t trace_rate = sys->trace_rate_hz ? sys->trace_rate_hz : tpr_recorder_trace_rate(rate);
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
        .summary = summary,
        .rate_hz = rate,
        .trace_every = rate / trace_rate,
        .keep_days = sys->keep_trace_days,
        .keep_mb = sys->keep_trace_mb,
        .report = report,
    };
    if (pace) {
        info.batch_ms = pace->batch_ms;
        info.ring_ticks = pace->ring_ticks;
    }
    tpr_recording *s = calloc(1, sizeof(*s));
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

void tpr_recording_loop_timing(tpr_recording *r, const tpr_session_loop *t)
{
    if (r)
        tpr_recorder_loop_timing(r->rec, t);
}

int tpr_recording_finish(tpr_recording *s, tpr_session_end how, char *err, size_t errlen)
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
