#include "replay_fixture.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "replay.h"
#include "trace_gen.h"

void fixture_cfg(tpr_core_cfg *c)
{
    tpr_core_cfg_default(c);
    c->rate_hz = 1000;
}

FILE *fixture_create(char *path)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, 64, "%s/tprd-replay-XXXXXX", dir && strlen(dir) < 40 ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    return f;
}

void fixture_write(char *path, const char *text)
{
    FILE *f = fixture_create(path);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

void fixture_replay(const char *path, const tpr_dose *d, replay_result *res)
{
    tpr_core_cfg cfg;
    tpr_dose dose;
    fixture_cfg(&cfg);
    trace_dose(&dose);
    memset(res, 0, sizeof(*res));
    FILE *out = open_memstream(&res->out, &res->out_len);
    assert_non_null(out);
    res->rc = tpr_replay_run(path, out, &cfg, d ? d : &dose, res->err, sizeof(res->err));
    assert_int_equal(fclose(out), 0);
}

void fixture_replay_text(const char *text, char *path, replay_result *res)
{
    fixture_write(path, text);
    fixture_replay(path, NULL, res);
    unlink(path);
}

void fixture_result_free(replay_result *res)
{
    free(res->out);
    res->out = NULL;
}

void table_parse(out_table *t, const char *csv)
{
    t->text = strdup(csv);
    assert_non_null(t->text);
    size_t lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    t->cell = calloc(lines + 1, sizeof(*t->cell));
    assert_non_null(t->cell);
    t->rows = 0;
    char *save_line = NULL;
    for (char *line = strtok_r(t->text, "\n", &save_line); line;
         line = strtok_r(NULL, "\n", &save_line)) {
        /* strsep keeps empty fields, which strtok would merge. */
        size_t n = 0;
        char *field;
        while ((field = strsep(&line, ",")) != NULL) {
            if (n >= OUT_COLS)
                fail_msg("row %zu has more than %d fields", t->rows, OUT_COLS);
            t->cell[t->rows][n++] = field;
        }
        if (n != OUT_COLS)
            fail_msg("row %zu has %zu fields", t->rows, n);
        t->rows++;
    }
}

void table_free(out_table *t)
{
    free(t->cell);
    free(t->text);
}

int has_event(const char *events, const char *ev)
{
    size_t len = strlen(ev);
    for (const char *p = events; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && memcmp(p, ev, len) == 0)
            return 1;
        p += n + (bar != NULL);
    }
    return 0;
}
