/* The daemon's side of the control socket: tprctl's commands become
 * sessions and messages for the loop, the loop's status becomes the
 * published snapshot, and reload re-reads the configuration. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "daemon_internal.h"
#include "display.h"
#include "dose_relative.h"
#include "log.h"
#include "ppt_doses.h"
#include "profile_select.h"
#include "setup.h"

/* The profile of a request's user (or the default one). All file reading
 * happens here, in the main thread. */
static int user_profile(tpr_daemon *d, const tpr_ctl_request *req, tpr_profile *prof, char *err,
                        size_t errlen)
{
    if (req->user[0])
        return tpr_setup_user_profile(&d->sys, req->user, prof, err, errlen);
    if (d->args->profile || d->args->user || !d->sys.default_user[0]) {
        *prof = d->prof;
        return 0;
    }
    return tpr_setup_user_profile(&d->sys, d->sys.default_user, prof, err, errlen);
}

/* The profile a start request asks for: its user's, then its routine or
 * muscle list. */
static int requested_profile(tpr_daemon *d, const tpr_ctl_request *req, tpr_profile *prof,
                             char *err, size_t errlen)
{
    if (user_profile(d, req, prof, err, errlen))
        return -1;
    if (req->routine[0])
        return tpr_profile_select_routine(prof, req->routine, err, errlen);
    if (!req->muscles)
        return 0;
    const char *names[TPR_MAX_ROUTINE];
    for (uint32_t i = 0; i < req->muscles; i++)
        names[i] = req->muscle[i];
    return tpr_profile_select_muscles(prof, names, req->muscles, err, errlen);
}

/* Start the measurement a measure request asks for: its user's dose of
 * the muscle (screened like a session's), on its side. */
static int start_measure(tpr_daemon *d, const tpr_ctl_request *req, uint32_t *ticket, char *err,
                         size_t errlen)
{
    tpr_profile prof;
    tpr_side side = TPR_SIDE_NONE;
    if (req->side[0] && tpr_side_parse(req->side, &side)) {
        snprintf(err, errlen, "side: '%s' is neither left nor right", req->side);
        return -1;
    }
    if (user_profile(d, req, &prof, err, errlen) ||
        tpr_profile_select_muscle(&prof, req->site, err, errlen))
        return -1;
    *ticket = tpr_daemon_ticket(d);
    return tpr_daemon_start_measure(d, &prof, side, *ticket, err, errlen) ? -1 : TPR_CTL_QUEUED;
}

/* Whether the session under way is the kind a command needs. */
static bool kind_fits(const tpr_daemon *d, tpr_msg_kind kind, char *err, size_t errlen)
{
    bool measuring = d->live->kind == TPR_SESSION_MEASURE;
    if (kind == TPR_MSG_PAINFUL && !measuring) {
        snprintf(err, errlen, "painful: no measurement under way (tprctl measure begins one)");
        return false;
    }
    if (measuring && (kind == TPR_MSG_PAUSE || kind == TPR_MSG_RESUME || kind == TPR_MSG_NEXT)) {
        snprintf(err, errlen, "a measurement takes painful and stop only");
        return false;
    }
    return true;
}

/* Queue a command for the loop: its reply waits until the loop applied it. */
static int command(tpr_daemon *d, tpr_msg_kind kind, int arg, uint32_t *ticket, char *err,
                   size_t errlen)
{
    if (!d->live) {
        snprintf(err, errlen, "no session under way (tprctl start begins one)");
        return -1;
    }
    if (!kind_fits(d, kind, err, errlen))
        return -1;
    uint32_t t = tpr_daemon_ticket(d);
    if (!tpr_msg_push(&d->to_loop, (tpr_msg){.kind = kind, .arg = arg, .ticket = t})) {
        snprintf(err, errlen, "the control loop is busy: try again");
        return -1;
    }
    *ticket = t;
    return TPR_CTL_QUEUED;
}

