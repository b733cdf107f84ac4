#include "common/observed_time.h"

#include <string.h>

#define TICKS_PER_SECOND INT64_C(10000000)
#define UNIX_EPOCH_FILETIME INT64_C(116444736000000000)
#define FILETIME_1995 INT64_C(124333920000000000)
#define FILETIME_2100 INT64_C(157469184000000000)

const char *observed_source_name(observed_source source)
{
    switch (source) {
    case OBSERVED_OPTION: return "option";
    case OBSERVED_MINIDUMP: return "minidump";
    case OBSERVED_FILE_MTIME: return "file_mtime";
    case OBSERVED_MANIFEST: return "manifest";
    case OBSERVED_NONE:
    default: return "none";
    }
}

bool filetime_plausible(int64_t filetime)
{
    return filetime >= FILETIME_1995 && filetime < FILETIME_2100;
}

/* Exactly n decimal digits at *p, advancing past them. */
static bool digits(const char **p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        const char c = (*p)[i];
        if (c < '0' || c > '9') {
            return false;
        }
        v = v * 10 + (c - '0');
    }
    *p += n;
    *value = v;
    return true;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_part(const char **p, int *y, int *m, int *d)
{
    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!digits(p, 4, y) || *(*p)++ != '-' || !digits(p, 2, m) || *(*p)++ != '-' || !digits(p, 2, d)) {
        return false;
    }
    return *y >= 1601 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= month_days[*m - 1] + (*m == 2 && leap(*y));
}

/* [.fraction] after the seconds, as 100 ns ticks. */
static bool fraction_part(const char **p, int64_t *ticks)
{
    *ticks = 0;
    if (**p != '.' && **p != ',') {
        return true;
    }
    ++*p;
    int64_t scale = TICKS_PER_SECOND / 10;
    int n = 0;
    for (; **p >= '0' && **p <= '9'; ++*p, n++) {
        *ticks += scale * (**p - '0');
        scale /= 10;
    }
    return n > 0;
}

/* Z, or +HH:MM / -HH:MM: the offset in seconds east of UTC. */
static bool zone_part(const char **p, int64_t *offset)
{
    if (**p == 'Z' || **p == 'z') {
        ++*p;
        *offset = 0;
        return true;
    }
    const char sign = **p;
    int hh, mm;
    if (sign != '+' && sign != '-') {
        return false;
    }
    ++*p;
    if (!digits(p, 2, &hh) || *(*p)++ != ':' || !digits(p, 2, &mm) || hh > 23 || mm > 59) {
        return false;
    }
    *offset = (sign == '-' ? -1 : 1) * ((int64_t)hh * 3600 + (int64_t)mm * 60);
    return true;
}

bool observed_time_parse(const char *text, int64_t *filetime)
{
    const char *p = text;
    int y, mo, d, h = 0, mi = 0, s = 0;
    int64_t ticks = 0, offset = 0;
    if (!date_part(&p, &y, &mo, &d)) {
        return false;
    }
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || h > 23 || mi > 59) {
            return false;
        }
        if (*p == ':' && (p++, !digits(&p, 2, &s) || s > 59 || !fraction_part(&p, &ticks))) {
            return false;
        }
        if (!zone_part(&p, &offset)) {
            return false;
        }
    }
    if (*p != '\0') {
        return false;
    }
    const int64_t seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
    *filetime = UNIX_EPOCH_FILETIME + seconds * TICKS_PER_SECOND + ticks;
    return true;
}

int64_t observed_filetime_from_unix(int64_t unix_seconds)
{
    return UNIX_EPOCH_FILETIME + unix_seconds * TICKS_PER_SECOND;
}
