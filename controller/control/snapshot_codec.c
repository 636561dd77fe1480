/* Snapshot lines: every member declared once in a table that drives both
 * the encoder and the decoder, so the two cannot drift apart. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_flat.h"
#include "protocol.h"
#include "protocol_check.h"

typedef enum kind {
    K_U32,
    K_I64,
    K_U64,
    K_KPA, /* float, NaN as null, one decimal more than a person reads */
    K_PCT,
    K_BOOL,
    K_NAME,   /* char[TPR_NAME_MAX + 1], may be empty */
    K_CUE,    /* char[TPR_CTL_CUE_MAX] */
    K_NOTICE, /* char[TPR_CTL_NOTICE_MAX], may be absent (added after version 1 began) */
    K_DAEMON,
    K_STATE,
    K_REASON,
    K_EVENTS,
} kind;

typedef struct field {
    const char *key;
    kind k;
    size_t off;
    bool later; /* added after the first daemons: may be missing, then 0 */
} field;

#define F(key, k, member)                                                                          \
    {                                                                                              \
        key, k, offsetof(tpr_ctl_snapshot, member), false                                          \
    }
#define F_LATER(key, k, member)                                                                    \
    {                                                                                              \
        key, k, offsetof(tpr_ctl_snapshot, member), true                                           \
    }

static const field FIELDS[] = {
    F("daemon", K_DAEMON, daemon),
    F("session", K_I64, session),
    F("user", K_NAME, user),
    F("routine", K_NAME, routine),
    F("muscle", K_NAME, muscle),
    F("muscle_index", K_U32, muscle_index),
    F("muscles", K_U32, muscles),
    F("rep", K_U32, rep),
    F("reps", K_U32, reps),
    F("state", K_STATE, state),
    F("reason", K_REASON, reason),
    F("raw_kpa", K_KPA, raw_kpa),
    F("filtered_kpa", K_KPA, filtered_kpa),
    F("contact", K_BOOL, contact),
    F("band_min_kpa", K_KPA, band_min_kpa),
    F("band_max_kpa", K_KPA, band_max_kpa),
    F("limit_kpa", K_KPA, limit_kpa),
    F("intensity_pct", K_PCT, intensity_pct),
    F("hold_ms", K_U32, hold_ms),
    F("hold_target_ms", K_U32, hold_target_ms),
    F("hold_max_ms", K_U32, hold_max_ms),
    F("events", K_EVENTS, events),
    F("cue", K_CUE, cue),
    F("ticks", K_U64, ticks),
    F("overruns", K_U64, overruns),
    F_LATER("notice", K_NOTICE, notice),
    F_LATER("lat_min_us", K_I64, lat_min_us),
    F_LATER("lat_p50_us", K_I64, lat_p50_us),
    F_LATER("lat_p99_us", K_I64, lat_p99_us),
    F_LATER("lat_p999_us", K_I64, lat_p999_us),
    F_LATER("lat_max_us", K_I64, lat_max_us),
    F_LATER("run_p50_us", K_I64, run_p50_us),
    F_LATER("run_p99_us", K_I64, run_p99_us),
    F_LATER("run_max_us", K_I64, run_max_us),
    F_LATER("mode", K_NAME, mode),
    F_LATER("side", K_NAME, side),
    F_LATER("ppt_rate_kpa_s", K_KPA, ppt_rate_kpa_s),
    F_LATER("ppt_target_kpa_s", K_KPA, ppt_target_kpa_s),
    F_LATER("ppt_cue", K_NAME, ppt_cue),
    F_LATER("ppt_trials", K_U32, ppt_trials),
    F_LATER("ppt_reliable", K_U32, ppt_reliable),
    F_LATER("ppt_last_kpa", K_KPA, ppt_last_kpa),
    F_LATER("ppt_last_rate_kpa_s", K_KPA, ppt_last_rate_kpa_s),
    F_LATER("ppt_last_result", K_NAME, ppt_last_result),
    F_LATER("ppt_kpa", K_KPA, ppt_kpa),
    F_LATER("ppt_finished", K_BOOL, ppt_finished),
    F_LATER("age_min_us", K_I64, age_min_us),
    F_LATER("age_p50_us", K_I64, age_p50_us),
    F_LATER("age_p99_us", K_I64, age_p99_us),
    F_LATER("age_max_us", K_I64, age_max_us),
    F_LATER("dose", K_NAME, dose),
};
#define NFIELDS (sizeof(FIELDS) / sizeof(FIELDS[0]))