static int on_request(void *ctx, const tpr_ctl_request *req, uint32_t *ticket, char *err,
                      size_t errlen)
{
    tpr_daemon *d = ctx; /* the server logs each request with the peer's credentials */
    tpr_profile prof;
    switch (req->cmd) {
    case TPR_CTL_START:
        if (d->live) {
            snprintf(err, errlen, "a session is already under way (tprctl stop ends it)");
            return -1;
        }
        if (requested_profile(d, req, &prof, err, errlen))
            return -1;
        *ticket = tpr_daemon_ticket(d);
        return tpr_daemon_start_session(d, &prof, *ticket, err, errlen) ? -1 : TPR_CTL_QUEUED;
    case TPR_CTL_MEASURE:
        if (d->live) {
            snprintf(err, errlen, "a session is already under way (tprctl stop ends it)");
            return -1;
        }
        return start_measure(d, req, ticket, err, errlen);
    case TPR_CTL_PAINFUL:
        return command(d, TPR_MSG_PAINFUL, 0, ticket, err, errlen);
    case TPR_CTL_PAUSE:
        return command(d, TPR_MSG_PAUSE, 0, ticket, err, errlen);
    case TPR_CTL_RESUME:
        return command(d, TPR_MSG_RESUME, 0, ticket, err, errlen);
    case TPR_CTL_NEXT:
        return command(d, TPR_MSG_NEXT, 0, ticket, err, errlen);
    case TPR_CTL_STOP:
        return command(d, TPR_MSG_STOP, TPR_END_STOPPED, ticket, err, errlen);
    case TPR_CTL_RELOAD:
        return tpr_daemon_reload(d, err, errlen);
    default:
        snprintf(err, errlen, "%s: not a command the daemon carries out",
                 tpr_ctl_command_name(req->cmd));
        return -1;
    }
}

static void on_log(void *ctx, int priority, const char *msg)
{
    (void)ctx;
    tpr_log(priority <= LOG_ERR       ? TPR_LOG_ERROR
            : priority <= LOG_WARNING ? TPR_LOG_WARN
                                      : TPR_LOG_INFO,
            "%s", msg);
}

int tpr_daemon_control_open(tpr_daemon *d)
{
    char err[512];
    tpr_ctl_ops ops = {.request = on_request, .log = on_log, .ctx = d};
    d->ctl = tpr_ctl_server_open(d->sys.socket_path, "tprd", &ops, err, sizeof(err));
    if (!d->ctl) {
        tpr_log(TPR_LOG_ERROR, "%s", err);
        return -1;
    }
    return 0;
}

