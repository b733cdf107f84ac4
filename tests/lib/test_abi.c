/* The ABI promises of 0.x, stated as numbers: every enumerator's value is
 * pinned here by hand (values never change, new ones are appended), the
 * counts the library reports, the version, and the sizeof handshake of
 * mibtcp_open(). A value moved in mibtcp.h fails here, not in a caller. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kit_layout.h"
#include "mibtcp_fast.h"
#include "run_suite.h"

typedef struct pin {
    const char *name;
    long value;    /* what the header says */
    long expected; /* what 0.x promised */
} pin;

/* clang-format off: one pin per line, as the header lists them */
#define PIN(enumerator, number)                   \
    {                                             \
#enumerator, (long)(enumerator), (number) \
    }

static const pin statuses[] = {
    PIN(MIBTCP_OK, 0),
    PIN(MIBTCP_ERR_NULL_ARGUMENT, 1),
    PIN(MIBTCP_ERR_UNKNOWN_KIND, 2),
    PIN(MIBTCP_ERR_UNKNOWN_POLICY, 3),
    PIN(MIBTCP_ERR_TOO_SHORT, 4),
    PIN(MIBTCP_ERR_COUNT_EXCEEDS_BUFFER, 5),
    PIN(MIBTCP_ERR_LENGTH_MISMATCH, 6),
    PIN(MIBTCP_ERR_BAD_STATE, 7),
    PIN(MIBTCP_ERR_PORT_HIGH_BITS, 8),
    PIN(MIBTCP_ERR_BAD_OFFLOAD_STATE, 9),
    PIN(MIBTCP_ERR_UDP_FLAGS, 10),
    PIN(MIBTCP_ERR_INDEX_OUT_OF_RANGE, 11),
    PIN(MIBTCP_ERR_NO_SUCH_FIELD, 12),
    PIN(MIBTCP_ERR_OUTPUT_TRUNCATED, 13),
    PIN(MIBTCP_ERR_TIME_UNKNOWN, 14),
    PIN(MIBTCP_ERR_TIME_UNREPRESENTABLE, 15),
    PIN(MIBTCP_ERR_UNKNOWN_NAME, 16),
    PIN(MIBTCP_ERR_BAD_FAMILY, 17),
    PIN(MIBTCP_ERR_AMBIGUOUS, 18),
    PIN(MIBTCP_ERR_NOT_DETECTED, 19),
    PIN(MIBTCP_ERR_ABI_MISMATCH, 20),
    PIN(MIBTCP_ERR_ROW_OUTSIDE_VIEW, 21),
    PIN(MIBTCP_ERR_BAD_ARGUMENT, 22),
    PIN(MIBTCP_END_OF_ROWS, 23),
    PIN(MIBTCP_ERR_WORKSPACE_TOO_SMALL, 24),
};

static const pin kinds[] = {
    PIN(MIBTCP_KIND_UNKNOWN, 0),     PIN(MIBTCP_KIND_TCP4_MODULE, 1),  PIN(MIBTCP_KIND_TCP6_MODULE, 2),
    PIN(MIBTCP_KIND_TCP4_PID, 3),    PIN(MIBTCP_KIND_TCP6_PID, 4),     PIN(MIBTCP_KIND_TCP4_BASIC, 5),
    PIN(MIBTCP_KIND_TCP6_BASIC, 6),  PIN(MIBTCP_KIND_TCP4_ROW2, 7),    PIN(MIBTCP_KIND_TCP6_ROW2, 8),
    PIN(MIBTCP_KIND_UDP4_MODULE, 9), PIN(MIBTCP_KIND_UDP6_MODULE, 10), PIN(MIBTCP_KIND_UDP4_PID, 11),
    PIN(MIBTCP_KIND_UDP6_PID, 12),   PIN(MIBTCP_KIND_UDP4_BASIC, 13),  PIN(MIBTCP_KIND_UDP6_BASIC, 14),
};

static const pin fields[] = {
    PIN(MIBTCP_FIELD_NONE, 0),         PIN(MIBTCP_FIELD_NUM_ENTRIES, 1),    PIN(MIBTCP_FIELD_HEADER_PADDING, 2),
    PIN(MIBTCP_FIELD_STATE, 3),        PIN(MIBTCP_FIELD_LOCAL_ADDR, 4),     PIN(MIBTCP_FIELD_LOCAL_SCOPE_ID, 5),
    PIN(MIBTCP_FIELD_LOCAL_PORT, 6),   PIN(MIBTCP_FIELD_REMOTE_ADDR, 7),    PIN(MIBTCP_FIELD_REMOTE_SCOPE_ID, 8),
    PIN(MIBTCP_FIELD_REMOTE_PORT, 9),  PIN(MIBTCP_FIELD_PID, 10),           PIN(MIBTCP_FIELD_CREATED, 11),
    PIN(MIBTCP_FIELD_MODULE_INFO, 12), PIN(MIBTCP_FIELD_OFFLOAD_STATE, 13), PIN(MIBTCP_FIELD_FLAGS, 14),
    PIN(MIBTCP_FIELD_ROW_PADDING, 15), PIN(MIBTCP_FIELD_ROW, 16),           PIN(MIBTCP_FIELD_TRAILING, 17),
};

