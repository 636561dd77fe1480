#include "when.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool tprctl_parse_date(const char *s, int64_t *ms)
{
    if (strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
    time_t t = mktime(&tm);
    /* mktime moves 2026-02-30 to March: a date that moved was not a date. */
    if (t == (time_t)-1 || tm.tm_year != y - 1900 || tm.tm_mon != m - 1 || tm.tm_mday != d)
        return false;
    *ms = (int64_t)t * 1000;
    return true;
}

static struct tm local(int64_t unix_ms)
{
    time_t t = (time_t)(unix_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    return tm;
}

char *tprctl_format_time(char *buf, size_t len, int64_t unix_ms, bool iso)
{
    struct tm tm = local(unix_ms);
    if (!iso) {
        strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
        return buf;
    }
    char date[32];
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
    long off = tm.tm_gmtoff / 60;
    char sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;
    snprintf(buf, len, "%s%c%02ld:%02ld", date, sign, off / 60, off % 60);
    return buf;
}

char *tprctl_format_date(char *buf, size_t len, int64_t unix_ms)
{
    struct tm tm = local(unix_ms);
    strftime(buf, len, "%Y-%m-%d", &tm);
    return buf;
}

long tprctl_utc_offset_s(int64_t unix_ms)
{
    return local(unix_ms).tm_gmtoff;
}

char *tprctl_format_duration(char *buf, size_t len, int64_t ms)
{
    int64_t s = (ms + 500) / 1000;
    if (s >= 3600)
        snprintf(buf, len, "%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
                 (long long)(s % 60));
    else
        snprintf(buf, len, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
    return buf;
}
