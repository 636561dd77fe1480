#include "profile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dose_relative.h"
#include "ini_read.h"
#include "options.h"
#include "profile_select.h"

/* The [user] keys, collected before the routine is built. */
typedef struct user_keys {
    char name[TPR_NAME_MAX + 1];
    char routine[32];
    char muscles[TPR_MAX_ROUTINE][32];
    uint32_t muscle_count;
    char conditions[TPR_CONDITION_COUNT][32];
    uint32_t condition_count;
} user_keys;

#define USER(key, type, field, help)                                                               \
    {                                                                                              \
        "user", key, type, TPR_UNIT_NUMBER, offsetof(user_keys, field),                            \
            sizeof(((user_keys *)0)->field), 0, 0, 0, NULL, NULL, help                             \
    }
#define DOSE(key, type, unit, field, lo, hi, help)                                                 \
    {                                                                                              \
        "muscle.NAME", key, type, unit, offsetof(tpr_dose, field), 0, 0, lo, hi, NULL, NULL, help  \
    }

/* Ranges are sanity bounds that catch typos (a limit of 45 kgf/cm2); the
 * per-muscle defaults live in the muscle library. The pressure ceiling of
 * 600 kPa is above the pressure-pain threshold of healthy thigh muscles:
 * no treatment needs more (engineering choice). */
static const tpr_option profile_options[] = {
    USER(
        "name", TPR_OPT_STRING, name,
        "who this profile is for: letters, digits, _ and -, at most 64 (default: the file's name)"),
    USER("routine", TPR_OPT_STRING, routine,
         "built-in routine to run: knee_front, knee_inside, knee_outside or knee_back"),
    {"user", "muscles", TPR_OPT_LIST, TPR_UNIT_NUMBER, offsetof(user_keys, muscles),
     sizeof(((user_keys *)0)->muscles[0]), offsetof(user_keys, muscle_count), 1, TPR_MAX_ROUTINE,
     NULL, NULL, "instead of routine: library muscles in the order to treat them"},
    {"user", "conditions", TPR_OPT_LIST, TPR_UNIT_NUMBER, offsetof(user_keys, conditions),
     sizeof(((user_keys *)0)->conditions[0]), offsetof(user_keys, condition_count), 1,
     TPR_CONDITION_COUNT, NULL, NULL,
     "health conditions that rule muscles out: anticoagulants, bleeding_disorder, dvt_history, "
     "clotting_disorder, pregnancy, varicose_veins, neuropathy (see below)"},
    DOSE("contact", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, contact_kpa, 1, 600,
         "at or above this pressure the tip is on the skin"),
    DOSE("band_min", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, band_min_kpa, 1, 600,
         "lower edge of the treatment band: hold time counts inside the band; or N %ppt"),
    DOSE("band_max", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, band_max_kpa, 1, 600,
         "upper edge of the treatment band: above it you are told to press softer; or N %ppt"),
    DOSE("limit", TPR_OPT_FLOAT, TPR_UNIT_PRESSURE, limit_kpa, 1, 600,
         "hard limit: above it the motor stops at once; or N %ppt"),
    {"muscle.NAME", "side", TPR_OPT_ENUM, TPR_UNIT_NUMBER, offsetof(tpr_dose, relative.side), 0, 0,
     0, 0, tpr_side_names, NULL,
     "the side treated: its newest reliable threshold sets the %ppt pressures"},
    DOSE("hold", TPR_OPT_UINT, TPR_UNIT_SECONDS, hold_ms, 1000, 600000,
         "time inside the band that finishes a repetition"),
    DOSE("hold_min", TPR_OPT_UINT, TPR_UNIT_SECONDS, hold_min_ms, 1000, 600000,
         "a detected release ends the hold only after this"),
    DOSE("hold_max", TPR_OPT_UINT, TPR_UNIT_SECONDS, hold_max_ms, 1000, 600000,
         "a release under way may extend the hold up to this"),
    DOSE("rest", TPR_OPT_UINT, TPR_UNIT_SECONDS, rest_ms, 0, 600000, "rest after each repetition"),
    DOSE("reps", TPR_OPT_UINT, TPR_UNIT_COUNT, reps, 1, 20, "repetitions"),
    DOSE("intensity", TPR_OPT_FLOAT, TPR_UNIT_PERCENT, intensity_pct, 0, 100,
         "base vibration intensity"),
    DOSE("release_drop", TPR_OPT_FRACTION, TPR_UNIT_PERCENT, release_drop, 1, 50,
         "pressure decay from the hold's peak, under a steady hand, that counts as a release"),
};

