/* tprctl show ID: a session's header and its table per muscle and repetition. */
#include <math.h>

#include "json.h"
#include "segments.h"
#include "session_list.h"
#include "table.h"
#include "text.h"
#include "when.h"

static double seconds(int64_t ms)
{
    return (double)ms / 1000.0;
}

static double percent(int64_t part, int64_t whole)
{
    return whole > 0 ? 100.0 * (double)part / (double)whole : NAN;
}

static void print_header(FILE *f, const tprctl_session *s)
{
    char when[32], dur[32];
    /* Stored text is shown escaped: an old database may hold anything. */
    char user[4 * sizeof(s->user)], routine[4 * sizeof(s->routine)], end[4 * sizeof(s->end_reason)];
    tpr_text_escape(user, sizeof(user), s->user);
    tpr_text_escape(routine, sizeof(routine), s->routine);
    tpr_text_escape(end, sizeof(end), tprctl_session_end(s));
    fprintf(f, "session %lld: %s, routine %s\n", (long long)s->id, user, routine);
    fprintf(f, "started  %s\n", tprctl_format_time(when, sizeof(when), s->started_at, false));
    if (s->ended)
        fprintf(f, "ended    %s, %s after %s\n",
                tprctl_format_time(when, sizeof(when), s->ended_at, false), end,
                tprctl_format_duration(dur, sizeof(dur), s->ended_at - s->started_at));
    else
        fprintf(f, "ended    -, %s\n", end);
    fprintf(f, "loop     %lld Hz, trace ", (long long)s->rate_hz);
    if (s->trace_pruned)
        fputs("removed by retention", f);
    else
        fprintf(f, "kept at %lld Hz", (long long)s->trace_rate_hz);
    fprintf(f, ", %lld samples dropped", (long long)s->samples_dropped);
    /* Rare enough to mention only when it happened. */
    if (s->events_dropped)
        fprintf(f, ", events of %lld ticks lost", (long long)s->events_dropped);
    fputc('\n', f);
    if (s->trace_gap_ticks)
        fprintf(f, "GAP      %.1f s of trace (%lld ticks) not recorded: the disk refused it\n",
                seconds(s->trace_gap_ms), (long long)s->trace_gap_ticks);
    fputc('\n', f);
}

/* A real for the table: "-" when not recorded. */
static void cell_real(tprctl_table *t, const char *fmt, double v)
{
    if (isfinite(v))
        tprctl_table_cell(t, fmt, v);
    else
        tprctl_table_cell(t, "-");
}

static void print_table(FILE *f, const tprctl_segments *gs)
{
    static const char *const headers[] = {"muscle",   "rep",      "hold/target", "%",      "over",
                                          "peak kPa", "mean kPa", "intensity",   "result", "done"};
    tprctl_table *t = tprctl_table_new(headers, "lrrrrrrrll");
    for (size_t i = 0; i < gs->count; i++) {
        const tprctl_segment *g = &gs->seg[i];
        char result[48];
        tprctl_segment_result(g, result, sizeof(result));
        tprctl_table_cell(t, "%s", g->muscle);
        tprctl_table_cell(t, "%lld", (long long)g->rep);
        tprctl_table_cell(t, "%.1f/%.1f s", seconds(g->in_band_ms), seconds(g->hold_target_ms));
        cell_real(t, "%.0f %%", percent(g->in_band_ms, g->hold_target_ms));
        tprctl_table_cell(t, "%.1f s", seconds(g->over_ms));
        cell_real(t, "%.1f", g->peak_kpa);
        cell_real(t, "%.1f", g->mean_kpa);
        cell_real(t, "%.0f %%", g->mean_intensity_pct);
        tprctl_table_cell(t, "%s", result);
        tprctl_table_cell(t, "%s", g->done_reason[0] ? g->done_reason : "-");
    }
    if (gs->count)
        tprctl_table_print(t, f);
    else
        fputs("no repetitions recorded\n", f);
    tprctl_table_free(t);
}

static void segment_json(tprctl_json *j, const tprctl_segment *g)
{
    tprctl_json_object(j, NULL);
    tprctl_json_str(j, "muscle", g->muscle);
    tprctl_json_int(j, "rep", g->rep);
    tprctl_json_int(j, "start_ms", g->start_ms);
    tprctl_json_int(j, "end_ms", g->end_ms);
    tprctl_json_int(j, "hold_ms", g->in_band_ms);
    tprctl_json_int(j, "hold_target_ms", g->hold_target_ms);
    tprctl_json_real(j, "hold_pct", percent(g->in_band_ms, g->hold_target_ms));
    tprctl_json_int(j, "over_ms", g->over_ms);
    tprctl_json_real(j, "band_min_kpa", g->band_min_kpa);
    tprctl_json_real(j, "band_max_kpa", g->band_max_kpa);
    tprctl_json_real(j, "limit_kpa", g->limit_kpa);
    tprctl_json_real(j, "peak_kpa", g->peak_kpa);
    tprctl_json_real(j, "mean_kpa", g->mean_kpa);
    tprctl_json_real(j, "mean_intensity_pct", g->mean_intensity_pct);
    tprctl_json_bool(j, "released", g->released);
    if (g->has_release_ms)
        tprctl_json_int(j, "release_ms", g->release_ms);
    else
        tprctl_json_null(j, "release_ms");
    tprctl_json_str(j, "done_reason", g->done_reason[0] ? g->done_reason : NULL);
    tprctl_json_bool(j, "complete", g->complete);
    tprctl_json_end(j);
}

int tprctl_cmd_show(tprctl *t, const tprctl_args *a)
{
    tprctl_session s;
    int rc = tprctl_session_open(t, a->operand[0], &s);
    tprctl_segments gs;
    if (rc == TPRCTL_OK)
        rc = tprctl_segments_load(t, s.id, &gs);
    if (rc != TPRCTL_OK)
        return rc;
    if (t->json) {
        tprctl_json j;
        tprctl_json_init(&j, t->out);
        tprctl_json_object(&j, NULL);
        tprctl_session_json(&j, "session", &s);
        tprctl_json_array(&j, "segments");
        for (size_t i = 0; i < gs.count; i++)
            segment_json(&j, &gs.seg[i]);
        tprctl_json_end(&j);
        tprctl_json_end(&j);
    } else {
        print_header(t->out, &s);
        print_table(t->out, &gs);
    }
    tprctl_segments_free(&gs);
    return TPRCTL_OK;
}