/* Enumerations travel by name; these give the name of value i. */
static const char *daemon_name(unsigned i)
{
    return tpr_ctl_daemon_state_name((tpr_ctl_daemon_state)i);
}

static const char *state_name(unsigned i)
{
    return tpr_state_name((tpr_state)i);
}

static const char *reason_name(unsigned i)
{
    return tpr_done_reason_name((tpr_done_reason)i);
}

static const char *event_name(unsigned i)
{
    return tpr_event_name((tpr_event)(1u << i));
}

typedef struct enum_kind {
    const char *(*name)(unsigned i);
    unsigned count;
} enum_kind;

static enum_kind enum_of(kind k)
{
    switch (k) {
    case K_DAEMON:
        return (enum_kind){daemon_name, TPR_CTL_DAEMON_STATE_COUNT};
    case K_STATE:
        return (enum_kind){state_name, TPR_STATE_COUNT};
    case K_REASON:
        return (enum_kind){reason_name, TPR_DONE_MAX + 1};
    default:
        return (enum_kind){event_name, TPR_EV_COUNT};
    }
}

/* Enumerations are read and written through their own types. */
static unsigned enum_get(kind k, const void *p)
{
    if (k == K_DAEMON)
        return (unsigned)*(const tpr_ctl_daemon_state *)p;
    if (k == K_STATE)
        return (unsigned)*(const tpr_state *)p;
    return (unsigned)*(const tpr_done_reason *)p;
}

static void enum_set(kind k, void *p, unsigned v)
{
    if (k == K_DAEMON)
        *(tpr_ctl_daemon_state *)p = (tpr_ctl_daemon_state)v;
    else if (k == K_STATE)
        *(tpr_state *)p = (tpr_state)v;
    else
        *(tpr_done_reason *)p = (tpr_done_reason)v;
}

static void encode_events(tpr_json_out *w, const char *key, uint32_t mask)
{
    const char *names[TPR_EV_COUNT];
    uint32_t n = 0;
    for (unsigned i = 0; i < TPR_EV_COUNT; i++)
        if (mask & (1u << i))
            names[n++] = event_name(i);
    tpr_json_out_strs(w, key, names, n);
}

size_t tpr_ctl_snapshot_encode(const tpr_ctl_snapshot *s, char *buf, size_t len)
{
    tpr_json_out w;
    tpr_json_out_begin(&w, buf, len);
    tpr_json_out_int(&w, "v", TPR_CTL_VERSION);
    tpr_json_out_str(&w, "type", "snapshot");
    for (size_t i = 0; i < NFIELDS; i++) {
        const field *f = &FIELDS[i];
        const void *p = (const char *)s + f->off;
        switch (f->k) {
        case K_U32:
            tpr_json_out_int(&w, f->key, *(const uint32_t *)p);
            break;
        case K_I64:
            tpr_json_out_int(&w, f->key, *(const int64_t *)p);
            break;
        case K_U64: /* counters stay far below 2^63 */
            tpr_json_out_int(&w, f->key, (int64_t) * (const uint64_t *)p);
            break;
        case K_KPA:
            tpr_json_out_real(&w, f->key, *(const float *)p, 2);
            break;
        case K_PCT:
            tpr_json_out_real(&w, f->key, *(const float *)p, 1);
            break;
        case K_BOOL:
            tpr_json_out_bool(&w, f->key, *(const bool *)p);
            break;
        case K_NAME:
        case K_CUE:
        case K_NOTICE:
            tpr_json_out_str(&w, f->key, (const char *)p);
            break;
        case K_DAEMON:
        case K_STATE:
        case K_REASON:
            tpr_json_out_str(&w, f->key, enum_of(f->k).name(enum_get(f->k, p)));
            break;
        case K_EVENTS:
            encode_events(&w, f->key, *(const uint32_t *)p);
            break;
        }
    }
    return tpr_json_out_end(&w);
}

