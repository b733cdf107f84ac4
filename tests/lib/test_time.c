/*
 * FILETIME conversions. Expected values were computed independently of the
 * library: unix = `date -u -d <date> +%s`, FILETIME = (unix + 11644473600) * 10^7 + ticks.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "mibtcp.h"
#include "run_suite.h"

typedef struct known_time {
    int64_t filetime;
    int64_t unix_seconds;
    uint32_t ticks;
    const char *iso;
} known_time;

static const known_time known_times[] = {
    /* The Unix epoch. */
    {INT64_C(116444736000000000), 0, 0, "1970-01-01T00:00:00.0000000Z"},
    /* One tick before it: the remainder stays positive, seconds round down. */
    {INT64_C(116444735999999999), -1, 9999999, "1969-12-31T23:59:59.9999999Z"},
    /* 2024-02-29T12:34:56Z = 1709210096, a leap day. */
    {INT64_C(133536836967890123), INT64_C(1709210096), 7890123, "2024-02-29T12:34:56.7890123Z"},
    /* 2024-01-02T03:04:05Z = 1704164645. */
    {INT64_C(133486382451234567), INT64_C(1704164645), 1234567, "2024-01-02T03:04:05.1234567Z"},
    /* 2000-02-29 (= 951782400) and 2000-03-01 (= 951868800): 2000 is a leap year. */
    {INT64_C(125962560000000000), INT64_C(951782400), 0, "2000-02-29T00:00:00.0000000Z"},
    {INT64_C(125963424000000000), INT64_C(951868800), 0, "2000-03-01T00:00:00.0000000Z"},
    /* 2100-03-01 = 4107542400: 2100 is not. */
    {INT64_C(157520160000000000), INT64_C(4107542400), 0, "2100-03-01T00:00:00.0000000Z"},
    /* 1700-03-01 = -8515238400 (1700 not leap), 1900-02-28T23:59:59.5 = -2203891201.5 */
    {INT64_C(31292352000000000), INT64_C(-8515238400), 0, "1700-03-01T00:00:00.0000000Z"},
    {INT64_C(94405823995000000), INT64_C(-2203891201), 5000000, "1900-02-28T23:59:59.5000000Z"},
    /* 1604-02-29T23:59:59 = -11544681601, the first leap day in range. */
    {INT64_C(997919990000000), INT64_C(-11544681601), 0, "1604-02-29T23:59:59.0000000Z"},
    /* The first tick: 1601-01-01 = -11644473600. */
    {1, INT64_C(-11644473600), 1, "1601-01-01T00:00:00.0000001Z"},
    /* 2038-01-19T03:14:08Z = 2^31: past the 32-bit time_t limit. */
    {INT64_C(137919572480000000), INT64_C(2147483648), 0, "2038-01-19T03:14:08.0000000Z"},
    /* The last representable instant: 9999-12-31T23:59:59Z = 253402300799. */
    {INT64_C(2650467743999999999), INT64_C(253402300799), 9999999, "9999-12-31T23:59:59.9999999Z"},
};

static const int64_t unrepresentable[] = {
    INT64_C(2650467744000000000), /* one tick after 9999-12-31T23:59:59.9999999Z */
    INT64_MAX,
    -1,
    INT64_C(-116444736000000000),
    INT64_MIN,
};

START_TEST(known_times_convert_to_unix)
{
    const known_time *t = &known_times[_i];
    int64_t seconds = 0;
    uint32_t ticks = 0;
    ck_assert_int_eq(mibtcp_filetime_to_unix(t->filetime, &seconds, &ticks), MIBTCP_OK);
    ck_assert_int_eq(seconds, t->unix_seconds);
    ck_assert_uint_eq(ticks, t->ticks);
}
END_TEST

START_TEST(known_times_format_as_iso8601)
{
    const known_time *t = &known_times[_i];
    char out[MIBTCP_ISO8601_SIZE];
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(t->filetime, out, sizeof out), MIBTCP_OK);
    ck_assert_str_eq(out, t->iso);
    ck_assert_uint_eq(strlen(out), MIBTCP_ISO8601_SIZE - 1);
}
END_TEST

