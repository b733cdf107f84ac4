/* capture_fetch_table, the grow-and-retry loop of `mibtcp capture`, against a
 * fake table call: tables larger than the first buffer, tables that grow
 * between calls, errors, sizes that lie, and sizes that cannot grow. */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "capture/capture_fetch.h"
#include "run_suite.h"

/* A table of `needed` bytes (byte i = i * 7 + 3, mod 256) that grows by `growth` after every call,
 * or doubles when `doubles` is set. */
typedef struct fake_table {
    uint32_t needed;
    uint32_t growth;
    bool doubles;
    uint32_t error;     /* returned instead, when not 0 */
    uint32_t written;   /* bytes the fake writes on success; the rest of `needed` it leaves alone */
    uint32_t overclaim; /* on the first call, report success with this size, more than the buffer */
    unsigned calls;
} fake_table;

static unsigned char table_byte(uint32_t i)
{
    return (unsigned char)(i * 7u + 3u);
}

static uint32_t fake_call(void *context, void *buf, uint32_t *size)
{
    fake_table *t = context;
    const uint32_t capacity = *size;
    t->calls++;
    if (t->error != 0) {
        return t->error;
    }
    if (t->overclaim != 0 && t->calls == 1) {
        *size = t->overclaim;
        return CAPTURE_NO_ERROR;
    }
    const uint32_t needed = t->needed;
    t->needed = t->doubles ? 2 * t->needed : t->needed + t->growth;
    *size = needed;
    if (capacity < needed) {
        return CAPTURE_ERROR_INSUFFICIENT_BUFFER;
    }
    unsigned char *bytes = buf;
    const uint32_t written = t->written != 0 ? t->written : needed;
    for (uint32_t i = 0; i < written; i++) {
        bytes[i] = table_byte(i);
    }
    return CAPTURE_NO_ERROR;
}

/* Fetches t's table: `size` bytes, the first `written` of them the table's and the rest zero, in `attempts` calls. */
static void expect_fetched(fake_table t, uint32_t size, uint32_t written, unsigned attempts)
{
    capture_result r;
    capture_fetch_table(fake_call, &t, &r);
    ck_assert_uint_eq(r.code, CAPTURE_NO_ERROR);
    ck_assert_uint_eq(r.size, size);
    ck_assert_uint_eq(r.attempts, attempts);
    ck_assert_ptr_nonnull(r.bytes);
    uint32_t first_wrong = 0;
    while (first_wrong < size && r.bytes[first_wrong] == (first_wrong < written ? table_byte(first_wrong) : 0)) {
        first_wrong++;
    }
    free(r.bytes);
    ck_assert_uint_eq(first_wrong, size); /* one assertion, not one per byte: fast under sanitizers */
}

/* Fetching t's table fails with `code` after `attempts` calls, and hands back no bytes. */
static void expect_no_table(fake_table t, uint32_t code, unsigned attempts)
{
    capture_result r;
    capture_fetch_table(fake_call, &t, &r);
    ck_assert_uint_eq(r.code, code);
    ck_assert_uint_eq(r.attempts, attempts);
    ck_assert_uint_eq(t.calls, attempts);
    ck_assert_ptr_null(r.bytes);
}

START_TEST(small_table_in_one_call)
{
    expect_fetched((fake_table){.needed = 488}, 488, 488, 1);
}
END_TEST

START_TEST(large_table_needs_a_second_call)
{
    expect_fetched((fake_table){.needed = 200000}, 200000, 200000, 2);
}
END_TEST

/* Grows by 10 % between the size query and the fetch: the margin absorbs it. */
START_TEST(growth_between_calls_fits_in_the_margin)
{
    expect_fetched((fake_table){.needed = 100000, .growth = 10000}, 110000, 110000, 2);
}
END_TEST

START_TEST(table_that_outgrows_every_buffer_gives_up)
{
    /* doubling is faster than the 25 % margin */
    expect_no_table((fake_table){.needed = 100000, .doubles = true}, CAPTURE_ERROR_INSUFFICIENT_BUFFER,
                    CAPTURE_MAX_ATTEMPTS);
}
END_TEST

START_TEST(other_errors_are_returned_at_once)
{
    expect_no_table((fake_table){.needed = 100, .error = 87}, 87, 1); /* ERROR_INVALID_PARAMETER */
}
END_TEST

/* Bytes the call leaves alone (padding Windows does not write) are zero, not old heap contents. */
START_TEST(unwritten_bytes_are_zero)
{
    expect_fetched((fake_table){.needed = 300000, .written = 1000}, 300000, 1000, 2);
}
END_TEST

START_TEST(success_claiming_more_than_the_buffer_is_retried)
{
    expect_fetched((fake_table){.needed = 50000, .overclaim = 60000}, 50000, 50000, 2);
}
END_TEST

START_TEST(size_beyond_32_bits_with_the_margin_gives_up)
{
    expect_no_table((fake_table){.needed = UINT32_MAX - 100}, CAPTURE_ERROR_INSUFFICIENT_BUFFER, 1);
}
END_TEST

static Suite *capture_fetch_suite(void)
{
    Suite *s = suite_create("capture_fetch");
    TCase *loop = tcase_create("grow_and_retry");
    tcase_add_test(loop, small_table_in_one_call);
    tcase_add_test(loop, large_table_needs_a_second_call);
    tcase_add_test(loop, growth_between_calls_fits_in_the_margin);
    tcase_add_test(loop, table_that_outgrows_every_buffer_gives_up);
    tcase_add_test(loop, other_errors_are_returned_at_once);
    tcase_add_test(loop, unwritten_bytes_are_zero);
    tcase_add_test(loop, success_claiming_more_than_the_buffer_is_retried);
    tcase_add_test(loop, size_beyond_32_bits_with_the_margin_gives_up);
    suite_add_tcase(s, loop);
    return s;
}

int main(void)
{
    return run_suite(capture_fetch_suite());
}
