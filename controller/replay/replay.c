#include "replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "line_reader.h"
#include "ppt_text.h"
#include "row_format.h"
#include "text.h"
#include "trace_row.h"

/* Big buffers: one read() per megabyte of trace, one fwrite per 256 KiB of
 * output. They live in one allocation per run, never one per row. */
#define READ_BUF_SIZE (1u << 20)
#define WRITE_BUF_SIZE (1u << 18)

typedef struct replay {
    const char *path;
    char *err;
    size_t errlen;
    FILE *out;
    size_t out_len; /* bytes waiting in out_buf */
    tpr_core core;
    tpr_routine routine;
    const tpr_core_cfg *cfg;
    float ppt_rate_kpa_s;
    tpr_line_reader in;
    char in_buf[READ_BUF_SIZE];
    char out_buf[WRITE_BUF_SIZE];
} replay;

/* Report a malformed trace at line and return the exit status 2. */
static int malformed(replay *r, unsigned long line, const char *msg)
{
    snprintf(r->err, r->errlen, "%s:%lu: %s", r->path, line, msg);
    return 2;
}

static int io_error(replay *r, const char *what)
{
    snprintf(r->err, r->errlen, "%s: %s", what, strerror(errno));
    return 1;
}

static int flush_out(replay *r)
{
    if (r->out_len && fwrite(r->out_buf, 1, r->out_len, r->out) != r->out_len)
        return io_error(r, "replay output");
    r->out_len = 0;
    return 0;
}

static void put_header(replay *r)
{
    size_t len = strlen(tpr_replay_header);
    memcpy(r->out_buf + r->out_len, tpr_replay_header, len);
    r->out_len += len;
}

/* A row must not go back in time: the core's clock only moves forward. */
static int back_in_time(replay *r, int64_t t_us, int64_t prev_us)
{
    char now[32], before[32];
    *tpr_format_ms(now, t_us) = '\0';
    *tpr_format_ms(before, prev_us) = '\0';
    char msg[128];
    snprintf(msg, sizeof(msg), "t_ms: %s goes back in time (the row before has %s)", now, before);
    return malformed(r, r->in.line_no, msg);
}

/* Set up the core once the header says which mode: a button column makes
 * the trace a measurement. Returns 0, or 2 with the reason. */
static int start_core(replay *r, bool measure)
{
    const tpr_dose *dose = &r->routine.dose[0];
    if (tpr_core_init_mode(&r->core, r->cfg, &r->routine,
                           tpr_core_mode_find(measure ? "ppt" : "therapy")) ||
        (measure && tpr_ppt_set_rate(&r->core, r->ppt_rate_kpa_s))) {
        snprintf(r->err, r->errlen, "%s: the core refused the settings or the dose of '%s'",
                 r->path, dose->muscle ? dose->muscle : "?");
        return 2;
    }
    return 0;
}

/* A measurement's trials and threshold, as '#' lines after the rows. */
static int put_measurement(replay *r)
{
    const tpr_ppt_result *res = tpr_ppt_result_of(&r->core);
    char *text = NULL;
    size_t len = 0;
    FILE *m = res ? open_memstream(&text, &len) : NULL;
    if (!m)
        return res ? io_error(r, "replay output") : 0;
    tpr_ctl_ppt_table(m, res);
    int rc = fclose(m) ? io_error(r, "replay output") : flush_out(r);
    for (char *line = text, *nl; !rc && (nl = strchr(line, '\n')) != NULL; line = nl + 1)
        if (fprintf(r->out, "# %.*s\n", (int)(nl - line), line) < 0)
            rc = io_error(r, "replay output");
    free(text);
    return rc;
}

/* One tick of the core per data row, one output row per tick. */
static int replay_rows(replay *r)
{
    tpr_trace_columns cols;
    bool have_header = false;
    int64_t prev_us = 0;
    char msg[160];
    for (;;) {
        char *line;
        size_t len;
        tpr_line_status st = tpr_line_reader_next(&r->in, &line, &len);
        if (st == TPR_LINE_EOF)
            break;
        if (st == TPR_LINE_IO_ERROR)
            return io_error(r, r->path);
        if (st == TPR_LINE_TOO_LONG) {
            snprintf(msg, sizeof(msg), "line longer than %d bytes", TPR_REPLAY_MAX_LINE);
            return malformed(r, r->in.line_no + 1, msg);
        }
        if (len == 0)
            continue; /* blank lines carry no row */
        /* A NUL or other control byte would end or hide part of the row. */
        size_t at = tpr_text_find_control(line, len);
        if (at < len) {
            tpr_text_control_message(msg, sizeof(msg), (unsigned char)line[at], at + 1);
            return malformed(r, r->in.line_no, msg);
        }
        if (!have_header) {
            if (tpr_trace_header(line, &cols, msg, sizeof(msg)))
                return malformed(r, r->in.line_no, msg);
            if (start_core(r, cols.button >= 0))
                return 2;
            put_header(r);
            have_header = true;
            continue;
        }
        tpr_sample s;
        bool press;
        if (tpr_trace_row(line, &cols, &s, &press, msg, sizeof(msg)))
            return malformed(r, r->in.line_no, msg);
        if (s.t_us < prev_us)
            return back_in_time(r, s.t_us, prev_us);
        prev_us = s.t_us;
        if (press)
            tpr_core_command(&r->core, TPR_CMD_PAINFUL);
        tpr_output o;
        tpr_core_step(&r->core, s.t_us, &s, &o);
        if (WRITE_BUF_SIZE - r->out_len < TPR_ROW_MAX && flush_out(r))
            return 1;
        char *end = tpr_format_row(r->out_buf + r->out_len, s.t_us, s.kpa, s.ok, &o);
        r->out_len = (size_t)(end - r->out_buf);
    }
    if (!have_header)
        return malformed(r, 1, "empty trace: expected a header line naming t_ms and pressure_kpa");
    return 0;
}

static int replay_file(replay *r, const tpr_core_cfg *cfg, const tpr_dose *dose)
{
    r->routine = (tpr_routine){.name = "replay", .count = 1};
    r->routine.dose[0] = *dose;
    r->cfg = cfg;
    if (tpr_line_reader_open(&r->in, r->path, r->in_buf, sizeof(r->in_buf), TPR_REPLAY_MAX_LINE))
        return io_error(r, r->path);
    int rc = replay_rows(r);
    tpr_line_reader_close(&r->in);
    /* Rows before a malformed line are still written: the output always
     * ends at the line the error names. */
    if (rc == 1)
        return rc;
    if (flush_out(r) || (rc == 0 && put_measurement(r)))
        return 1;
    if (fflush(r->out))
        return io_error(r, "replay output");
    return rc;
}

int tpr_replay_run(const char *trace_path, FILE *out, const tpr_core_cfg *cfg, const tpr_dose *dose,
                   char *err, size_t errlen)
{
    return tpr_replay_run_rate(trace_path, out, cfg, dose, TPR_PPT_RATE_DEFAULT_KPA_S, err, errlen);
}

int tpr_replay_run_rate(const char *trace_path, FILE *out, const tpr_core_cfg *cfg,
                        const tpr_dose *dose, float ppt_rate_kpa_s, char *err, size_t errlen)
{
    replay *r = malloc(sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", trace_path);
        return 1;
    }
    r->path = trace_path;
    r->err = err;
    r->errlen = errlen;
    r->out = out;
    r->out_len = 0;
    r->ppt_rate_kpa_s = ppt_rate_kpa_s;
    int rc = replay_file(r, cfg, dose);
    free(r);
    return rc;
}