static const pin findings[] = {
    PIN(MIBTCP_FINDING_BUFFER_TOO_SHORT, 0),       PIN(MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, 1),
    PIN(MIBTCP_FINDING_TRUNCATED_ROW, 2),          PIN(MIBTCP_FINDING_HEADER_INCOMPLETE, 3),
    PIN(MIBTCP_FINDING_HEADER_PADDING_DIRTY, 4),   PIN(MIBTCP_FINDING_TRAILING_WHOLE_ROWS, 5),
    PIN(MIBTCP_FINDING_TRAILING_PARTIAL, 6),       PIN(MIBTCP_FINDING_STATE_INVALID, 7),
    PIN(MIBTCP_FINDING_STATE_RESERVED, 8),         PIN(MIBTCP_FINDING_PORT_HIGH_BITS, 9),
    PIN(MIBTCP_FINDING_LISTEN_REMOTE_SET, 10),     PIN(MIBTCP_FINDING_PID_NOT_MULTIPLE_OF_4, 11),
    PIN(MIBTCP_FINDING_TIMESTAMP_ZERO, 12),        PIN(MIBTCP_FINDING_TIMESTAMP_IMPLAUSIBLE, 13),
    PIN(MIBTCP_FINDING_OFFLOAD_STATE_INVALID, 14), PIN(MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS, 15),
    PIN(MIBTCP_FINDING_ROW_PADDING_DIRTY, 16),     PIN(MIBTCP_FINDING_SCOPE_ID_LARGE, 17),
};

static const pin others[] = {
    PIN(MIBTCP_FAMILY_NONE, 0),       PIN(MIBTCP_FAMILY_IPV4, 4),         PIN(MIBTCP_FAMILY_IPV6, 6),
    PIN(MIBTCP_POLICY_LENIENT, 0),    PIN(MIBTCP_POLICY_STRICT, 1),       PIN(MIBTCP_SEVERITY_INFO, 0),
    PIN(MIBTCP_SEVERITY_WARNING, 1),  PIN(MIBTCP_SEVERITY_ERROR, 2),      PIN(MIBTCP_VERDICT_DECIDED, 0),
    PIN(MIBTCP_VERDICT_AMBIGUOUS, 1), PIN(MIBTCP_VERDICT_NOT_A_TABLE, 2), PIN(MIBTCP_NO_ROW, -1),
};
/* clang-format on */

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static void expect_pinned(const pin *pins, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(pins[i].value == pins[i].expected, "%s is %ld; 0.x promised %ld", pins[i].name, pins[i].value,
                      pins[i].expected);
    }
}

/* An entry appended to a list without a pin here fails too. */
#define PLUS_ONE_(name, value, text) +1

START_TEST(every_enumerator_keeps_its_value)
{
    expect_pinned(statuses, COUNT_OF(statuses));
    expect_pinned(kinds, COUNT_OF(kinds));
    expect_pinned(fields, COUNT_OF(fields));
    expect_pinned(findings, COUNT_OF(findings));
    expect_pinned(others, COUNT_OF(others));
    ck_assert_uint_eq(COUNT_OF(statuses), 0 MIBTCP_STATUS_LIST(PLUS_ONE_));
    ck_assert_uint_eq(COUNT_OF(kinds), 1 MIBTCP_KIND_LIST(PLUS_ONE_));
    ck_assert_uint_eq(COUNT_OF(fields), 0 MIBTCP_FIELD_LIST(PLUS_ONE_));
    ck_assert_uint_eq(COUNT_OF(findings), 0 MIBTCP_FINDING_LIST(PLUS_ONE_));
}
END_TEST

START_TEST(the_library_counts_what_it_knows)
{
    ck_assert_uint_eq(mibtcp_status_count(), 25);
    ck_assert_uint_eq(mibtcp_kind_count(), 14);
    ck_assert_uint_eq(mibtcp_field_count(), 18);
    ck_assert_uint_eq(mibtcp_finding_count(), 18);
    /* The test kit's own statement of the layouts covers the same kinds and fields. */
    ck_assert_uint_eq(mibtcp_kind_count(), KIT_KIND_COUNT);
    ck_assert_uint_eq(mibtcp_field_count(), KIT_FIELD_COUNT);
}
END_TEST

