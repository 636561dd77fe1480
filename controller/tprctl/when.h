/* Dates and times as a person reads them: wall-clock times from the
 * database (Unix milliseconds, UTC) shown in local time. */
#ifndef TPRCTL_WHEN_H
#define TPRCTL_WHEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPRCTL_DAY_MS (24 * 3600 * 1000LL)
#define TPRCTL_WEEK_MS (7 * TPRCTL_DAY_MS)

/* Read a date "YYYY-MM-DD" as local midnight in Unix milliseconds. Returns
 * false when s is not a real date in that form. */
bool tprctl_parse_date(const char *s, int64_t *ms);

/* Local time of unix_ms as "YYYY-MM-DD HH:MM" (ISO false) or
 * "YYYY-MM-DDTHH:MM:SS+HH:MM" (ISO true). Returns buf. */
char *tprctl_format_time(char *buf, size_t len, int64_t unix_ms, bool iso);

/* Local date of unix_ms, "YYYY-MM-DD". Returns buf. */
char *tprctl_format_date(char *buf, size_t len, int64_t unix_ms);

/* Seconds east of UTC at unix_ms (for plots, whose time axis is UTC). */
long tprctl_utc_offset_s(int64_t unix_ms);

/* A duration as "M:SS" or "H:MM:SS". Returns buf. */
char *tprctl_format_duration(char *buf, size_t len, int64_t ms);

#endif
