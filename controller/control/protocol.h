/* The control socket's protocol: one JSON object per line each way, every
 * line carrying the protocol version "v". This header holds the messages as
 * C structs and their codec, shared by the daemon's server and tprctl.
 *
 * Conventions: encoders write one whole line ending in '\n' into buf and
 * return its length, or 0 when buf is too small (nothing useful written);
 * decoders take one line (with or without its '\n') and return 0, or -1
 * with a message in err naming the member or column at fault. Nothing here
 * allocates, blocks or prints.
 *
 * Requests (client to daemon), e.g.
 *   {"v":1,"cmd":"start","user":"alice","muscles":["vastus_medialis"]}
 *   {"v":1,"cmd":"measure","user":"alice","muscle":"vastus_medialis","side":"left"}
 * Replies (daemon to client): {"v":1,"type":"reply","ok":true,"cmd":"start"}
 * or {"v":1,"type":"reply","ok":false,"error":"..."}; a status request and
 * every line of a subscription get a {"v":1,"type":"snapshot",...} line.
 * The daemon refuses unknown members in requests; clients ignore members of
 * replies and snapshots they do not know, so new ones can be added.
 */
#ifndef TPR_CTL_PROTOCOL_H
#define TPR_CTL_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "plain_name.h"
#include "tpr_types.h"

#define TPR_CTL_VERSION 1

/* Longest request line, '\n' included: anything longer is refused. */
#define TPR_CTL_REQUEST_MAX 4096
/* Longest line the daemon sends (a snapshot is about 1000 bytes). */
#define TPR_CTL_LINE_MAX 4096
/* Longest error message in a reply, NUL included. */
#define TPR_CTL_ERROR_MAX 256
/* Longest notice in words, NUL included. */
#define TPR_CTL_NOTICE_MAX 200

/* Longest cue in words, NUL included. */
#define TPR_CTL_CUE_MAX 48

typedef enum tpr_ctl_command {
    TPR_CTL_STATUS,    /* reply: the latest snapshot */
    TPR_CTL_START,     /* start a session: user, optional routine or muscles */
    TPR_CTL_PAUSE,     /* pause the session (motor off, hold time kept) */
    TPR_CTL_RESUME,    /* resume a paused session */
    TPR_CTL_NEXT,      /* skip to the next repetition or muscle */
    TPR_CTL_STOP,      /* stop the session */
    TPR_CTL_RELOAD,    /* re-read the system config and the user profiles */
    TPR_CTL_SUBSCRIBE, /* reply ok, then a snapshot line on every publish */
    TPR_CTL_MEASURE,   /* measure a threshold: user, muscle, optional side */
    TPR_CTL_PAINFUL,   /* a measurement: the pressure turned painful now */
    TPR_CTL_COMMAND_COUNT
} tpr_ctl_command;

/* The peer of a connection as the kernel reports it (SO_PEERCRED). */
typedef struct tpr_ctl_peer {
    pid_t pid;
    uid_t uid;
    gid_t gid;
} tpr_ctl_peer;

/* One decoded request. Names are validated plain names (see
 * tpr_ctl_name_valid); an empty user means the default user, an empty
 * routine with no muscles means the user's own routine. */
typedef struct tpr_ctl_request {
    tpr_ctl_command cmd;
    char user[TPR_NAME_MAX + 1];    /* start, measure */
    char routine[TPR_NAME_MAX + 1]; /* start: exclusive with muscles */
    char muscle[TPR_MAX_ROUTINE][TPR_NAME_MAX + 1];
    uint32_t muscles;            /* entries of muscle[] in use */
    char site[TPR_NAME_MAX + 1]; /* measure: the muscle measured (required) */
    char side[8];                /* measure: "left", "right", or empty for none */
    tpr_ctl_peer peer;           /* filled by the server from the socket, never from the line */
} tpr_ctl_request;

/* What the daemon is doing. */
typedef enum tpr_ctl_daemon_state {
    TPR_CTL_IDLE,    /* no session: motor off, sensor watched */
    TPR_CTL_RUNNING, /* a session is under way */
    TPR_CTL_PAUSED,  /* a session is paused: motor off */
    TPR_CTL_DAEMON_STATE_COUNT
} tpr_ctl_daemon_state;

/* The daemon's state as published to subscribers (about 20 times a second).
 * Pressures are kPa and NaN when there is no value (sent as null). */
