#include "schema.h"

/* Times: wall-clock columns (started_at, ended_at) are Unix milliseconds
 * (UTC); every other time is milliseconds since the session started, except
 * inside trace chunks (see trace_chunk.h). Pressures in kPa, intensity in %. */
const char *const tpr_store_migrations[] = {
    /* 1: the first schema. */
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE);"

    "CREATE TABLE sessions ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  routine TEXT NOT NULL,"
    "  started_at INTEGER NOT NULL,"
    "  ended_at INTEGER,"               /* NULL while the session runs */
    "  end_reason TEXT,"                /* completed stopped fault terminated interrupted */
    "  rate_hz INTEGER NOT NULL,"       /* control loop rate */
    "  trace_rate_hz INTEGER NOT NULL," /* rate the trace was kept at */
    "  samples_dropped INTEGER NOT NULL DEFAULT 0,"
    "  trace_pruned INTEGER NOT NULL DEFAULT 0);" /* 1: retention removed it */

    "CREATE TABLE segments ("
    "  id INTEGER PRIMARY KEY,"
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  muscle TEXT NOT NULL,"
    "  rep INTEGER NOT NULL," /* from 1 */
    "  start_ms INTEGER NOT NULL,"
    "  end_ms INTEGER NOT NULL,"
    "  in_band_ms INTEGER NOT NULL," /* hold achieved */
    "  over_ms INTEGER NOT NULL,"
    "  hold_target_ms INTEGER NOT NULL,"
    "  band_min_kpa REAL NOT NULL,"
    "  band_max_kpa REAL NOT NULL,"
    "  limit_kpa REAL NOT NULL,"
    "  peak_kpa REAL,"
    "  mean_kpa REAL,"
    "  mean_intensity_pct REAL,"
    "  released INTEGER NOT NULL,"
    "  release_ms INTEGER," /* hold time at the release; NULL when none */
    "  done_reason TEXT,"   /* target release max next none */
    "  complete INTEGER NOT NULL);"

    "CREATE TABLE events ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  t_ms INTEGER NOT NULL,"
    "  type TEXT NOT NULL," /* tpr_event_name() */
    "  detail TEXT);"       /* muscle and repetition, "vastus_lateralis#2" */

    "CREATE TABLE trace_chunks ("
    "  session_id INTEGER NOT NULL REFERENCES sessions(id),"
    "  t0_us INTEGER NOT NULL," /* session time of the chunk's first point */
    "  points INTEGER NOT NULL,"
    "  data BLOB NOT NULL);" /* trace_chunk.h encoding */

    "CREATE INDEX sessions_by_user ON sessions(user_id, started_at);"
    "CREATE INDEX segments_by_session ON segments(session_id);"
    "CREATE INDEX segments_by_muscle ON segments(muscle);"
    "CREATE INDEX events_by_session ON events(session_id, t_ms);"
    "CREATE INDEX trace_by_session ON trace_chunks(session_id, t0_us);",

    /* 2: ticks that carried events but found even the ring's event slots
     * full; counted apart from samples_dropped because events were lost. */
    "ALTER TABLE sessions ADD COLUMN events_dropped INTEGER NOT NULL DEFAULT 0;",

    /* 3: the trace the disk refused (full): how many ticks, and the session
     * time they cover, in ms. The session's other rows were kept and
     * written when the disk took them again. */
    ("ALTER TABLE sessions ADD COLUMN trace_gap_ticks INTEGER NOT NULL DEFAULT 0;"
     "ALTER TABLE sessions ADD COLUMN trace_gap_ms INTEGER NOT NULL DEFAULT 0;"),

    /* 4: the control loop's timing over the session: periods it missed,
     * its wake-up latency after the deadline (min, p50, p99, p99.9, max)
     * and its ticks' run time (p99, max), in µs. NULL for sessions
     * recorded before. */
    ("ALTER TABLE sessions ADD COLUMN loop_overruns INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_lat_min_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_lat_p50_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_lat_p99_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_lat_p999_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_lat_max_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_run_p99_us INTEGER;"
     "ALTER TABLE sessions ADD COLUMN loop_run_max_us INTEGER;"),

    /* 5: pressure-pain-threshold measurements, one row per site measured
     * (taken_at in Unix ms, the site's threshold the mean of its reliable
     * trials, NULL when none was), and every trial, reliable or not. */
    ("CREATE TABLE measurements ("
     "  id INTEGER PRIMARY KEY,"
     "  user_id INTEGER NOT NULL REFERENCES users(id),"
     "  muscle TEXT NOT NULL,"
     "  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'none')),"
     "  taken_at INTEGER NOT NULL,"
     "  target_kpa_s REAL NOT NULL," /* the rise rate asked for */
     "  ppt_kpa REAL,"
     "  reliable_trials INTEGER NOT NULL);"
     "CREATE TABLE measurement_trials ("
     "  measurement_id INTEGER NOT NULL REFERENCES measurements(id),"
     "  trial INTEGER NOT NULL," /* from 1, in the order pressed */
     "  threshold_kpa REAL,"     /* NULL: the trial ended without a painful press */
     "  rate_kpa_s REAL,"        /* mean rise rate; NULL after a sensor fault */
     "  reliable INTEGER NOT NULL,"
     "  reason TEXT NOT NULL);" /* tpr_ppt_reason_name() */
     "CREATE INDEX measurements_by_site ON measurements(user_id, muscle, side, taken_at);"
     "CREATE INDEX trials_by_measurement ON measurement_trials(measurement_id);"),
};

const int tpr_store_schema_version =
    (int)(sizeof(tpr_store_migrations) / sizeof(tpr_store_migrations[0]));
