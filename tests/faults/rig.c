#include "rig.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rig_record.h"
#include "ring.h"
#include "session.h"
#include "sim.h"

/* One muscle, one long hold: room for many faults in a session, which the
 * simulated hand then completes. */
static const char profile_text[] = "[user]\n"
                                   "name = faults\n"
                                   "muscles = rectus_femoris\n"
                                   "[muscle.rectus_femoris]\n"
                                   "hold = 20 s\n"
                                   "hold_min = 15 s\n"
                                   "hold_max = 25 s\n"
                                   "rest = 1 s\n"
                                   "reps = 1\n";

/* The recorder thread drains its ring every 100 ms of real time (or every
 * batch); the virtual clock waits for it when the ring is 7/8 full, until
 * it is down to 1/32. */
#define BACKLOG_HIGH(ring) ((ring) / 8 * 7)
#define BACKLOG_LOW(ring) ((ring) / 32)
/* A hazard that has not reached the recorder after this long (real time)
 * never will: the rig gives up. */
#define HIT_MAX_US (10 * 1000000LL)
/* More sessions than this for n injections: they are not getting in
 * (a fault that restarts the daemon takes one session each). */
#define SESSIONS_MAX(n) (2 * (n) + 10)
/* A session that has not ended after this long has hung. */
#define SESSION_MAX_US (600 * 1000000LL)
/* Failures printed in full per run; the rest are counted. */
#define SAY_MAX 5

typedef enum phase {
    PH_WAIT,    /* for the next moment to inject */
    PH_ARMED,   /* the hazard is on: wait for it to reach the recorder, then inject */
    PH_ACTIVE,  /* the fault is on */
    PH_RECOVER, /* over: wait for the motor to run again */
} phase;

struct rig {
    uint64_t rng;
    char dir[64];
    tpr_system_config sys;
    tpr_profile prof;
    tpr_hal inner; /* the device under the decorators */
    tpr_hal hal;   /* what the loop drives */
    rig_motor motor;
    /* the virtual clock */
    int64_t now_us, period_us;
    int64_t gap_periods; /* the next wait's periods (1 but for a burst) */
    int64_t jump_us;     /* the next wait's clock step on top */
    int64_t jumped_us;   /* all steps so far: the clock's lead on the world */
    tpr_loop_clock clock;
    tpr_loop loop;
    tpr_status status;
    tpr_msg_queue in, out;
    tpr_recording_pace pace;
    uint32_t ring_ticks; /* the recorder's ring */
    bool has_hazard;
    rig_hazard hazard;
    uint64_t loop_ticks; /* loop.stats.ticks at the previous wait */
    uint64_t tick;       /* ticks over all runs of the loop */
    /* the decorators */
    bool pressure_on; /* the pressure fault is on */
    tpr_sample prev;  /* the last sample read */
    tpr_sample held;  /* stuck, stale: the sample before the fault */
    bool fail_set;    /* the wrapper fails the next set() */
    float cmd;        /* the last command the motor took */
    uint64_t set_failed_tick;
    /* the run */
    rig_fault f;
    rig_row *row;
    unsigned target, per_session;
    tpr_session *live;
    unsigned live_quota;      /* injections left in the live session */
    uint64_t live_events;     /* event bits the loop published for it */
    uint64_t live_ticks;      /* ticks the loop handed to its recorder */
    int64_t live_started_us;  /* virtual */
    tpr_session_end last_end; /* how the last session ended */
    bool ended_any;
    bool quitting;
    phase ph;
    uint64_t next_at;  /* PH_WAIT: inject at or after this tick */
    bool armed;        /* the hazard is on */
    bool hit;          /* ... and has reached the recorder */
    uint64_t spike_at; /* PH_ARMED: the spike comes at or after this tick (0: not yet known) */
    uint64_t inj_tick, due_tick, end_tick;
    uint64_t overruns_before, burst; /* RIG_OVERRUN: periods missed */
    bool off_seen, event_seen;
    unsigned said;
};