static void name(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* The loop's histograms, read while it runs. */
static void loop_timing(const tpr_loop_stats *st, tpr_ctl_snapshot *snap)
{
    static tpr_lat_counts c; /* main thread only; 9 KB kept off the stack */
    tpr_lat_summary w, r, a;
    tpr_lat_hist_summary(&st->wake, &c, &w);
    tpr_lat_hist_summary(&st->run, &c, &r);
    tpr_lat_hist_summary(&st->age, &c, &a);
    snap->lat_min_us = w.min_us;
    snap->lat_p50_us = w.p50_us;
    snap->lat_p99_us = w.p99_us;
    snap->lat_p999_us = w.p999_us;
    snap->lat_max_us = w.max_us;
    snap->run_p50_us = r.p50_us;
    snap->run_p99_us = r.p99_us;
    snap->run_max_us = r.max_us;
    snap->age_min_us = a.min_us;
    snap->age_p50_us = a.p50_us;
    snap->age_p99_us = a.p99_us;
    snap->age_max_us = a.max_us;
}

/* A measurement's progress into the snapshot. */
static void measurement(tpr_ctl_snapshot *snap, const tpr_ppt_result *p, tpr_side side)
{
    name(snap->side, sizeof(snap->side), tpr_side_name(side));
    snap->reps = TPR_PPT_TRIALS;
    snap->ppt_rate_kpa_s = p->live_kpa_s;
    snap->ppt_target_kpa_s = p->target_kpa_s;
    name(snap->ppt_cue, sizeof(snap->ppt_cue), tpr_ppt_cue_name(p->cue));
    snap->ppt_trials = p->attempts;
    snap->ppt_reliable = p->reliable;
    snap->ppt_kpa = p->ppt_kpa;
    snap->ppt_finished = p->finished;
    snap->ppt_last_kpa = snap->ppt_last_rate_kpa_s = NAN;
    if (p->attempts && p->attempts <= TPR_PPT_MAX_ATTEMPTS) {
        const tpr_ppt_trial *t = &p->trial[p->attempts - 1];
        snap->ppt_last_kpa = t->threshold_kpa;
        snap->ppt_last_rate_kpa_s = t->rate_kpa_s;
        name(snap->ppt_last_result, sizeof(snap->ppt_last_result),
             t->reliable ? "reliable" : tpr_ppt_reason_name(t->reason));
    }
}

uint32_t tpr_daemon_control_publish(tpr_daemon *d, const tpr_status_view *view)
{
    uint32_t events = tpr_status_take_events(&d->status);
    if (!d->ctl)
        return events;
    const tpr_status_view v = *view;
    const tpr_output *o = &v.out;
    tpr_ctl_snapshot snap = {
        .daemon = (tpr_ctl_daemon_state)v.daemon,
        .state = o->state,
        .reason = o->reason,
        .raw_kpa = v.raw_kpa,
        .filtered_kpa = o->filtered_kpa,
        .intensity_pct = o->intensity_pct,
        .hold_ms = o->hold_ms,
        .events = events,
        .ticks = v.ticks,
        .overruns = v.overruns,
        .band_min_kpa = NAN,
        .band_max_kpa = NAN,
        .limit_kpa = NAN,
        .ppt_rate_kpa_s = NAN,
        .ppt_target_kpa_s = NAN,
        .ppt_last_kpa = NAN,
        .ppt_last_rate_kpa_s = NAN,
        .ppt_kpa = NAN,
    };
    loop_timing(&d->loop.stats, &snap);
    const tpr_session *s = d->live;
    const tpr_routine *r = &d->live_routine;
    if (s && v.daemon != TPR_DAEMON_IDLE && o->muscle < r->count) {
        const tpr_dose *dose = &r->dose[o->muscle];
        snap.session = tpr_recording_id(s->rec);
        name(snap.user, sizeof(snap.user), s->user);
        name(snap.routine, sizeof(snap.routine), s->routine_name);
        name(snap.muscle, sizeof(snap.muscle), dose->muscle);
        snap.muscle_index = o->muscle + 1;
        snap.muscles = r->count;
        snap.rep = o->rep;
        snap.reps = dose->reps;
        snap.contact = v.raw_kpa >= dose->contact_kpa;
        snap.band_min_kpa = dose->band_min_kpa;
        snap.band_max_kpa = dose->band_max_kpa;
        snap.limit_kpa = dose->limit_kpa;
        snap.hold_target_ms = dose->hold_ms;
        snap.hold_max_ms = dose->hold_max_ms;
        snap.ppt_kpa = dose->relative.from_kpa > 0.0f ? dose->relative.from_kpa : NAN;
        name(snap.dose, sizeof(snap.dose), tpr_dose_source_name(tpr_dose_source_of(dose)));
        name(snap.notice, sizeof(snap.notice), tpr_display_notice(o, dose));
        name(snap.mode, sizeof(snap.mode), v.measuring ? "measure" : "therapy");
        if (v.measuring)
            measurement(&snap, &v.ppt, s->side);
    } else {
        snap.contact = v.raw_kpa >= d->loop.idle_dose.contact_kpa;
    }
    name(snap.cue, sizeof(snap.cue), tpr_ctl_cue(&snap));
    tpr_ctl_server_publish(d->ctl, &snap);
    return events;
}

void tpr_daemon_control_applied(tpr_daemon *d, uint32_t ticket)
{
    tpr_status_view v;
    tpr_status_read(&d->status, &v);
    d->line_events |= tpr_daemon_control_publish(d, &v);
    tpr_ctl_server_applied(d->ctl, ticket);
}

/* The live session's muscles with the reloaded profile's doses, for the
 * loop to take from the next muscle on (the session's own routine stays). */
static void send_doses(tpr_daemon *d, const tpr_profile *prof)
{
    if (!d->live)
        return;
    tpr_routine *r = malloc(sizeof(*r));
    if (!r) {
        tpr_log(TPR_LOG_WARN, "reload: out of memory: the session keeps its doses");
        return;
    }
    *r = d->live_routine;
    for (uint32_t i = 0; i < r->count; i++) {
        /* The session's muscles came from the library; NULL cannot happen,
         * but a muscle without a dose keeps the one it has. */
        const tpr_dose *dose = tpr_profile_dose(prof, r->dose[i].muscle);
        if (dose)
            r->dose[i] = *dose;
    }
    tpr_ppt_doses_resolve(&d->sys, d->live->user, r, "reload");
    if (!tpr_msg_push(&d->to_loop, (tpr_msg){.kind = TPR_MSG_DOSES, .ptr = r})) {
        tpr_log(TPR_LOG_WARN, "reload: the control loop is busy: the session keeps its doses");
        free(r);
        return;
    }
    /* The loop takes them for the muscles after the one under way: so does
     * what the main thread shows. */
    tpr_status_view v;
    tpr_status_read(&d->status, &v);
    for (uint32_t i = v.out.muscle + 1; i < r->count; i++)
        d->live_routine.dose[i] = r->dose[i];
}

/* The settings only a new start applies: the loop's rate, the paths. */
static bool restart_needed(const tpr_daemon *d, const tpr_system_config *sys)
{
    return d->sys.core.rate_hz != sys->core.rate_hz || strcmp(d->sys.data_dir, sys->data_dir) ||
           strcmp(d->sys.profiles_dir, sys->profiles_dir) ||
           strcmp(d->sys.socket_path, sys->socket_path);
}

int tpr_daemon_reload(tpr_daemon *d, char *err, size_t errlen)
{
    tpr_system_config sys;
    tpr_profile prof, user;
    bool by_name = !d->args->profile && !d->args->user && d->sys.default_user[0];
    if (tpr_setup_load(d->args, &sys, &prof, err, errlen) ||
        (by_name && tpr_setup_user_profile(&sys, sys.default_user, &user, err, errlen))) {
        tpr_log(TPR_LOG_ERROR, "reload refused, the running configuration stays: %s", err);
        return -1;
    }
    /* What a next session uses takes effect now, the hardware once idle;
     * the loop's rate and the paths stay as opened until tprd starts again. */
    d->prof = prof;
    uint32_t rate = d->sys.core.rate_hz;
    d->sys.core = sys.core;
    d->sys.core.rate_hz = rate;
    memcpy(d->sys.default_user, sys.default_user, sizeof(sys.default_user));
    d->sys.trace_rate_hz = sys.trace_rate_hz;
    d->sys.keep_trace_days = sys.keep_trace_days;
    d->sys.keep_trace_mb = sys.keep_trace_mb;
    tpr_log(TPR_LOG_INFO,
            "reloaded %s: the session under way takes the new doses from its next muscle; "
            "default_user, [store] and the sensor checks apply from the next session; "
            "hardware once idle",
            sys.path[0] ? sys.path : "the built-in config");
    if (restart_needed(d, &sys))
        tpr_log(TPR_LOG_WARN, "reload: the new rate and [paths] apply when tprd starts again");
    send_doses(d, by_name ? &user : &prof);
    if (tpr_daemon_hardware_reload(d, &sys, err, errlen)) {
        char why[512];
        snprintf(why, sizeof(why), "%s", err);
        snprintf(err, errlen,
                 "reloaded, but the new hardware did not open, the old device stays: %s", why);
        return -1;
    }
    return 0;
}
