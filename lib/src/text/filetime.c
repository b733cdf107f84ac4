/* FILETIME conversions. All arithmetic stays in non-negative int64 ranges
 * that were checked first, so no input can overflow (doc/pitfalls.md #9). */
#include "mibtcp_fast.h"

#define TICKS_PER_SECOND INT64_C(10000000)
#define SECONDS_PER_DAY INT64_C(86400)
/* Seconds from 1601-01-01 to 1970-01-01. */
#define SECONDS_1601_TO_1970 INT64_C(11644473600)
/* 9999-12-31T23:59:59.9999999Z: the last instant ISO-8601's four-digit year can show. */
#define FILETIME_MAX_REPRESENTABLE INT64_C(2650467743999999999)

/* Gregorian cycle lengths in days. 1601-01-01 starts a 400-year cycle, so
 * a day count from it splits into cycles with no negative remainders. */
#define DAYS_PER_400_YEARS 146097
#define DAYS_PER_100_YEARS 36524
#define DAYS_PER_4_YEARS 1461
#define DAYS_PER_YEAR 365

static mibtcp_status check_range(int64_t filetime)
{
    if (filetime == 0) {
        return MIBTCP_ERR_TIME_UNKNOWN;
    }
    if (filetime < 0 || filetime > FILETIME_MAX_REPRESENTABLE) {
        return MIBTCP_ERR_TIME_UNREPRESENTABLE;
    }
    return MIBTCP_OK;
}

mibtcp_status mibtcp_filetime_to_unix(int64_t filetime, int64_t *unix_seconds, uint32_t *ticks_100ns)
{
    if (unix_seconds == NULL || ticks_100ns == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    const mibtcp_status status = check_range(filetime);
    if (status != MIBTCP_OK) {
        return status;
    }
    *unix_seconds = filetime / TICKS_PER_SECOND - SECONDS_1601_TO_1970;
    *ticks_100ns = (uint32_t)(filetime % TICKS_PER_SECOND);
    return MIBTCP_OK;
}

typedef struct civil_time {
    int64_t year;
    int month, day, hour, minute, second;
    uint32_t ticks;
} civil_time;

static bool is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static civil_time civil_from_filetime(int64_t filetime)
{
    civil_time t;
    const int64_t seconds = filetime / TICKS_PER_SECOND;
    t.ticks = (uint32_t)(filetime % TICKS_PER_SECOND);
    int64_t days = seconds / SECONDS_PER_DAY;
    const int64_t second_of_day = seconds % SECONDS_PER_DAY;
    t.hour = (int)(second_of_day / 3600);
    t.minute = (int)(second_of_day / 60 % 60);
    t.second = (int)(second_of_day % 60);

    const int64_t cycles400 = days / DAYS_PER_400_YEARS;
    days %= DAYS_PER_400_YEARS;
    int64_t centuries = days / DAYS_PER_100_YEARS;
    if (centuries == 4) { /* the last day of the cycle belongs to its leap year 2000-like century */
        centuries = 3;
    }
    days -= centuries * DAYS_PER_100_YEARS;
    const int64_t quads = days / DAYS_PER_4_YEARS;
    days %= DAYS_PER_4_YEARS;
    int64_t years = days / DAYS_PER_YEAR;
    if (years == 4) { /* the last day of a leap year closing the 4-year group */
        years = 3;
    }
    days -= years * DAYS_PER_YEAR;
    t.year = 1601 + 400 * cycles400 + 100 * centuries + 4 * quads + years;

    static const int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    for (; month < 11; month++) {
        const int length = month_days[month] + (month == 1 && is_leap(t.year) ? 1 : 0);
        if (days < length) {
            break;
        }
        days -= length;
    }
    t.month = month + 1;
    t.day = (int)days + 1;
    return t;
}

/* Writes exactly `width` decimal digits, most significant first. */
static char *put_digits(char *p, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

mibtcp_status mibtcp_filetime_to_iso8601(int64_t filetime, char *out, size_t size)
{
    if (out == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (size > 0) {
        out[0] = '\0';
    }
    const mibtcp_status status = check_range(filetime);
    if (status != MIBTCP_OK) {
        return status;
    }
    char text[MIBTCP_ISO8601_SIZE];
    const civil_time t = civil_from_filetime(filetime);
    char *p = text;
    p = put_digits(p, t.year, 4);
    *p++ = '-';
    p = put_digits(p, t.month, 2);
    *p++ = '-';
    p = put_digits(p, t.day, 2);
    *p++ = 'T';
    p = put_digits(p, t.hour, 2);
    *p++ = ':';
    p = put_digits(p, t.minute, 2);
    *p++ = ':';
    p = put_digits(p, t.second, 2);
    *p++ = '.';
    p = put_digits(p, t.ticks, 7);
    *p++ = 'Z';
    *p = '\0';

    if (size < sizeof text) {
        /* Truncated output is the longest prefix that fits, like the address formatters. */
        for (size_t i = 0; size > 0 && i + 1 < size; i++) {
            out[i] = text[i];
            out[i + 1] = '\0';
        }
        return MIBTCP_ERR_OUTPUT_TRUNCATED;
    }
    for (size_t i = 0; i < sizeof text; i++) {
        out[i] = text[i];
    }
    return MIBTCP_OK;
}
