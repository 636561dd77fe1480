#include "sim_script.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_file.h"
#include "units.h"

/* A quick press of a button. */
#define BUTTON_PRESS_US 100000

static const char *const fault_names[TPR_SIM_FAULT_COUNT] = {
    "none", "read_error", "nan", "stuck", "stale", "range", "hang",
};

/* Values with units are read as the config files read them. */
static int value(const char *word, tpr_unit_kind kind, double *out, char *why, size_t n)
{
    if (!word) {
        snprintf(why, n, "missing value");
        return -1;
    }
    return tpr_unit_parse(word, kind, out, why, n);
}

/* Longest step: a day is far past any routine, and it keeps a typed
 * "1e300 s" from overflowing the step's microseconds. */
#define MAX_STEP_MS (24.0 * 3600.0 * 1000.0)

static int duration(const char *word, int64_t *us, char *why, size_t n)
{
    double ms;
    if (value(word, TPR_UNIT_SECONDS, &ms, why, n))
        return -1;
    if (ms < 0 || ms > MAX_STEP_MS) {
        snprintf(why, n, "duration '%s' outside 0 to 24 h", word);
        return -1;
    }
    *us = (int64_t)(ms * 1000.0);
    return 0;
}

/* Parse the words of one line into st. Returns 0, or -1 with why. */
static int parse_step(char **w, int nw, tpr_sim_step *st, char *why, size_t n)
{
    static const struct {
        const char *name;
        tpr_sim_step_kind kind;
        int min_args, max_args;
    } verbs[] = {
        {"follow", TPR_STEP_FOLLOW, 0, 1}, {"press", TPR_STEP_PRESS, 2, 2},
        {"hold", TPR_STEP_HOLD, 1, 1},     {"lift", TPR_STEP_LIFT, 1, 1},
        {"wait", TPR_STEP_WAIT, 1, 1},     {"tremor", TPR_STEP_TREMOR, 1, 2},
        {"fault", TPR_STEP_FAULT, 2, 2},   {"button", TPR_STEP_BUTTON, 1, 2},
        {"keep", TPR_STEP_KEEP, 2, 2},     {"ramp", TPR_STEP_RAMP, 2, 2},
    };
    size_t v = 0;
    while (v < sizeof(verbs) / sizeof(verbs[0]) && strcmp(verbs[v].name, w[0]))
        v++;
    if (v == sizeof(verbs) / sizeof(verbs[0])) {
        snprintf(why, n,
                 "unknown step '%s' (follow, press, hold, keep, ramp, lift, wait, tremor, fault, "
                 "button)",
                 w[0]);
        return -1;
    }
    int args = nw - 1;
    if (args < verbs[v].min_args || args > verbs[v].max_args) {
        snprintf(why, n, "'%s' takes %d to %d values, not %d", w[0], verbs[v].min_args,
                 verbs[v].max_args, args);
        return -1;
    }
    *st = (tpr_sim_step){.kind = verbs[v].kind, .hz = 1.5f};
    double x;
    char sub[192];
    switch (st->kind) {
    case TPR_STEP_FOLLOW:
    case TPR_STEP_HOLD:
    case TPR_STEP_LIFT:
    case TPR_STEP_WAIT:
        if (args && duration(w[args], &st->duration_us, sub, sizeof(sub)))
            goto bad;
        return 0;
    case TPR_STEP_PRESS:
    case TPR_STEP_KEEP:
    case TPR_STEP_RAMP:
        if (value(w[1], TPR_UNIT_PRESSURE, &x, sub, sizeof(sub)))
            goto bad;
        st->kpa = (float)x;
        if (duration(w[2], &st->duration_us, sub, sizeof(sub)))
            goto bad;
        return 0;
    case TPR_STEP_TREMOR:
        if (value(w[1], TPR_UNIT_PERCENT, &x, sub, sizeof(sub)))
            goto bad;
        st->pct = (float)x;
        if (args == 2) {
            if (value(w[2], TPR_UNIT_FREQUENCY, &x, sub, sizeof(sub)))
                goto bad;
            st->hz = (float)x;
        }
        return 0;
    case TPR_STEP_BUTTON:
        if (!strcmp(w[1], "start_pause"))
            st->button = TPR_BUTTON_START_PAUSE;
        else if (!strcmp(w[1], "next"))
            st->button = TPR_BUTTON_NEXT;
        else {
            snprintf(why, n, "unknown button '%s' (start_pause, next)", w[1]);
            return -1;
        }
        st->duration_us = BUTTON_PRESS_US;
        if (args == 2 && duration(w[2], &st->duration_us, sub, sizeof(sub)))
            goto bad;
        return 0;
    case TPR_STEP_FAULT:
        for (int f = 1; f < TPR_SIM_FAULT_COUNT; f++)
            if (!strcmp(w[1], fault_names[f]))
                st->fault = (tpr_sim_fault)f;
        if (st->fault == TPR_SIM_FAULT_NONE) {
            snprintf(why, n, "unknown fault '%s' (read_error, nan, stuck, stale, range, hang)",
                     w[1]);
            return -1;
        }
        if (duration(w[2], &st->duration_us, sub, sizeof(sub)))
            goto bad;
        return 0;
    }
bad:
    snprintf(why, n, "%s: %s", w[0], sub);
    return -1;
}

int tpr_sim_script_parse(const char *text, const char *origin, tpr_sim_script *s, char *err,
                         size_t errlen)
{
    s->count = 0;
    int line = 0;
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char buf[256];
        line++;
        if (len >= sizeof(buf)) {
            snprintf(err, errlen, "%s:%d: line too long", origin, line);
            return -1;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        p += len + (eol ? 1 : 0);
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char word[4][64], *w[4], *save = NULL;
        int nw = 0;
        for (char *t = strtok_r(buf, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
            /* "200 kPa" is one value, as in the config files. */
            bool unit = nw > 1 && !isdigit((unsigned char)t[0]) && t[0] != '-' && t[0] != '.' &&
                        isdigit((unsigned char)word[nw - 1][strlen(word[nw - 1]) - 1]);
            if (!unit && nw == 4) {
                snprintf(err, errlen, "%s:%d: too many values", origin, line);
                return -1;
            }
            char *dst = unit ? word[nw - 1] : word[nw++];
            if (!unit)
                dst[0] = '\0';
            if (strlen(dst) + strlen(t) >= sizeof(word[0])) {
                snprintf(err, errlen, "%s:%d: value too long", origin, line);
                return -1;
            }
            strcat(dst, t);
        }
        for (int i = 0; i < nw; i++)
            w[i] = word[i];
        if (nw == 0)
            continue;
        if (s->count == TPR_SIM_MAX_STEPS) {
            snprintf(err, errlen, "%s:%d: more than %d steps", origin, line, TPR_SIM_MAX_STEPS);
            return -1;
        }
        char why[256];
        if (parse_step(w, nw, &s->step[s->count], why, sizeof(why))) {
            snprintf(err, errlen, "%s:%d: %s", origin, line, why);
            return -1;
        }
        s->count++;
    }
    if (s->count == 0) {
        snprintf(err, errlen, "%s: the script has no steps", origin);
        return -1;
    }
    return 0;
}

int tpr_sim_script_load(const char *path, tpr_sim_script *s, char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (tpr_text_file_read(path, TPR_TEXT_FILE_MAX, &text, &len, err, errlen))
        return -1;
    int rc = tpr_sim_script_parse(text, path, s, err, errlen);
    free(text);
    return rc;
}
