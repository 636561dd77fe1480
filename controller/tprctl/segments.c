#include "segments.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "db_reader.h"

static double real_or_nan(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

static void read_row(sqlite3_stmt *st, tprctl_segment *g)
{
    tprctl_db_text(st, 0, g->muscle, sizeof(g->muscle));
    g->rep = sqlite3_column_int64(st, 1);
    g->start_ms = sqlite3_column_int64(st, 2);
    g->end_ms = sqlite3_column_int64(st, 3);
    g->in_band_ms = sqlite3_column_int64(st, 4);
    g->over_ms = sqlite3_column_int64(st, 5);
    g->hold_target_ms = sqlite3_column_int64(st, 6);
    g->band_min_kpa = sqlite3_column_double(st, 7);
    g->band_max_kpa = sqlite3_column_double(st, 8);
    g->limit_kpa = sqlite3_column_double(st, 9);
    g->peak_kpa = real_or_nan(st, 10);
    g->mean_kpa = real_or_nan(st, 11);
    g->mean_intensity_pct = real_or_nan(st, 12);
    g->released = sqlite3_column_int(st, 13) != 0;
    g->has_release_ms = sqlite3_column_type(st, 14) != SQLITE_NULL;
    g->release_ms = sqlite3_column_int64(st, 14);
    tprctl_db_text(st, 15, g->done_reason, sizeof(g->done_reason));
    g->complete = sqlite3_column_int(st, 16) != 0;
}

int tprctl_segments_load(tprctl *t, int64_t id, tprctl_segments *out)
{
    *out = (tprctl_segments){0};
    sqlite3_stmt *st = tprctl_db_prepare(
        t, "SELECT muscle, rep, start_ms, end_ms, in_band_ms, over_ms, hold_target_ms,"
           " band_min_kpa, band_max_kpa, limit_kpa, peak_kpa, mean_kpa, mean_intensity_pct,"
           " released, release_ms, done_reason, complete"
           " FROM segments WHERE session_id = ?1 ORDER BY start_ms, id");
    if (!st)
        return TPRCTL_ERR;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        out->seg = tprctl_xrealloc(out->seg, (out->count + 1) * sizeof(*out->seg));
        read_row(st, &out->seg[out->count++]);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        tprctl_segments_free(out);
        return tprctl_db_fail(t);
    }
    return TPRCTL_OK;
}

void tprctl_segments_free(tprctl_segments *s)
{
    free(s->seg);
    *s = (tprctl_segments){0};
}

void tprctl_segment_result(const tprctl_segment *g, char *buf, size_t len)
{
    if (g->released && g->has_release_ms)
        snprintf(buf, len, "released at %.1f s", (double)g->release_ms / 1000.0);
    else if (g->released)
        snprintf(buf, len, "released");
    else
        snprintf(buf, len, "%s", g->complete ? "no release" : "cut short");
}
