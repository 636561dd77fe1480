/* Requests and replies of the control protocol; snapshots are in
 * snapshot_codec.c. */
#include "protocol.h"

#include <stdio.h>
#include <string.h>

#include "json_flat.h"
#include "protocol_check.h"

static const char *const COMMAND_NAMES[TPR_CTL_COMMAND_COUNT] = {
    "status", "start",  "pause",     "resume",  "next",
    "stop",   "reload", "subscribe", "measure", "painful",
};

const char *tpr_ctl_command_name(tpr_ctl_command c)
{
    return (unsigned)c < TPR_CTL_COMMAND_COUNT ? COMMAND_NAMES[c] : "?";
}

bool tpr_ctl_command_changes(tpr_ctl_command c)
{
    return c != TPR_CTL_STATUS && c != TPR_CTL_SUBSCRIBE && (unsigned)c < TPR_CTL_COMMAND_COUNT;
}

static const char NAME_RULE[] = "a plain name (letters, digits, '_' and '-', 1 to 64 bytes)";

/* Copy the string member key into dst when it is a plain name. */
static int name_member(const tpr_json_member *m, char *dst, char *err, size_t errlen)
{
    char why[TPR_CTL_ERROR_MAX];
    if (m->type != TPR_JSON_STRING)
        return tpr_ctl_refuse(err, errlen, "\"%s\" must be %s", m->key, NAME_RULE);
    if (tpr_name_check(m->str, why, sizeof(why)))
        return tpr_ctl_refuse(err, errlen, "\"%s\" must be a plain name: %s", m->key, why);
    snprintf(dst, TPR_NAME_MAX + 1, "%s", m->str);
    return 0;
}

static int muscles_member(const tpr_json_member *m, tpr_ctl_request *r, char *err, size_t errlen)
{
    if (m->type != TPR_JSON_ARRAY || m->items == 0)
        return tpr_ctl_refuse(err, errlen, "\"muscles\" must be a non-empty array of names");
    if (m->items > TPR_MAX_ROUTINE) {
        return tpr_ctl_refuse(err, errlen,
                              "\"muscles\" lists %u muscles; a routine holds at most %d", m->items,
                              TPR_MAX_ROUTINE);
    }
    const char *item = m->str;
    for (uint32_t i = 0; i < m->items; i++, item = tpr_json_next_item(item)) {
        if (!tpr_name_valid(item))
            return tpr_ctl_refuse(err, errlen, "\"muscles\" item %u must be %s", i + 1, NAME_RULE);
        snprintf(r->muscle[i], sizeof(r->muscle[i]), "%s", item);
    }
    r->muscles = m->items;
    return 0;
}

static int side_member(const tpr_json_member *m, char *dst, char *err, size_t errlen)
{
    if (m->type != TPR_JSON_STRING || (strcmp(m->str, "left") && strcmp(m->str, "right")))
        return tpr_ctl_refuse(err, errlen, "\"side\" must be \"left\" or \"right\"");
    snprintf(dst, 8, "%s", m->str);
    return 0;
}

/* A member of a start or measure request, or one that belongs to neither. */
static int request_member(const tpr_json_member *m, tpr_ctl_request *r, char *err, size_t errlen)
{
    bool start = r->cmd == TPR_CTL_START, measure = r->cmd == TPR_CTL_MEASURE;
    if ((start || measure) && strcmp(m->key, "user") == 0)
        return name_member(m, r->user, err, errlen);
    if (start && strcmp(m->key, "routine") == 0)
        return name_member(m, r->routine, err, errlen);
    if (start && strcmp(m->key, "muscles") == 0)
        return muscles_member(m, r, err, errlen);
    if (measure && strcmp(m->key, "muscle") == 0)
        return name_member(m, r->site, err, errlen);
    if (measure && strcmp(m->key, "side") == 0)
        return side_member(m, r->side, err, errlen);
    if (strcmp(m->key, "user") == 0)
        return tpr_ctl_refuse(err, errlen, "\"user\" belongs to start and measure only");
    if (strcmp(m->key, "routine") == 0 || strcmp(m->key, "muscles") == 0)
        return tpr_ctl_refuse(err, errlen, "\"%s\" belongs to start only", m->key);
    if (strcmp(m->key, "muscle") == 0 || strcmp(m->key, "side") == 0)
        return tpr_ctl_refuse(err, errlen, "\"%s\" belongs to measure only", m->key);
    return tpr_ctl_refuse(err, errlen, "unknown member \"%.40s\"", m->key);
}

static int command_member(const tpr_json_object *o, tpr_ctl_command *c, char *err, size_t errlen)
{
    const tpr_json_member *m = tpr_json_get(o, "cmd");
    if (!m || m->type != TPR_JSON_STRING)
        return tpr_ctl_refuse(err, errlen, "\"cmd\" missing or not a string");
    for (unsigned i = 0; i < TPR_CTL_COMMAND_COUNT; i++) {
        if (strcmp(m->str, COMMAND_NAMES[i]) == 0) {
            *c = (tpr_ctl_command)i;
            return 0;
        }
    }
    return tpr_ctl_refuse(
        err, errlen,
        "unknown \"cmd\" (status, start, pause, resume, next, stop, reload, subscribe, measure, "
        "painful)");
}

