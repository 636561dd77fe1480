/* tprctl sessions: one line per session, filtered by user, dates and muscle. */
#include <string.h>

#include "db_reader.h"
#include "json.h"
#include "muscles.h"
#include "session_list.h"
#include "table.h"
#include "when.h"

typedef struct listing {
    tprctl_table *table;
    tprctl_json json;
    size_t count;
} listing;

static int add_row(void *ctx, const tprctl_session *s)
{
    listing *l = ctx;
    l->count++;
    if (!l->table) {
        tprctl_session_json(&l->json, NULL, s);
        return TPRCTL_OK;
    }
    char when[32], dur[32], muscles[2 * sizeof(s->muscles)];
    /* "a,b" reads better as "a, b" in a terminal. */
    size_t n = 0;
    for (const char *c = s->muscles; *c; c++) {
        muscles[n++] = *c;
        if (*c == ',')
            muscles[n++] = ' ';
    }
    muscles[n] = '\0';
    tprctl_table *t = l->table;
    tprctl_table_cell(t, "%lld", (long long)s->id);
    tprctl_table_cell(t, "%s", tprctl_format_time(when, sizeof(when), s->started_at, false));
    tprctl_table_cell(t, "%s", s->user);
    tprctl_table_cell(t, "%s", s->routine);
    tprctl_table_cell(
        t, "%s",
        s->ended ? tprctl_format_duration(dur, sizeof(dur), s->ended_at - s->started_at) : "-");
    tprctl_table_cell(t, "%s", tprctl_session_end(s));
    tprctl_table_cell(t, "%s", muscles[0] ? muscles : "-");
    tprctl_table_cell(t, "%lld", (long long)s->reps_done);
    tprctl_table_cell(t, "%lld", (long long)s->releases);
    return TPRCTL_OK;
}

static int date_option(const char *name, const char *text, int64_t *ms, bool *has)
{
    if (!text)
        return TPRCTL_OK;
    if (!tprctl_parse_date(text, ms))
        return tprctl_usage("%s %s: not a date (YYYY-MM-DD)", name, text);
    *has = true;
    return TPRCTL_OK;
}

int tprctl_cmd_sessions(tprctl *t, const tprctl_args *a)
{
    tprctl_session_filter f = {.user = a->user, .muscle = a->muscle};
    int rc = date_option("--since", a->since, &f.since, &f.has_since);
    if (rc == TPRCTL_OK)
        rc = date_option("--until", a->until, &f.until, &f.has_until);
    if (rc != TPRCTL_OK)
        return rc;
    /* --until is the whole day: sessions started before the next midnight. */
    if (f.has_until) {
        char next[16];
        tprctl_format_date(next, sizeof(next), f.until + TPRCTL_DAY_MS + 3600 * 1000);
        tprctl_parse_date(next, &f.until);
    }
    if (f.has_since && f.has_until && f.until <= f.since)
        return tprctl_usage("--until %s is before --since %s", a->until, a->since);
    if (a->muscle && !tpr_muscle_find(a->muscle))
        return tprctl_usage("--muscle %s: not a muscle (tprd --help-config lists them)", a->muscle);
    rc = tprctl_db_open(t);
    if (rc == TPRCTL_OK && a->user)
        rc = tprctl_db_check_user(t, a->user);
    if (rc != TPRCTL_OK)
        return rc;

    static const char *const headers[] = {"id",    "started", "user", "routine", "duration",
                                          "ended", "muscles", "reps", "releases"};
    listing l = {0};
    if (t->json) {
        tprctl_json_init(&l.json, t->out);
        tprctl_json_array(&l.json, NULL);
    } else {
        l.table = tprctl_table_new(headers, "rlllrllrr");
    }
    rc = tprctl_sessions_each(t, &f, add_row, &l);
    if (t->json) {
        tprctl_json_end(&l.json);
    } else {
        if (rc == TPRCTL_OK && l.count)
            tprctl_table_print(l.table, t->out);
        else if (rc == TPRCTL_OK)
            fprintf(t->out, "no %ssessions in %s\n",
                    a->user || a->muscle || a->since || a->until ? "matching " : "", t->db_path);
        tprctl_table_free(l.table);
    }
    return rc;
}