#define OPTION_COUNT (sizeof(profile_options) / sizeof(profile_options[0]))

const tpr_option_table tpr_profile_options = {
    "User profile (one file per person, e.g. /etc/tprd/users/NAME.ini)", profile_options,
    OPTION_COUNT};

/* Dose fields that must be ordered: lo below hi (strict) or not above it. */
static const struct {
    const char *lo, *hi;
    bool strict;
} dose_order[] = {
    {"contact", "band_min", true}, {"band_min", "band_max", true}, {"band_max", "limit", false},
    {"hold_min", "hold", false},   {"hold", "hold_max", false},
};

typedef struct parse_state {
    tpr_profile p;
    user_keys user;
    int user_header;     /* line of [user], 0 when absent */
    uint32_t conditions; /* [user] conditions as a mask, screened at the end */
    int user_seen[OPTION_COUNT];
    int muscle_header[TPR_MUSCLE_COUNT];
    int muscle_seen[TPR_MUSCLE_COUNT][OPTION_COUNT];
    int relative_seen[TPR_MUSCLE_COUNT][3]; /* line of each relative_keys value written in %ppt */
} parse_state;

/* The keys that may be written relative to the threshold, with their
 * default when a relative dose leaves one out (dose_relative.h). */
static const struct {
    const char *key;
    size_t offset;
    float pct;
} relative_keys[3] = {
    {"band_min", offsetof(tpr_dose_relative, band_min_pct), TPR_REL_BAND_MIN_PCT},
    {"band_max", offsetof(tpr_dose_relative, band_max_pct), TPR_REL_BAND_MAX_PCT},
    {"limit", offsetof(tpr_dose_relative, limit_pct), TPR_REL_LIMIT_PCT},
};

static float *relative_pct(tpr_dose *d, size_t k)
{
    return (float *)((char *)&d->relative + relative_keys[k].offset);
}

/* The index in relative_keys of key, or -1. */
static int relative_key(const char *key)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(relative_keys[k].key, key) == 0)
            return k;
    return -1;
}

/* Library index of the muscle a "muscle.NAME" section is about, or -1. */
static int section_muscle(const char *section)
{
    return strncmp(section, "muscle.", 7) == 0 ? tpr_muscle_index(section + 7) : -1;
}

static int on_section(void *user, int line, const char *section, char *msg, size_t msglen)
{
    parse_state *s = user;
    int m = section_muscle(section);
    if (strcmp(section, "user") == 0) {
        s->user_header = line;
    } else if (m >= 0) {
        s->muscle_header[m] = line;
    } else if (strncmp(section, "muscle.", 7) == 0) {
        snprintf(msg, msglen, "[%s]: unknown muscle '%s' (tprd --help-config lists them)", section,
                 section + 7);
        return -1;
    } else {
        snprintf(msg, msglen, "unknown section [%s] (expected [user] or [muscle.NAME])", section);
        return -1;
    }
    return 0;
}