int tpr_ctl_request_decode(const char *line, size_t n, tpr_ctl_request *r, char *err, size_t errlen)
{
    static _Thread_local tpr_json_object o; /* 8 KiB: off the stack */
    *r = (tpr_ctl_request){0};
    if (tpr_json_parse(line, n, &o, err, errlen) < 0 ||
        tpr_ctl_check_version(&o, err, errlen) < 0 || command_member(&o, &r->cmd, err, errlen) < 0)
        return -1;
    for (uint32_t i = 0; i < o.count; i++) {
        const tpr_json_member *m = &o.m[i];
        if (strcmp(m->key, "v") && strcmp(m->key, "cmd") && request_member(m, r, err, errlen) < 0)
            return -1;
    }
    if (r->cmd == TPR_CTL_MEASURE && !r->site[0])
        return tpr_ctl_refuse(err, errlen,
                              "\"muscle\" missing: measure needs the muscle to measure");
    if (r->routine[0] && r->muscles)
        return tpr_ctl_refuse(err, errlen, "give \"routine\" or \"muscles\", not both");
    return 0;
}

size_t tpr_ctl_request_encode(const tpr_ctl_request *r, char *buf, size_t len)
{
    tpr_json_out w;
    tpr_json_out_begin(&w, buf, len);
    tpr_json_out_int(&w, "v", TPR_CTL_VERSION);
    tpr_json_out_str(&w, "cmd", tpr_ctl_command_name(r->cmd));
    if (r->user[0])
        tpr_json_out_str(&w, "user", r->user);
    if (r->routine[0])
        tpr_json_out_str(&w, "routine", r->routine);
    if (r->site[0])
        tpr_json_out_str(&w, "muscle", r->site);
    if (r->side[0])
        tpr_json_out_str(&w, "side", r->side);
    if (r->muscles) {
        const char *names[TPR_MAX_ROUTINE];
        uint32_t count = r->muscles < TPR_MAX_ROUTINE ? r->muscles : TPR_MAX_ROUTINE;
        for (uint32_t i = 0; i < count; i++)
            names[i] = r->muscle[i];
        tpr_json_out_strs(&w, "muscles", names, count);
    }
    return tpr_json_out_end(&w);
}

size_t tpr_ctl_reply_encode(bool ok, const char *cmd, const char *error, char *buf, size_t len)
{
    tpr_json_out w;
    tpr_json_out_begin(&w, buf, len);
    tpr_json_out_int(&w, "v", TPR_CTL_VERSION);
    tpr_json_out_str(&w, "type", "reply");
    tpr_json_out_bool(&w, "ok", ok);
    if (cmd)
        tpr_json_out_str(&w, "cmd", cmd);
    if (!ok)
        tpr_json_out_str(&w, "error", error ? error : "failed");
    return tpr_json_out_end(&w);
}

static int reply_decode(const tpr_json_object *o, tpr_ctl_reply *r, char *err, size_t errlen)
{
    *r = (tpr_ctl_reply){0};
    const tpr_json_member *ok = tpr_json_get(o, "ok");
    const tpr_json_member *cmd = tpr_json_get(o, "cmd");
    const tpr_json_member *error = tpr_json_get(o, "error");
    if (!ok || ok->type != TPR_JSON_BOOL)
        return tpr_ctl_refuse(err, errlen, "reply without a boolean \"ok\"");
    r->ok = ok->b;
    if (cmd && cmd->type == TPR_JSON_STRING)
        snprintf(r->cmd, sizeof(r->cmd), "%s", cmd->str);
    if (!r->ok) {
        if (!error || error->type != TPR_JSON_STRING)
            return tpr_ctl_refuse(err, errlen, "failed reply without an \"error\" string");
        snprintf(r->error, sizeof(r->error), "%s", error->str);
    }
    return 0;
}

int tpr_ctl_line_decode(const char *line, size_t n, tpr_ctl_line_type *type, tpr_ctl_reply *reply,
                        tpr_ctl_snapshot *snap, char *err, size_t errlen)
{
    static _Thread_local tpr_json_object o; /* 8 KiB: off the stack */
    if (tpr_json_parse(line, n, &o, err, errlen) < 0 || tpr_ctl_check_version(&o, err, errlen) < 0)
        return -1;
    const tpr_json_member *t = tpr_json_get(&o, "type");
    if (t && t->type == TPR_JSON_STRING && strcmp(t->str, "reply") == 0) {
        *type = TPR_CTL_LINE_REPLY;
        return reply_decode(&o, reply, err, errlen);
    }
    if (t && t->type == TPR_JSON_STRING && strcmp(t->str, "snapshot") == 0) {
        *type = TPR_CTL_LINE_SNAPSHOT;
        return tpr_ctl_snapshot_from_json(&o, snap, err, errlen);
    }
    return tpr_ctl_refuse(err, errlen, "\"type\" missing or neither \"reply\" nor \"snapshot\"");
}