static int find_name(kind k, const char *s, unsigned *out)
{
    enum_kind e = enum_of(k);
    for (unsigned i = 0; i < e.count; i++) {
        if (strcmp(e.name(i), s) == 0) {
            *out = i;
            return 0;
        }
    }
    return -1;
}

static int decode_events(const tpr_json_member *m, uint32_t *mask)
{
    *mask = 0;
    const char *item = m->str;
    for (uint32_t i = 0; i < m->items; i++, item = tpr_json_next_item(item)) {
        unsigned bit;
        if (find_name(K_EVENTS, item, &bit) < 0)
            return -1;
        *mask |= 1u << bit;
    }
    return 0;
}

/* A whole number within [0, max] (or [-max, max] when sign). */
static bool whole(const tpr_json_member *m, double max, bool sign)
{
    return m->type == TPR_JSON_NUMBER && m->num == floor(m->num) && m->num <= max &&
           m->num >= (sign ? -max : 0);
}

static int decode_field(const field *f, const tpr_json_member *m, void *p)
{
    unsigned e;
    switch (f->k) {
    case K_U32:
        if (!whole(m, UINT32_MAX, false))
            return -1;
        *(uint32_t *)p = (uint32_t)m->num;
        return 0;
    case K_I64:
    case K_U64:
        if (!whole(m, 9007199254740992.0, f->k == K_I64)) /* 2^53: exact in a double */
            return -1;
        if (f->k == K_I64)
            *(int64_t *)p = (int64_t)m->num;
        else
            *(uint64_t *)p = (uint64_t)m->num;
        return 0;
    case K_KPA:
    case K_PCT:
        if (m->type != TPR_JSON_NUMBER && m->type != TPR_JSON_NULL)
            return -1;
        *(float *)p = m->type == TPR_JSON_NULL ? NAN : (float)m->num;
        return 0;
    case K_BOOL:
        if (m->type != TPR_JSON_BOOL)
            return -1;
        *(bool *)p = m->b;
        return 0;
    case K_NAME:
    case K_CUE:
    case K_NOTICE: {
        size_t cap = f->k == K_NAME     ? TPR_NAME_MAX + 1
                     : f->k == K_NOTICE ? TPR_CTL_NOTICE_MAX
                                        : TPR_CTL_CUE_MAX;
        if (m->type != TPR_JSON_STRING || strlen(m->str) >= cap)
            return -1;
        memcpy(p, m->str, strlen(m->str) + 1);
        return 0;
    }
    case K_DAEMON:
    case K_STATE:
    case K_REASON:
        if (m->type != TPR_JSON_STRING || find_name(f->k, m->str, &e) < 0)
            return -1;
        enum_set(f->k, p, e);
        return 0;
    case K_EVENTS:
        return m->type == TPR_JSON_ARRAY ? decode_events(m, (uint32_t *)p) : -1;
    }
    return -1;
}

int tpr_ctl_snapshot_from_json(const tpr_json_object *o, tpr_ctl_snapshot *s, char *err,
                               size_t errlen)
{
    *s = (tpr_ctl_snapshot){0};
    for (size_t i = 0; i < NFIELDS; i++) {
        const field *f = &FIELDS[i];
        const tpr_json_member *m = tpr_json_get(o, f->key);
        if (!m && f->later)
            continue;
        if (!m)
            return tpr_ctl_refuse(err, errlen, "snapshot without \"%s\"", f->key);
        if (decode_field(f, m, (char *)s + f->off) < 0)
            return tpr_ctl_refuse(err, errlen, "snapshot: bad \"%s\"", f->key);
    }
    return 0;
}