static uint64_t next_rand(rig *r)
{
    uint64_t z = (r->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t between(rig *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next_rand(r) % (uint64_t)(hi - lo + 1));
}

static void say(rig *r, const char *what)
{
    if (r->said++ < SAY_MAX)
        fprintf(stderr, "%s, injection %u at tick %llu: %s\n", r->row->name, r->row->injections,
                (unsigned long long)r->inj_tick, what);
}

/* ---- the decorators ---- */

static const tpr_dose *dose(const rig *r)
{
    return &r->prof.routine.dose[0];
}

static int wrap_read(void *ctx, int64_t now_us, tpr_sample *out)
{
    rig *r = ctx;
    /* A clock that jumps does not move the world: the hand and the tissue
     * go on at their pace, the samples carry the clock's time. */
    int rc = r->inner.pressure.read(r->inner.pressure.ctx, now_us - r->jumped_us, out);
    out->t_us += r->jumped_us;
    if (r->pressure_on) {
        switch (r->f) {
        case RIG_READ_ERROR:
            *out = (tpr_sample){.t_us = now_us, .kpa = NAN, .ok = false};
            rc = -EIO;
            break;
        case RIG_NAN:
            out->kpa = NAN;
            break;
        case RIG_RANGE: /* above and below by turns */
            out->kpa =
                r->tick % 2 ? r->sys.core.range_max_kpa + 1.0f : r->sys.core.range_min_kpa - 1.0f;
            break;
        case RIG_STUCK:
            out->kpa = r->held.kpa;
            break;
        case RIG_STALE:
            *out = r->held;
            break;
        case RIG_SPIKE:
            out->kpa = dose(r)->limit_kpa + 20.0f;
            break;
        default:
            break;
        }
    }
    r->prev = *out;
    return rc;
}

static uint64_t this_tick(const rig *r)
{
    return r->tick + 1; /* the tick under way: r->tick counts those done */
}

static int wrap_set(void *ctx, float pct)
{
    rig *r = ctx;
    int rc;
    if (r->fail_set) {
        r->fail_set = false;
        rc = -EIO;
    } else {
        rc = r->motor.part.set(r->motor.part.ctx, pct);
    }
    if (rc < 0) {
        r->set_failed_tick = this_tick(r);
        return rc;
    }
    r->cmd = pct;
    return 0;
}

static int wrap_off(void *ctx)
{
    rig *r = ctx;
    int rc = r->motor.part.off(r->motor.part.ctx);
    if (!rc)
        r->cmd = 0.0f;
    return rc;
}

static bool motor_off(const rig *r)
{
    return r->motor.is_off ? r->motor.is_off(r->motor.ctx) : r->cmd == 0.0f;
}

/* ---- sessions ---- */

static void db_path(const rig *r, char *path, size_t len)
{
    snprintf(path, len, "%s/sessions.db", r->dir);
}

static void disarm(rig *r)
{
    if (r->armed)
        r->hazard.clear(r->hazard.ctx);
    r->armed = false;
}

static bool check_record(rig *r, int64_t id, const char *end)
{
    char path[96], why[512];
    db_path(r, path, sizeof(path));
    rig_seen seen = {
        .id = id,
        .end = end,
        .events = r->live_events,
        .ticks = r->live_ticks,
        .full_trace = r->sys.trace_rate_hz == r->sys.core.rate_hz,
        .may_lose = r->has_hazard && r->hazard.costs_record,
        .period_us = r->period_us,
    };
    rig_lost lost;
    bool ok = rig_record_intact(path, &seen, &lost, why, sizeof(why));
    if (!ok)
        say(r, why);
    r->row->lost_gap += lost.gap_ticks;
    r->row->lost_ring += lost.ring_dropped;
    return ok;
}

/* The loop handed s back: finish it as the daemon does, check its record. */
static void finished(rig *r, tpr_session *s)
{
    char err[512];
    int64_t id = tpr_recording_id(s->rec);
    tpr_session_end end = s->end;
    disarm(r); /* finishing waits for the recorder thread */
    /* A store fault's record is incomplete by design: the row says how. */
    bool ok = !tpr_session_finish(s, err, sizeof(err)) || (r->has_hazard && r->hazard.costs_record);
    if (!ok)
        say(r, err);
    bool want_fault = r->f == RIG_MOTOR_SET && r->live_quota == 0 && r->ph == PH_ACTIVE;
    const char *want = want_fault ? "fault" : "completed";
    ok = check_record(r, id, want) && ok;
    r->row->sessions++;
    r->row->sessions_intact += ok;
    r->last_end = end;
    r->ended_any = true;
    if (s == r->live)
        r->live = NULL;
}

static void take_messages(rig *r)
{
    tpr_msg m;
    while (tpr_msg_pop(&r->out, &m)) {
        if (m.kind == TPR_MSG_ENDED)
            finished(r, m.ptr);
        else if (m.kind == TPR_MSG_FREE)
            free(m.ptr);
    }
}

static void start_session(rig *r)
{
    char err[512];
    tpr_session *s = tpr_session_new(&r->sys, &r->prof, false, 0, err, sizeof(err));
    if (!s ||
        tpr_recording_start(&s->rec, &r->sys, &r->prof, &s->summary, &r->pace, err, sizeof(err))) {
        fprintf(stderr, "cannot start a session: %s\n", err);
        exit(1);
    }
    r->live = s;
    r->live_events = 0;
    r->live_ticks = 0;
    r->live_started_us = r->now_us;
    unsigned left = r->target - r->row->injections;
    r->live_quota = left < r->per_session ? left : r->per_session;
    r->ph = PH_WAIT;
    r->next_at = r->tick + (uint64_t)between(r, 1000, 3000);
    tpr_msg_push(&r->in, (tpr_msg){.kind = TPR_MSG_START, .ptr = s});
}

/* ---- injection ---- */

static int64_t ms_ticks(const rig *r, uint32_t ms)
{
    return (int64_t)ms * 1000 / r->period_us;
}

static void inject(rig *r)
{
    const tpr_core_cfg *c = &r->sys.core;
    int64_t stuck = ms_ticks(r, c->stuck_ms), stale = ms_ticks(r, c->stale_ms);
    r->row->injections++;
    r->live_quota--;
    r->ph = PH_ACTIVE;
    r->inj_tick = this_tick(r);
    r->off_seen = r->event_seen = false;
    r->due_tick = r->inj_tick;
    int64_t len = 1;
    switch (r->f) {
    case RIG_READ_ERROR:
    case RIG_NAN:
    case RIG_RANGE:
        len = between(r, 1, 300);
        break;
    case RIG_STUCK: /* seen once the value has not moved for stuck_ms */
        r->due_tick += (uint64_t)stuck;
        len = stuck + between(r, 1, 500);
        break;
    case RIG_STALE: /* seen once the newest sample is stale_ms old */
        r->due_tick += (uint64_t)stale;
        len = stale + between(r, 1, 500);
        break;
    case RIG_SPIKE:
        len = between(r, 1, 20);
        break;
    case RIG_MOTOR_SET: /* due in the tick whose write fails */
        r->set_failed_tick = 0;
        if (r->motor.fail_next_set)
            r->motor.fail_next_set(r->motor.ctx);
        else
            r->fail_set = true;
        r->due_tick = UINT64_MAX;
        break;
    case RIG_OVERRUN: /* the next tick comes after the burst */
        r->burst = (uint64_t)between(r, stale, 2000);
        r->gap_periods = 1 + (int64_t)r->burst;
        r->overruns_before = r->loop.stats.overruns;
        break;
    case RIG_CLOCK_JUMP:
        r->jump_us = between(r, (int64_t)c->stale_ms * 1000 + 1, 10 * 1000000LL);
        break;
    case RIG_FAULT_COUNT:
        break;
    }
    r->end_tick = r->inj_tick + (uint64_t)len;
    r->held = r->prev;
    r->pressure_on = r->f <= RIG_SPIKE;
}

static uint32_t expected_event(const rig *r)
{
    return r->f == RIG_SPIKE ? TPR_EV_OVER_LIMIT : TPR_EV_SENSOR_FAULT;
}

/* After tick r->tick: what the active fault has done so far. */
static void watch(rig *r, const tpr_status_view *v, bool off)
{
    if (r->f == RIG_MOTOR_SET) { /* judged when the loop has ended (run_loop) */
        if (r->set_failed_tick)
            say(r, "the loop ticked on after a failed motor write");
        return;
    }
    if (r->tick >= r->inj_tick && (v->out.events & expected_event(r)) && r->tick <= r->due_tick)
        r->event_seen = true;
    if (!r->off_seen && off) {
        r->off_seen = true;
        int64_t ticks = (int64_t)(r->tick - r->inj_tick);
        if (ticks > r->row->worst_ticks)
            r->row->worst_ticks = ticks;
        int64_t us = ticks * r->period_us;
        if (us > r->row->worst_us)
            r->row->worst_us = us;
        if (r->tick <= r->due_tick)
            r->row->safe_in_time++;
    }
    if (r->tick == r->due_tick) {
        if (!r->off_seen)
            say(r, "motor still on when the fault was due to be seen");
        if (r->f == RIG_OVERRUN && r->loop.stats.overruns - r->overruns_before != r->burst)
            r->event_seen = false, say(r, "missed periods not counted");
        r->row->event_seen += r->event_seen;
        if (!r->event_seen)
            say(r, "no event in the tick the fault was due to be seen");
    }
    if (r->tick + 1 >= r->end_tick && r->tick >= r->due_tick) {
        r->pressure_on = false;
        r->ph = PH_RECOVER;
        disarm(r);
    }
}

/* The tip on the muscle with the motor driven by the dose, not the cue
 * that plays out a finished repetition (whose session may end before a
 * slow fault is due). */
static bool pressing(const tpr_status_view *v)
{
    tpr_state s = v->out.state;
    return s == TPR_STATE_CONTACT || s == TPR_STATE_HOLD || s == TPR_STATE_OVER;
}

static void arm(rig *r)
{
    r->hazard.arm(r->hazard.ctx);
    r->armed = true;
    r->hit = false;
    r->spike_at = 0;
    r->ph = PH_ARMED;
}

/* The hazard is on: once it has reached the recorder (and filled its ring,
 * for one that does), a spike at a random moment while it holds. */
static void armed(rig *r, bool may_inject)
{
    if (!r->spike_at) {
        r->hit = r->hit || r->hazard.hit(r->hazard.ctx);
        bool full = tpr_recording_backlog(r->live->rec) >= r->ring_ticks - TPR_RING_EVENT_SLOTS;
        if (r->hit && (full || !r->hazard.fills_ring))
            r->spike_at = r->tick + (uint64_t)between(r, 1, 50);
        return;
    }
    if (r->tick >= r->spike_at && may_inject)
        inject(r);
}

/* Between two ticks: check the last one, move the session on. */
static void between_ticks(rig *r)
{
    tpr_status_view v;
    tpr_status_read(&r->status, &v);
    /* Read back from the device while a fault is on (a backend rig's motor
     * is files); else what it was told is enough to pick the moments. */
    bool active = r->ph == PH_ACTIVE && r->f != RIG_MOTOR_SET; /* that one: run_loop */
    bool off = active || v.out.state == TPR_STATE_FAULT ? motor_off(r) : r->cmd == 0.0f;
    r->gap_periods = 1;
    r->jump_us = 0;
    if (v.daemon != TPR_DAEMON_IDLE)
        r->live_events += (uint64_t)__builtin_popcount(v.out.events);
    if (v.daemon != TPR_DAEMON_IDLE && !v.waiting_lift) /* the ticks it records */
        r->live_ticks++;
    r->row->hazard_ticks += r->armed && r->hit;
    if (r->has_hazard && r->hazard.between)
        r->hazard.between(r->hazard.ctx, &v, r->now_us);
    bool may_inject = !off && v.daemon == TPR_DAEMON_RUNNING && pressing(&v);
    if (v.out.state == TPR_STATE_FAULT && !off && r->said++ < SAY_MAX)
        fprintf(stderr, "%s: tick %llu in fault with the motor on\n", r->row->name,
                (unsigned long long)r->tick);
    if (r->live && r->ph == PH_ACTIVE)
        watch(r, &v, off);
    else if (r->live && r->ph == PH_RECOVER && !off)
        r->ph = PH_WAIT, r->next_at = r->tick + (uint64_t)between(r, 200, 1500);
    else if (r->live && r->ph == PH_WAIT && r->live_quota && r->tick >= r->next_at && may_inject)
        r->has_hazard ? arm(r) : inject(r);
    else if (r->live && r->ph == PH_ARMED)
        armed(r, may_inject);
    take_messages(r);
    if (r->live && r->now_us - r->live_started_us > SESSION_MAX_US) {
        say(r, "session hung: stopped");
        tpr_msg_push(&r->in, (tpr_msg){.kind = TPR_MSG_STOP, .arg = TPR_END_STOPPED});
        r->live_started_us = r->now_us;
    }
    if (!r->live && !r->quitting) {
        bool done =
            r->row->injections >= r->target && r->ended_any && r->last_end == TPR_END_COMPLETED;
        bool stuck = r->row->sessions > SESSIONS_MAX(r->target);
        if (stuck) {
            say(r, "the faults are not getting injected: given up");
            r->row->sessions++; /* counted as a broken one */
        }
        if (done || stuck) {
            r->quitting = true;
            tpr_msg_push(&r->in, (tpr_msg){.kind = TPR_MSG_QUIT, .arg = TPR_END_TERMINATED});
        } else {
            start_session(r);
        }
    }
}

/* ---- the virtual clock ---- */

static int64_t clock_now(void *ctx)
{
    return ((rig *)ctx)->now_us;
}

/* The recorder thread runs in real time: the virtual clock stands still
 * until the armed hazard has reached it. */
static void wait_hit(rig *r)
{
    for (int64_t waited_us = 0; !(r->hit = r->hazard.hit(r->hazard.ctx)); waited_us += 100) {
        if (waited_us > HIT_MAX_US) {
            fprintf(stderr, "%s: the fault never reached the recorder\n", r->row->name);
            exit(1);
        }
        usleep(100);
    }
}

static int64_t clock_wait(void *ctx)
{
    rig *r = ctx;
    if (r->loop.stats.ticks != r->loop_ticks) {
        r->loop_ticks = r->loop.stats.ticks;
        r->tick++;
        between_ticks(r);
    }
    if (r->armed && !r->hit && r->hazard.real_time)
        wait_hit(r);
    /* The recorder thread keeps up in real time: let it drain (not while
     * a hazard holds it up to fill the ring). */
    bool held = r->armed && r->hazard.fills_ring;
    if (r->live && !held && tpr_recording_backlog(r->live->rec) > BACKLOG_HIGH(r->ring_ticks))
        while (tpr_recording_backlog(r->live->rec) > BACKLOG_LOW(r->ring_ticks))
            usleep(1000);
    int64_t n = r->gap_periods;
    r->now_us += n * r->period_us + r->jump_us;
    r->jumped_us += r->jump_us;
    return n;
}

/* ---- the rig ---- */

void rig_args(int argc, char **argv, unsigned *n, uint64_t *seed)
{
    const char *slow = getenv("TPRD_TEST_SLOWDOWN");
    *n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 100;
    *seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (slow && atoi(slow) > 1 && *n > 10)
        *n = 10;
}

static void sim_motor(rig *r)
{
    r->motor = (rig_motor){.part = r->inner.motor};
}

rig *rig_new(uint64_t seed, const rig_motor *motor)
{
    rig *r = calloc(1, sizeof(*r));
    char err[512];
    if (!r)
        exit(1);
    r->rng = seed;
    /* On a tmpfs when there is one: a session's start and end each sync. */
    struct stat st;
    snprintf(r->dir, sizeof(r->dir), "%s/tpr_faults.XXXXXX",
             stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp");
    tpr_system_config_default(&r->sys);
    tpr_sim_config sc;
    tpr_sim_config_default(&sc);
    sc.seed = seed;
    if (!mkdtemp(r->dir) || tpr_profile_parse(profile_text, "faults", &r->prof, err, sizeof(err)) ||
        tpr_sim_open(&r->inner, &sc, err, sizeof(err))) {
        fprintf(stderr, "rig: %s\n", err);
        exit(1);
    }
    snprintf(r->sys.data_dir, sizeof(r->sys.data_dir), "%s", r->dir);
    if (motor) {
        r->inner.motor.close(r->inner.motor.ctx);
        r->motor = *motor;
        r->inner.motor = motor->part;
    } else {
        sim_motor(r);
    }
    r->hal = (tpr_hal){
        .pressure = {.read = wrap_read, .read_raw = NULL, .raw_unit = "kPa", .ctx = r},
        .motor = {.set = wrap_set, .off = wrap_off, .ctx = r},
        .indicator = r->inner.indicator,
        .inputs = r->inner.inputs,
    };
    r->period_us = 1000000 / r->sys.core.rate_hz;
    r->now_us = 1000000;
    r->clock = (tpr_loop_clock){.wait = clock_wait, .now = clock_now, .ctx = r};
    r->ring_ticks = TPR_RECORDER_RING;
    return r;
}

void rig_set_hazard(rig *r, const rig_hazard *h, const tpr_recording_pace *pace)
{
    r->hazard = *h;
    r->has_hazard = true;
    r->pace = *pace;
    if (pace->ring_ticks)
        r->ring_ticks = pace->ring_ticks;
    r->sys.trace_rate_hz = r->sys.core.rate_hz;
}

/* One run of the loop, as one run of the daemon; false when it ended on a
 * device fault (as tprd exits 1, and systemd starts it again). */
static bool run_loop(rig *r)
{
    tpr_status_init(&r->status);
    tpr_msg_queue_init(&r->in);
    tpr_msg_queue_init(&r->out);
    tpr_loop_init(&r->loop);
    r->loop.rate_hz = r->sys.core.rate_hz;
    r->loop.hal = &r->hal;
    r->loop.status = &r->status;
    r->loop.idle_cfg = r->sys.core;
    r->loop.idle_dose = *dose(r);
    r->loop.in = &r->in;
    r->loop.out = &r->out;
    r->loop.wait_lift = true;
    r->loop.clock = &r->clock;
    r->loop_ticks = 0;
    r->gap_periods = 1;
    r->jump_us = 0;
    tpr_loop_end end = tpr_loop_run(&r->loop);
    /* Nothing ran between the failed write and here: the same tick. */
    bool off = motor_off(r);
    if (r->f == RIG_MOTOR_SET && r->ph == PH_ACTIVE) {
        bool seen = end == TPR_LOOP_FAULT && r->set_failed_tick;
        r->tick++; /* the failed tick never reached the clock's wait */
        r->due_tick = r->tick;
        if (seen && off) {
            r->row->safe_in_time++;
            r->off_seen = true;
        } else {
            say(r,
                off ? "the loop did not end on the failed write" : "motor on after the loop ended");
        }
    }
    take_messages(r);
    if (r->f == RIG_MOTOR_SET && r->ph == PH_ACTIVE) { /* its record: ended by a fault */
        r->row->event_seen += end == TPR_LOOP_FAULT && r->last_end == TPR_END_FAULT;
        r->ph = PH_WAIT;
    }
    if (r->live) { /* the queue was full: the loop kept it */
        finished(r, r->loop.session ? r->loop.session : r->live);
        r->live = NULL;
    }
    return end == TPR_LOOP_STOPPED;
}

/* systemd starts tprd again RestartSec (2 s) after a device fault; the
 * person, whose device stopped, takes the tip off meanwhile. */
static void restart_pause(rig *r)
{
    if (r->motor.repaired)
        r->motor.repaired(r->motor.ctx);
    tpr_indicator *ind = &r->inner.indicator;
    for (int64_t end = r->now_us + 2000000; r->now_us < end; r->now_us += r->period_us) {
        tpr_sample smp;
        ind->show(ind->ctx, r->now_us, TPR_SIG_REST);
        r->inner.pressure.read(r->inner.pressure.ctx, r->now_us - r->jumped_us, &smp);
    }
}

void rig_run(rig *r, rig_fault f, unsigned n, unsigned per_session, rig_row *row)
{
    r->f = f;
    r->row = row;
    r->target = n;
    r->per_session = f == RIG_MOTOR_SET ? 1 : per_session;
    r->quitting = false;
    r->ended_any = false;
    r->said = 0;
    unsigned restarts = 0;
    while (!run_loop(r) || !r->quitting) {
        if (f != RIG_MOTOR_SET || ++restarts > 2 * n) {
            fprintf(stderr, "%s: the loop ended on a fault: %s\n", row->name, r->loop.error);
            row->sessions++; /* counted as a broken one */
            if (f != RIG_MOTOR_SET)
                break;
        }
        restart_pause(r);
    }
}

const tpr_recording *rig_recording(const rig *r)
{
    return r->live ? r->live->rec : NULL;
}

const char *rig_dir(const rig *r)
{
    return r->dir;
}

bool rig_db_ok(rig *r)
{
    char path[96];
    db_path(r, path, sizeof(path));
    return rig_record_db_ok(path);
}

static int rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

void rig_free(rig *r)
{
    tpr_hal_close(&r->inner);
    nftw(r->dir, rm, 8, FTW_DEPTH | FTW_PHYS);
    free(r);
}

void rig_print(const rig_row *rows, int n)
{
    printf("| fault | through | injections | seen | motor 0 in that tick | event in that tick | "
           "worst latency to motor off | sessions intact |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        const rig_row *w = &rows[i];
        printf("| %s | %s | %u | %s | %u | %u | %lld ticks, %lld µs | %u of %u |\n", w->name,
               w->through, w->injections, w->due, w->safe_in_time, w->event_seen,
               (long long)w->worst_ticks, (long long)w->worst_us, w->sessions_intact, w->sessions);
    }
    fflush(stdout);
}

bool rig_all_good(const rig_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        const rig_row *w = &rows[i];
        if (w->safe_in_time != w->injections || w->event_seen != w->injections ||
            w->sessions_intact != w->sessions || !w->sessions)
            return false;
    }
    return true;
}