/* Check a [user] key that was just stored. */
static int check_user_key(parse_state *s, const char *key, const char *value, char *msg,
                          size_t msglen)
{
    int routine = s->user_seen[tpr_option_index(&tpr_profile_options, "user", "routine")];
    int muscles = s->user_seen[tpr_option_index(&tpr_profile_options, "user", "muscles")];
    if (routine && muscles) {
        snprintf(msg, msglen, "[user] %s: set either routine or muscles, not both (%s on line %d)",
                 key, strcmp(key, "routine") ? "routine" : "muscles",
                 strcmp(key, "routine") ? routine : muscles);
        return -1;
    }
    if (strcmp(key, "name") == 0) {
        char why[200];
        if (tpr_name_check(s->user.name, why, sizeof(why))) {
            snprintf(msg, msglen, "[user] name must be a plain name: %s", why);
            return -1;
        }
    }
    if (strcmp(key, "routine") == 0) {
        char why[200];
        if (tpr_profile_select_routine(&s->p, value, why, sizeof(why))) {
            snprintf(msg, msglen, "[user] routine: %s", why);
            return -1;
        }
    }
    for (uint32_t i = 0; strcmp(key, "muscles") == 0 && i < s->user.muscle_count; i++) {
        if (tpr_muscle_index(s->user.muscles[i]) < 0) {
            snprintf(msg, msglen, "[user] muscles: unknown muscle '%s'", s->user.muscles[i]);
            return -1;
        }
    }
    for (uint32_t i = 0; strcmp(key, "conditions") == 0 && i < s->user.condition_count; i++) {
        int c = tpr_condition_index(s->user.conditions[i]);
        if (c < 0) {
            char known[256];
            tpr_condition_names(known, sizeof(known));
            snprintf(msg, msglen, "[user] conditions: unknown condition '%s' (known: %s)",
                     s->user.conditions[i], known);
            return -1;
        }
        s->conditions |= 1u << c;
    }
    return 0;
}

/* A pressure of muscle m written in %ppt: the relative value is stored and
 * the dose's kPa stay the library's until the daemon resolves them. */
static int set_relative(parse_state *s, int m, int k, int line, const char *value, char *msg,
                        size_t msglen)
{
    int at = tpr_option_index(&tpr_profile_options, "muscle.NAME", relative_keys[k].key);
    char why[200];
    if (s->muscle_seen[m][at]) {
        snprintf(msg, msglen, "[muscle.%s] duplicate key '%s' (first set on line %d)",
                 s->p.dose[m].muscle, relative_keys[k].key, s->muscle_seen[m][at]);
        return -1;
    }
    if (tpr_dose_relative_parse(relative_keys[k].key, value, relative_pct(&s->p.dose[m], (size_t)k),
                                why, sizeof(why))) {
        snprintf(msg, msglen, "[muscle.%s] %s", s->p.dose[m].muscle, why);
        return -1;
    }
    s->muscle_seen[m][at] = line;
    s->relative_seen[m][k] = line;
    return 0;
}

static int on_key(void *user, int line, const char *section, const char *key, const char *value,
                  char *msg, size_t msglen)
{
    parse_state *s = user;
    char why[200];
    int m = section_muscle(section);
    int rc;
    if (!*section) {
        snprintf(msg, msglen, "'%s' is set before any [section]", key);
        return -1;
    }
    int k = m >= 0 ? relative_key(key) : -1;
    if (k >= 0 && tpr_dose_relative_text(value))
        return set_relative(s, m, k, line, value, msg, msglen);
    if (m >= 0)
        rc = tpr_options_set_key(&tpr_profile_options, "muscle.NAME", key, value, &s->p.dose[m],
                                 s->muscle_seen[m], line, why, sizeof(why));
    else
        rc = tpr_options_set_key(&tpr_profile_options, "user", key, value, &s->user, s->user_seen,
                                 line, why, sizeof(why));
    if (rc) {
        snprintf(msg, msglen, "[%s] %s", section, why);
        return -1;
    }
    return m >= 0 ? 0 : check_user_key(s, key, value, msg, msglen);
}

/* A muscle with a safe maximum intensity (the popliteus) refuses more. found
 * is the line of an error already reported; the earlier one wins. */