START_TEST(zero_is_unknown)
{
    int64_t seconds = 42;
    uint32_t ticks = 42;
    ck_assert_int_eq(mibtcp_filetime_to_unix(0, &seconds, &ticks), MIBTCP_ERR_TIME_UNKNOWN);
    ck_assert_int_eq(seconds, 42);
    ck_assert_uint_eq(ticks, 42);
    char out[MIBTCP_ISO8601_SIZE];
    memset(out, 'x', sizeof out);
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(0, out, sizeof out), MIBTCP_ERR_TIME_UNKNOWN);
    ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(out_of_range_is_unrepresentable)
{
    int64_t filetime = unrepresentable[_i];
    int64_t seconds = 42;
    uint32_t ticks = 42;
    ck_assert_int_eq(mibtcp_filetime_to_unix(filetime, &seconds, &ticks), MIBTCP_ERR_TIME_UNREPRESENTABLE);
    ck_assert_int_eq(seconds, 42);
    ck_assert_uint_eq(ticks, 42);
    char out[MIBTCP_ISO8601_SIZE];
    memset(out, 'x', sizeof out);
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(filetime, out, sizeof out), MIBTCP_ERR_TIME_UNREPRESENTABLE);
    ck_assert_str_eq(out, "");
}
END_TEST

/* Like the address formatters: the longest prefix that fits, NUL-terminated. */
START_TEST(small_output_buffers_keep_the_longest_prefix)
{
    static const size_t sizes[] = {1, 2, 20, MIBTCP_ISO8601_SIZE - 1};
    static const char full[] = "2024-02-29T12:34:56.7890123Z";
    char expected[MIBTCP_ISO8601_SIZE];
    char iso[MIBTCP_ISO8601_SIZE];
    const int64_t filetime = INT64_C(133536836967890123);
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(filetime, iso, sizeof iso), MIBTCP_OK);
    ck_assert_str_eq(iso, full);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char out[MIBTCP_ISO8601_SIZE + 1];
        memset(out, 'x', sizeof out);
        ck_assert_int_eq(mibtcp_filetime_to_iso8601(filetime, out, sizes[i]), MIBTCP_ERR_OUTPUT_TRUNCATED);
        memcpy(expected, full, sizes[i] - 1);
        expected[sizes[i] - 1] = '\0';
        ck_assert_str_eq(out, expected);
        /* Nothing written past the size given. */
        for (size_t b = sizes[i]; b < sizeof out; b++) {
            ck_assert_int_eq(out[b], 'x');
        }
    }
}
END_TEST

START_TEST(size_zero_writes_nothing)
{
    char out[4] = {'x', 'x', 'x', 'x'};
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(INT64_C(133536836967890123), out, 0), MIBTCP_ERR_OUTPUT_TRUNCATED);
    ck_assert_mem_eq(out, "xxxx", 4);
}
END_TEST

START_TEST(exact_size_fits)
{
    char out[MIBTCP_ISO8601_SIZE + 1];
    memset(out, 'x', sizeof out);
    ck_assert_int_eq(mibtcp_filetime_to_iso8601(INT64_C(133536836967890123), out, MIBTCP_ISO8601_SIZE), MIBTCP_OK);
    ck_assert_str_eq(out, "2024-02-29T12:34:56.7890123Z");
    ck_assert_int_eq(out[MIBTCP_ISO8601_SIZE], 'x');
}
END_TEST

static Suite *time_suite(void)
{
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("filetime");
    const int known = (int)(sizeof known_times / sizeof known_times[0]);
    tcase_add_loop_test(tc, known_times_convert_to_unix, 0, known);
    tcase_add_loop_test(tc, known_times_format_as_iso8601, 0, known);
    tcase_add_test(tc, zero_is_unknown);
    tcase_add_loop_test(tc, out_of_range_is_unrepresentable, 0,
                        (int)(sizeof unrepresentable / sizeof unrepresentable[0]));
    tcase_add_test(tc, small_output_buffers_keep_the_longest_prefix);
    tcase_add_test(tc, size_zero_writes_nothing);
    tcase_add_test(tc, exact_size_fits);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(time_suite());
}