START_TEST(versions_agree)
{
    /* MIBTCP_EXPECTED_VERSION is CMake's project() version. */
    ck_assert_str_eq(MIBTCP_VERSION_STRING, MIBTCP_EXPECTED_VERSION);
    ck_assert_str_eq(mibtcp_version(), MIBTCP_EXPECTED_VERSION);
    char numbers[32];
    snprintf(numbers, sizeof numbers, "%d.%d.%d", MIBTCP_VERSION_MAJOR, MIBTCP_VERSION_MINOR, MIBTCP_VERSION_PATCH);
    ck_assert_str_eq(numbers, MIBTCP_EXPECTED_VERSION);
}
END_TEST

/* ---- the sizeof handshake of mibtcp_open() ---- */

static const uint8_t one_udp4_basic_row[] = {1, 0, 0, 0, 127, 0, 0, 1, 0x01, 0xbb, 0, 0};

typedef struct guarded_view {
    mibtcp_view view;
    uint8_t after[16]; /* a caller's struct that is larger than its header says */
} guarded_view;

static void fill(void *p, size_t n)
{
    memset(p, 0xA5, n);
}

static bool untouched(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0xA5) {
            return false;
        }
    }
    return true;
}

START_TEST(matching_sizes_open_the_table)
{
    mibtcp_view view;
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_open_sized(&view, sizeof view, one_udp4_basic_row, sizeof one_udp4_basic_row,
                                       MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &err, sizeof err),
                     MIBTCP_OK);
    ck_assert_uint_eq(mibtcp_view_count(&view), 1);
    ck_assert_int_eq(err.status, MIBTCP_OK);
}
END_TEST

START_TEST(a_view_of_another_size_is_not_written)
{
    static const size_t wrong_sizes[] = {0, sizeof(mibtcp_view) - 1, sizeof(mibtcp_view) + 1, sizeof(mibtcp_view) + 8};
    for (size_t i = 0; i < COUNT_OF(wrong_sizes); i++) {
        guarded_view g;
        mibtcp_error err;
        fill(&g, sizeof g);
        fill(&err, sizeof err);
        ck_assert_int_eq(mibtcp_open_sized(&g.view, wrong_sizes[i], one_udp4_basic_row, sizeof one_udp4_basic_row,
                                           MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &err, sizeof err),
                         MIBTCP_ERR_ABI_MISMATCH);
        ck_assert(untouched(&g, sizeof g));
        /* One rule for every struct: a mismatch writes nothing, the error struct included. */
        ck_assert(untouched(&err, sizeof err));
    }
}
END_TEST

START_TEST(an_error_of_another_size_is_not_written)
{
    static const size_t wrong_sizes[] = {0, sizeof(mibtcp_error) - 8, sizeof(mibtcp_error) + 8};
    for (size_t i = 0; i < COUNT_OF(wrong_sizes); i++) {
        mibtcp_view view;
        struct {
            mibtcp_error err;
            uint8_t after[16];
        } g;
        fill(&view, sizeof view);
        fill(&g, sizeof g);
        ck_assert_int_eq(mibtcp_open_sized(&view, sizeof view, one_udp4_basic_row, sizeof one_udp4_basic_row,
                                           MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &g.err, wrong_sizes[i]),
                         MIBTCP_ERR_ABI_MISMATCH);
        ck_assert(untouched(&view, sizeof view));
        ck_assert(untouched(&g, sizeof g));
    }
}
END_TEST

/* The other sized functions of the table-reading API: one byte more or
 * less than the library's sizeof, for each struct they take, is refused
 * with nothing written; the right sizes work. */
