/* tprctl export ID --csv: the trace or the events of a session as CSV, to
 * standard output, a file, or both into a directory. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "csv.h"
#include "output.h"
#include "recorded.h"

static int trace_row(void *ctx, const tpr_trace_point *p)
{
    tprctl_csv_trace_row(ctx, p);
    return TPRCTL_OK;
}

static int event_row(void *ctx, int64_t t_ms, const char *type, const char *detail)
{
    tprctl_csv_event_row(ctx, t_ms, type, detail);
    return TPRCTL_OK;
}

static int write_csv(tprctl *t, int64_t id, bool events, FILE *f)
{
    fputs(events ? TPRCTL_EVENTS_CSV_HEADER : TPRCTL_TRACE_CSV_HEADER, f);
    return events ? tprctl_events_each(t, id, event_row, f)
                  : tprctl_trace_each(t, id, trace_row, f);
}

/* Write to path (NULL: standard output); output.h keeps what was there
 * when the export fails. */
static int export_to(tprctl *t, int64_t id, bool events, const char *path)
{
    if (!path)
        return write_csv(t, id, events, t->out);
    tprctl_output out;
    int rc = tprctl_output_open(&out, path);
    return rc != TPRCTL_OK ? rc : tprctl_output_close(&out, write_csv(t, id, events, out.f));
}

/* -o DIR/ or an existing directory: both files go there. */
static bool is_directory(const char *path)
{
    struct stat sb;
    size_t n = strlen(path);
    return (n && path[n - 1] == '/') || (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode));
}

int tprctl_cmd_export(tprctl *t, const tprctl_args *a)
{
    if (!a->csv)
        return tprctl_usage("export: say the format: --csv");
    bool dir = a->output && is_directory(a->output);
    if (dir && a->events)
        return tprctl_usage("export: -o %s is a directory, which gets both trace.csv and "
                            "events.csv; --events needs a file",
                            a->output);
    tprctl_session s;
    int rc = tprctl_session_open(t, a->operand[0], &s);
    if (rc == TPRCTL_OK && !a->events)
        rc = tprctl_trace_kept(t, &s);
    if (rc != TPRCTL_OK || !dir)
        return rc != TPRCTL_OK ? rc : export_to(t, s.id, a->events, a->output);

    if (mkdir(a->output, 0777) != 0 && errno != EEXIST)
        return tprctl_fail("%s: %s", a->output, strerror(errno));
    char path[1024];
    snprintf(path, sizeof(path), "%s%strace.csv", a->output,
             a->output[strlen(a->output) - 1] == '/' ? "" : "/");
    rc = export_to(t, s.id, false, path);
    strcpy(strrchr(path, '/') + 1, "events.csv");
    return rc != TPRCTL_OK ? rc : export_to(t, s.id, true, path);
}