static int check_intensity_max(const parse_state *s, int m, int found, char *msg, size_t msglen)
{
    const tpr_dose *d = &s->p.dose[m];
    float max = d->intensity_max_pct;
    if (d->intensity_pct <= max)
        return found;
    int at = tpr_option_index(&tpr_profile_options, "muscle.NAME", "intensity");
    int line = s->muscle_seen[m][at] ? s->muscle_seen[m][at] : s->muscle_header[m];
    if (found && line >= found)
        return found;
    snprintf(msg, msglen,
             "[muscle.%s] intensity (%g %%) is above this muscle's safe maximum (%g %%)", d->muscle,
             (double)d->intensity_pct, (double)max);
    return line;
}

/* The first (by line) impossible combination in muscle m's dose, or 0. */
static int check_dose(const parse_state *s, int m, char *msg, size_t msglen)
{
    const tpr_dose *d = &s->p.dose[m];
    int found = 0;
    for (size_t i = 0; i < sizeof(dose_order) / sizeof(dose_order[0]); i++) {
        int lo = tpr_option_index(&tpr_profile_options, "muscle.NAME", dose_order[i].lo);
        int hi = tpr_option_index(&tpr_profile_options, "muscle.NAME", dose_order[i].hi);
        const tpr_option *olo = &tpr_profile_options.opt[lo], *ohi = &tpr_profile_options.opt[hi];
        double a = tpr_option_number(olo, d), b = tpr_option_number(ohi, d);
        if (dose_order[i].strict ? a < b : a <= b)
            continue;
        int line = s->muscle_seen[m][lo] > s->muscle_seen[m][hi] ? s->muscle_seen[m][lo]
                                                                 : s->muscle_seen[m][hi];
        if (!line)
            line = s->muscle_header[m];
        if (found && line >= found)
            continue;
        char va[32], vb[32];
        tpr_option_format(olo, d, va, sizeof(va));
        tpr_option_format(ohi, d, vb, sizeof(vb));
        snprintf(msg, msglen, "[muscle.%s] %s (%s) must be %s %s (%s)", d->muscle, olo->key, va,
                 dose_order[i].strict ? "below" : "at most", ohi->key, vb);
        found = line;
    }
    return check_intensity_max(s, m, found, msg, msglen);
}

/* A dose relative to the threshold sets band_min, band_max and limit all
 * in %ppt (left-out ones take their defaults): a band relative at one end
 * and absolute at the other could be turned upside down by a threshold.
 * The percentages must be ordered like the pressures. Returns the line of
 * the first mistake, or 0. */
static int check_relative(parse_state *s, int m, char *msg, size_t msglen)
{
    tpr_dose *d = &s->p.dose[m];
    int first = 0;
    for (size_t k = 0; k < 3; k++)
        if (s->relative_seen[m][k] && (!first || s->relative_seen[m][k] < first))
            first = s->relative_seen[m][k];
    if (!first)
        return 0;
    int line[3];
    for (size_t k = 0; k < 3; k++) {
        int at = tpr_option_index(&tpr_profile_options, "muscle.NAME", relative_keys[k].key);
        if (s->muscle_seen[m][at] && !s->relative_seen[m][k]) {
            snprintf(msg, msglen,
                     "[muscle.%s] %s is in kPa but line %d sets a pressure in %s: write band_min, "
                     "band_max and limit all in %s, or none",
                     d->muscle, relative_keys[k].key, first, TPR_PPT_UNIT, TPR_PPT_UNIT);
            return s->muscle_seen[m][at];
        }
        if (!s->relative_seen[m][k])
            *relative_pct(d, k) = relative_keys[k].pct;
        line[k] = s->relative_seen[m][k] ? s->relative_seen[m][k] : s->muscle_header[m];
    }
    for (size_t k = 0; k < 2; k++) {
        float lo = *relative_pct(d, k), hi = *relative_pct(d, k + 1);
        if (k == 0 ? lo < hi : lo <= hi)
            continue;
        snprintf(msg, msglen, "[muscle.%s] %s (%g %s) must be %s %s (%g %s)", d->muscle,
                 relative_keys[k].key, (double)lo, TPR_PPT_UNIT, k == 0 ? "below" : "at most",
                 relative_keys[k + 1].key, (double)hi, TPR_PPT_UNIT);
        return line[k] > line[k + 1] ? line[k] : line[k + 1];
    }
    return 0;
}