typedef struct tpr_ctl_snapshot {
    tpr_ctl_daemon_state daemon;
    int64_t session; /* session id in the database; 0 when none */
    char user[TPR_NAME_MAX + 1];
    char routine[TPR_NAME_MAX + 1];
    char muscle[TPR_NAME_MAX + 1]; /* the muscle under treatment */
    uint32_t muscle_index;         /* from 1; 0 when idle */
    uint32_t muscles;              /* muscles in the routine */
    uint32_t rep, reps;            /* repetition (from 1) of reps */
    tpr_state state;               /* the therapy state machine's state */
    tpr_done_reason reason;        /* why the repetition ended, once done */
    float raw_kpa, filtered_kpa;
    bool contact; /* the tip is pressed (at or above the contact pressure) */
    float band_min_kpa, band_max_kpa, limit_kpa;
    float intensity_pct;
    uint32_t hold_ms;          /* hold time so far in this repetition */
    uint32_t hold_target_ms;   /* the dose's hold target */
    uint32_t hold_max_ms;      /* a release under way may extend the hold to this */
    uint32_t events;           /* tpr_event bits raised since the previous publish */
    char cue[TPR_CTL_CUE_MAX]; /* words for the person: tpr_ctl_cue() */
    uint64_t ticks, overruns;  /* control loop counters since start-up */
    /* A safety notice for the muscle before its first press (the popliteus),
     * else empty. Optional: older daemons do not send it. */
    char notice[TPR_CTL_NOTICE_MAX];
    /* The loop's wake-up latency after its deadlines since start-up, µs
     * (min, p50, p99, p99.9, max), and the ticks' own run time. Added in
     * version 1: a snapshot without them reads as zeros. */
    int64_t lat_min_us, lat_p50_us, lat_p99_us, lat_p999_us, lat_max_us;
    int64_t run_p50_us, run_p99_us, run_max_us;
    /* What the session does: "therapy", "measure" (a threshold
     * measurement), empty when idle. In a measurement rep is the trial
     * under way (reps the reliable trials needed) and these say how it
     * goes: the side, the rise rate over the last quarter second (NaN
     * when not pressing) against the target and its cue (tpr_ppt_cue_name),
     * the trials taken and how many were reliable, the last trial's
     * threshold, mean rate and result ("reliable" or why not), the site's
     * threshold so far (ppt_kpa, NaN before a reliable trial), and whether
     * it is finished. Added in version 1: absent, they read as zeros. */
    char mode[TPR_NAME_MAX + 1];
    char side[TPR_NAME_MAX + 1];
    float ppt_rate_kpa_s, ppt_target_kpa_s;
    char ppt_cue[TPR_NAME_MAX + 1];
    uint32_t ppt_trials, ppt_reliable;
    float ppt_last_kpa, ppt_last_rate_kpa_s;
    char ppt_last_result[TPR_NAME_MAX + 1];
    float ppt_kpa;
    bool ppt_finished;
    /* The newest pressure sample's age at each tick since start-up, µs
     * (min, p50, p99, max): how long after its read the loop used it.
     * Optional: older daemons do not send it. */
    int64_t age_min_us, age_p50_us, age_p99_us, age_max_us;
    /* In a therapy session, where the band and limit come from: "ppt"
     * (set from the measured threshold ppt_kpa), "library" (written in
     * %ppt, but no threshold is measured) or "" (written in kPa, or the
     * library's). Optional. */
    char dose[TPR_NAME_MAX + 1];
} tpr_ctl_snapshot;

/* A reply line as a client reads it. */
typedef struct tpr_ctl_reply {
    bool ok;
    char cmd[16];                  /* the command replied to; empty when unknown */
    char error[TPR_CTL_ERROR_MAX]; /* the reason when !ok */
} tpr_ctl_reply;

/* What kind of line the daemon sent. */
typedef enum tpr_ctl_line_type { TPR_CTL_LINE_REPLY, TPR_CTL_LINE_SNAPSHOT } tpr_ctl_line_type;

/* Wire names: "status", "start", ... and "idle", "running", "paused".
 * Unknown values give "?". */
const char *tpr_ctl_command_name(tpr_ctl_command c);
const char *tpr_ctl_daemon_state_name(tpr_ctl_daemon_state s);

/* True for the commands that change something (logged with the peer). */
bool tpr_ctl_command_changes(tpr_ctl_command c);

/* The cue in words for the person ("press harder", "in the band", "too hard:
 * ease off", "released: lift off and rest", "sensor fault: motor off", ...)
 * from the snapshot's daemon state, therapy state, reason and events. */
const char *tpr_ctl_cue(const tpr_ctl_snapshot *s);

/* Requests. Decoding checks the version, the command, every member's type
 * and every name; it never fills peer. */
size_t tpr_ctl_request_encode(const tpr_ctl_request *r, char *buf, size_t len);
int tpr_ctl_request_decode(const char *line, size_t n, tpr_ctl_request *r, char *err,
                           size_t errlen);

/* Replies: ok (cmd named) or an error message (cmd may be NULL). */
size_t tpr_ctl_reply_encode(bool ok, const char *cmd, const char *error, char *buf, size_t len);

/* Snapshots. */
size_t tpr_ctl_snapshot_encode(const tpr_ctl_snapshot *s, char *buf, size_t len);

/* Client side: decode any line the daemon sends into *type and the matching
 * one of reply or snap. */
int tpr_ctl_line_decode(const char *line, size_t n, tpr_ctl_line_type *type, tpr_ctl_reply *reply,
                        tpr_ctl_snapshot *snap, char *err, size_t errlen);

#endif
