#include "oracles/reference_time.h"

#include <string.h>

static bool is_leap_year(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int64_t days_in_month(int64_t year, int64_t month)
{
    static const int64_t days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* Reads @p count decimal digits at @p text; false if any is not a digit. */
static bool read_digits(const char *text, int count, int64_t *value)
{
    *value = 0;
    for (int i = 0; i < count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
        *value = *value * 10 + (text[i] - '0');
    }
    return true;
}

bool ref_iso8601_to_filetime(const char *text, int64_t *filetime)
{
    static const int separator_at[] = {4, 7, 10, 13, 16, 19, 27};
    static const char separator_char[] = {'-', '-', 'T', ':', ':', '.', 'Z'};
    if (strlen(text) != 28) {
        return false;
    }
    for (size_t i = 0; i < sizeof separator_at / sizeof separator_at[0]; ++i) {
        if (text[separator_at[i]] != separator_char[i]) {
            return false;
        }
    }
    int64_t year, month, day, hour, minute, second, fraction;
    if (!read_digits(text, 4, &year) || !read_digits(text + 5, 2, &month) || !read_digits(text + 8, 2, &day) ||
        !read_digits(text + 11, 2, &hour) || !read_digits(text + 14, 2, &minute) ||
        !read_digits(text + 17, 2, &second) || !read_digits(text + 20, 7, &fraction)) {
        return false;
    }
    if (year < 1601 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
        minute > 59 || second > 59) {
        return false;
    }
    int64_t days = 0;
    for (int64_t y = 1601; y < year; ++y) {
        days += is_leap_year(y) ? 366 : 365;
    }
    for (int64_t m = 1; m < month; ++m) {
        days += days_in_month(year, m);
    }
    days += day - 1;
    int64_t seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
    *filetime = seconds * REF_TICKS_PER_SECOND + fraction;
    return true;
}