START_TEST(iter_open_and_error_check_every_size)
{
    const size_t it_sizes[] = {sizeof(mibtcp_iter) - 1, sizeof(mibtcp_iter) + 1};
    const size_t err_sizes[] = {sizeof(mibtcp_error) - 1, sizeof(mibtcp_error) + 1};
    mibtcp_iter it;
    mibtcp_error err;
    for (size_t i = 0; i < 2; i++) {
        fill(&it, sizeof it);
        fill(&err, sizeof err);
        ck_assert_int_eq(mibtcp_iter_open_sized(&it, it_sizes[i], one_udp4_basic_row, sizeof one_udp4_basic_row,
                                                MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &err, sizeof err),
                         MIBTCP_ERR_ABI_MISMATCH);
        ck_assert_int_eq(mibtcp_iter_open_sized(&it, sizeof it, one_udp4_basic_row, sizeof one_udp4_basic_row,
                                                MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &err, err_sizes[i]),
                         MIBTCP_ERR_ABI_MISMATCH);
        ck_assert(untouched(&it, sizeof it) && untouched(&err, sizeof err));
    }
    ck_assert_int_eq(mibtcp_iter_open_sized(&it, sizeof it, one_udp4_basic_row, sizeof one_udp4_basic_row,
                                            MIBTCP_KIND_UDP4_BASIC, MIBTCP_POLICY_STRICT, &err, sizeof err),
                     MIBTCP_OK);
    for (size_t i = 0; i < 2; i++) {
        fill(&err, sizeof err);
        ck_assert_int_eq(mibtcp_iter_error_sized(&it, it_sizes[i], &err, sizeof err), MIBTCP_ERR_ABI_MISMATCH);
        ck_assert_int_eq(mibtcp_iter_error_sized(&it, sizeof it, &err, err_sizes[i]), MIBTCP_ERR_ABI_MISMATCH);
        ck_assert(untouched(&err, sizeof err));
    }
    ck_assert_int_eq(mibtcp_iter_error_sized(&it, sizeof it, &err, sizeof err), MIBTCP_OK);
    ck_assert_int_eq(err.status, MIBTCP_OK);
    ck_assert_int_eq(mibtcp_iter_error(NULL, &err), MIBTCP_ERR_NULL_ARGUMENT);
}
END_TEST

START_TEST(iter_sync_checks_every_size)
{
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_open(&it, one_udp4_basic_row, sizeof one_udp4_basic_row, MIBTCP_KIND_UDP4_BASIC,
                                      MIBTCP_POLICY_STRICT, NULL),
                     MIBTCP_OK);
    const mibtcp_cursor cur = mibtcp_iter_cursor(&it);
    mibtcp_error err;
    fill(&err, sizeof err);
    const mibtcp_iter before = it;
    ck_assert_int_eq(mibtcp_iter_sync_sized(&it, sizeof it + 1, cur, &err, sizeof err), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_sync_sized(&it, sizeof it - 1, cur, &err, sizeof err), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_sync_sized(&it, sizeof it, cur, &err, sizeof err + 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_sync_sized(&it, sizeof it, cur, &err, sizeof err - 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert(untouched(&err, sizeof err));
    ck_assert_mem_eq(&it, &before, sizeof it);
    ck_assert_int_eq(mibtcp_iter_sync_sized(&it, sizeof it, cur, &err, sizeof err), MIBTCP_OK);
    ck_assert_int_eq(err.status, MIBTCP_OK);
}
END_TEST

START_TEST(formatting_checks_the_endpoint_size)
{
    /* 192.0.2.1:8080, by hand. */
    const mibtcp_endpoint ep = {MIBTCP_FAMILY_IPV4, {192, 0, 2, 1}, 8080, 0x901fu, 0};
    char out[MIBTCP_ENDPOINT_STR_SIZE];
    memset(out, 0xA5, sizeof out);
    ck_assert_int_eq(mibtcp_format_addr_sized(&ep, sizeof ep + 1, 0, out, sizeof out), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_format_addr_sized(&ep, sizeof ep - 1, 0, out, sizeof out), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_format_endpoint_sized(&ep, sizeof ep + 1, 0, out, sizeof out), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_format_endpoint_sized(&ep, sizeof ep - 1, 0, out, sizeof out), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert(untouched(out, sizeof out));
    ck_assert_int_eq(mibtcp_format_addr_sized(&ep, sizeof ep, 0, out, sizeof out), MIBTCP_OK);
    ck_assert_str_eq(out, "192.0.2.1");
    ck_assert_int_eq(mibtcp_format_endpoint_sized(&ep, sizeof ep, 0, out, sizeof out), MIBTCP_OK);
    ck_assert_str_eq(out, "192.0.2.1:8080");
}
END_TEST

static Suite *abi_suite(void)
{
    Suite *s = suite_create("abi");
    TCase *values = tcase_create("values");
    tcase_add_test(values, every_enumerator_keeps_its_value);
    tcase_add_test(values, the_library_counts_what_it_knows);
    tcase_add_test(values, versions_agree);
    suite_add_tcase(s, values);
    TCase *handshake = tcase_create("sizeof_handshake");
    tcase_add_test(handshake, matching_sizes_open_the_table);
    tcase_add_test(handshake, a_view_of_another_size_is_not_written);
    tcase_add_test(handshake, an_error_of_another_size_is_not_written);
    tcase_add_test(handshake, iter_open_and_error_check_every_size);
    tcase_add_test(handshake, iter_sync_checks_every_size);
    tcase_add_test(handshake, formatting_checks_the_endpoint_size);
    suite_add_tcase(s, handshake);
    return s;
}

int main(void)
{
    return run_suite(abi_suite());
}