/* Checks that need the whole file, then the routine to run. */
static int finish(void *user, int *line, char *msg, size_t msglen)
{
    parse_state *s = user;
    for (int m = 0; m < TPR_MUSCLE_COUNT; m++) {
        char why[256];
        int l = check_relative(s, m, why, sizeof(why));
        if (!l)
            l = check_dose(s, m, why, sizeof(why));
        if (l && (!*line || l < *line)) {
            *line = l;
            snprintf(msg, msglen, "%s", why);
        }
    }
    if (*line)
        return -1;
    if (!s->user.routine[0] && !s->user.muscle_count) {
        *line = s->user_header;
        snprintf(msg, msglen,
                 "%s: set routine = NAME or muscles = LIST (a [user] section is required)",
                 s->user_header ? "[user]" : "no routine");
        return -1;
    }
    if (s->user.name[0]) {
        snprintf(s->p.user, sizeof(s->p.user), "%s", s->user.name);
    } else {
        const char *base = strrchr(s->p.path, '/') ? strrchr(s->p.path, '/') + 1 : s->p.path;
        size_t n = strcspn(base, ".");
        char why[200];
        snprintf(s->p.user, sizeof(s->p.user), "%.*s", (int)n, base);
        if (n > TPR_NAME_MAX)
            snprintf(why, sizeof(why), "'%.20s...' is %zu bytes long (at most %d)", base, n,
                     TPR_NAME_MAX);
        if (n > TPR_NAME_MAX || tpr_name_check(s->p.user, why, sizeof(why))) {
            *line = s->user_header;
            snprintf(msg, msglen,
                     "[user] no name is set and the file's name does not make one (it must be a "
                     "plain name: %s); set name = ...",
                     why);
            return -1;
        }
    }
    /* The routine is built, then screened against the conditions: a
     * refusal is a mistake of the line that lists them. */
    const char *names[TPR_MAX_ROUTINE];
    for (uint32_t i = 0; i < s->user.muscle_count; i++)
        names[i] = s->user.muscles[i];
    if (s->user.routine[0]
            ? tpr_profile_select_routine(&s->p, s->user.routine, msg, msglen)
            : tpr_profile_select_muscles(&s->p, names, s->user.muscle_count, msg, msglen))
        return -1;
    s->p.conditions = s->conditions;
    s->p.conditions_line =
        s->user_seen[tpr_option_index(&tpr_profile_options, "user", "conditions")];
    if (tpr_profile_screen(&s->p, &s->p.routine, msg, msglen)) {
        *line = s->p.conditions_line;
        return -1;
    }
    return 0;
}

static const tpr_ini_callbacks callbacks = {on_section, on_key, finish};

/* Parse the file at path, or text when path is NULL; p changes only on
 * success. */
static int read_profile(const char *origin, const char *path, const char *text, tpr_profile *p,
                        char *err, size_t errlen)
{
    static parse_state zero;
    parse_state s = zero;
    tpr_profile_default(&s.p);
    snprintf(s.p.path, sizeof(s.p.path), "%s", origin);
    if (tpr_ini_read(origin, path, text, &callbacks, &s, err, errlen))
        return -1;
    *p = s.p;
    return 0;
}

void tpr_profile_default(tpr_profile *p)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->user, sizeof(p->user), "default");
    for (size_t i = 0; i < TPR_MUSCLE_COUNT; i++)
        p->dose[i] = tpr_muscle_at(i)->dose;
    char unused[64];
    tpr_profile_select_routine(p, "knee_front", unused, sizeof(unused));
}

int tpr_profile_load(const char *path, tpr_profile *p, char *err, size_t errlen)
{
    return read_profile(path, path, NULL, p, err, errlen);
}

int tpr_profile_parse(const char *text, const char *origin, tpr_profile *p, char *err,
                      size_t errlen)
{
    return read_profile(origin, NULL, text, p, err, errlen);
}
