/* mibtcp_open(): every status it returns and every rule of both policies. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "expect.h"
#include "run_suite.h"
#include "table_builder.h"

static mibtcp_error header_error(mibtcp_status status, mibtcp_field field, uint64_t offset, uint64_t value)
{
    mibtcp_error e = {status, MIBTCP_NO_ROW, field, offset, value};
    return e;
}

static mibtcp_error count_error(uint32_t count)
{
    return header_error(MIBTCP_ERR_COUNT_EXCEEDS_BUFFER, MIBTCP_FIELD_NUM_ENTRIES, 0, count);
}

/* Strict length errors point at the first byte after the rows and count the bytes there. */
static mibtcp_error length_error(const tb_table *tb)
{
    return header_error(MIBTCP_ERR_LENGTH_MISMATCH, MIBTCP_FIELD_TRAILING, tb_rows_end(tb), tb->len - tb_rows_end(tb));
}

static void expect_error_under_both_policies(const tb_table *tb, mibtcp_error expected)
{
    expect_open_error(tb, MIBTCP_POLICY_LENIENT, expected);
    expect_open_error(tb, MIBTCP_POLICY_STRICT, expected);
}

static void expect_ok_under_both_policies(const tb_table *tb, uint32_t expected_rows)
{
    mibtcp_view view;
    expect_open_ok(tb, MIBTCP_POLICY_LENIENT, expected_rows, &view);
    expect_open_ok(tb, MIBTCP_POLICY_STRICT, expected_rows, &view);
}

/* A view that opened successfully, so tests can see a failure reset it. */
static void open_valid_view(mibtcp_view *view, tb_table *keep)
{
    tb_init(keep, MIBTCP_KIND_TCP4_MODULE, 2);
    expect_open_ok(keep, MIBTCP_POLICY_STRICT, 2, view);
}

/* ---- arguments ---- */

START_TEST(null_view_is_rejected)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 1);
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_open(NULL, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, &err),
                     MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(err.status, MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(err.row, MIBTCP_NO_ROW);
    tb_free(&tb);
}
END_TEST

START_TEST(null_buffer_is_rejected_and_resets_the_view)
{
    static const size_t lengths[] = {0, 4, 168};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        tb_table valid;
        mibtcp_view view;
        open_valid_view(&view, &valid);
        mibtcp_error err;
        ck_assert_int_eq(mibtcp_open(&view, NULL, lengths[i], MIBTCP_KIND_TCP4_MODULE, MIBTCP_POLICY_LENIENT, &err),
                         MIBTCP_ERR_NULL_ARGUMENT);
        ck_assert_int_eq(err.status, MIBTCP_ERR_NULL_ARGUMENT);
        ck_assert_int_eq(err.row, MIBTCP_NO_ROW);
        expect_view_empty(&view);
        tb_free(&valid);
    }
}
END_TEST

START_TEST(error_report_is_optional)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP6_MODULE, 2);
    mibtcp_view view;
    ck_assert_int_eq(mibtcp_open(&view, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_STRICT, NULL), MIBTCP_OK);
    ck_assert_uint_eq(mibtcp_view_count(&view), 2);
    tb_row_state(&tb, 1, 0);
    ck_assert_int_eq(mibtcp_open(&view, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_STRICT, NULL), MIBTCP_ERR_BAD_STATE);
    expect_view_empty(&view);
    tb_free(&tb);
}
END_TEST

START_TEST(unknown_kind_is_rejected)
{
    static const int bad_kinds[] = {MIBTCP_KIND_UNKNOWN, KIT_KIND_COUNT + 1, KIT_KIND_COUNT + 2, 1000};
    tb_table valid;
    for (size_t i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; i++) {
        mibtcp_view view;
        open_valid_view(&view, &valid);
        mibtcp_error err;
        ck_assert_int_eq(
            mibtcp_open(&view, valid.bytes, valid.len, (mibtcp_kind)bad_kinds[i], MIBTCP_POLICY_LENIENT, &err),
            MIBTCP_ERR_UNKNOWN_KIND);
        ck_assert_int_eq(err.status, MIBTCP_ERR_UNKNOWN_KIND);
        ck_assert_int_eq(err.row, MIBTCP_NO_ROW);
        expect_view_empty(&view);
        tb_free(&valid);
    }
}
END_TEST

START_TEST(unknown_policy_is_rejected)
{
    static const int bad_policies[] = {2, 3, 0x7fffffff};
    tb_table valid;
    for (size_t i = 0; i < sizeof bad_policies / sizeof bad_policies[0]; i++) {
        mibtcp_view view;
        open_valid_view(&view, &valid);
        mibtcp_error err;
        ck_assert_int_eq(mibtcp_open(&view, valid.bytes, valid.len, valid.kind, (mibtcp_policy)bad_policies[i], &err),
                         MIBTCP_ERR_UNKNOWN_POLICY);
        ck_assert_int_eq(err.status, MIBTCP_ERR_UNKNOWN_POLICY);
        ck_assert_int_eq(err.row, MIBTCP_NO_ROW);
        expect_view_empty(&view);
        tb_free(&valid);
    }
}
END_TEST

/* ---- dwNumEntries against the length ---- */

START_TEST(buffer_shorter_than_count_is_too_short)
{
    mibtcp_kind kind = all_kinds[_i];
    for (size_t len = 0; len < 4; len++) {
        tb_table tb;
        tb_init(&tb, kind, 0);
        tb_resize(&tb, len);
        expect_error_under_both_policies(&tb, header_error(MIBTCP_ERR_TOO_SHORT, MIBTCP_FIELD_NUM_ENTRIES, 0, len));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(count_one_more_than_the_rows_is_rejected)
{
    tb_table tb;
    tb_init(&tb, all_kinds[_i], 2);
    tb_set_count(&tb, 3);
    expect_error_under_both_policies(&tb, count_error(3));
    /* Half of the third row present does not make it fit either. */
    tb_trailing(&tb, tb.stride / 2);
    expect_error_under_both_policies(&tb, count_error(3));
    tb_free(&tb);
}
END_TEST

/*
 * Counts whose count * stride wraps a 32-bit size_t to a small number, so an
 * unguarded multiplication would "fit" a small buffer:
 *   26843546 * 160 = 4294967360 = 2^32 + 64
 *   22369622 * 192 = 4294967424 = 2^32 + 128
 *   0x80000000 * even stride = 0 (mod 2^32)
 * The buffer is exactly header + (product mod 2^32) bytes of valid rows.
 */
START_TEST(counts_that_wrap_32_bit_size_are_rejected)
{
    static const struct {
        mibtcp_kind kind;
        uint32_t count;
        size_t wrapped_size;
    } cases[] = {
        {MIBTCP_KIND_TCP4_MODULE, 26843546u, 64},  {MIBTCP_KIND_TCP6_MODULE, 22369622u, 128},
        {MIBTCP_KIND_TCP4_MODULE, 0x80000000u, 0}, {MIBTCP_KIND_TCP6_MODULE, 0x80000000u, 0},
        {MIBTCP_KIND_TCP4_MODULE, 0x08000000u, 0}, {MIBTCP_KIND_TCP6_MODULE, 0x08000000u, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tb_table tb;
        tb_init(&tb, cases[i].kind, 0);
        tb_trailing(&tb, cases[i].wrapped_size);
        tb_set_count(&tb, cases[i].count);
        expect_error_under_both_policies(&tb, count_error(cases[i].count));
        tb_free(&tb);
    }
}
END_TEST

/* The same for every kind, with the wrapping count derived from the builder's stride. */
START_TEST(smallest_wrapping_count_is_rejected_for_every_kind)
{
    mibtcp_kind kind = all_kinds[_i];
    uint64_t stride = tb_kind_stride(kind);
    uint64_t count = (UINT64_C(1) << 32) / stride + 1;
    size_t wrapped = (size_t)((count * stride) & UINT32_MAX);
    ck_assert_uint_le(wrapped, stride); /* the scenario: a wrapping multiply sees at most one row */
    tb_table tb;
    tb_init(&tb, kind, 0);
    tb_trailing(&tb, wrapped);
    tb_set_count(&tb, (uint32_t)count);
    expect_error_under_both_policies(&tb, count_error((uint32_t)count));
    tb_free(&tb);
}
END_TEST

START_TEST(count_all_ones_is_rejected)
{
    tb_table tb;
    tb_init(&tb, all_kinds[_i], 3);
    tb_set_count(&tb, UINT32_MAX);
    expect_error_under_both_policies(&tb, count_error(UINT32_MAX));
    tb_free(&tb);
}
END_TEST

START_TEST(exactly_fitting_tables_are_valid)
{
    static const uint32_t row_counts[] = {0, 1, 3};
    for (size_t i = 0; i < sizeof row_counts / sizeof row_counts[0]; i++) {
        tb_table tb;
        tb_init(&tb, all_kinds[_i], row_counts[i]);
        expect_ok_under_both_policies(&tb, row_counts[i]);
        mibtcp_view view;
        expect_open_ok(&tb, MIBTCP_POLICY_STRICT, row_counts[i], &view);
        ck_assert_uint_eq(mibtcp_view_trailing(&view), 0);
        tb_free(&tb);
    }
}
END_TEST

/* ---- trailing bytes ---- */

static void expect_trailing_policy(mibtcp_kind kind, uint32_t rows, size_t trailing)
{
    tb_table tb;
    tb_init(&tb, kind, rows);
    tb_trailing(&tb, trailing);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, rows, &view);
    ck_assert_uint_eq(mibtcp_view_trailing(&view), trailing);
    expect_open_error(&tb, MIBTCP_POLICY_STRICT, length_error(&tb));
    tb_free(&tb);
}

START_TEST(partial_trailing_row_is_lenient_only)
{
    mibtcp_kind kind = all_kinds[_i];
    size_t stride = tb_kind_stride(kind);
    expect_trailing_policy(kind, 2, 1);
    expect_trailing_policy(kind, 2, 7);
    expect_trailing_policy(kind, 2, stride - 1);
    expect_trailing_policy(kind, 0, 3);
}
END_TEST

START_TEST(whole_trailing_rows_are_lenient_only_and_not_exposed)
{
    mibtcp_kind kind = all_kinds[_i];
    size_t stride = tb_kind_stride(kind);
    expect_trailing_policy(kind, 1, stride);
    expect_trailing_policy(kind, 1, 2 * stride);
    /* Rows beyond dwNumEntries stay invisible even if they look like rows. */
    tb_table tb;
    tb_init(&tb, kind, 3);
    tb_set_count(&tb, 1);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 1, &view);
    ck_assert_uint_eq(mibtcp_view_trailing(&view), 2 * stride);
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_view_record(&view, 1, &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    tb_free(&tb);
}
END_TEST

/* ---- module tables cut inside the header padding ---- */

START_TEST(count_zero_inside_header_padding_is_lenient_only)
{
    mibtcp_kind kind = module_kinds[_i];
    for (size_t len = 4; len < 8; len++) {
        tb_table tb;
        tb_init(&tb, kind, 0);
        tb_header_padding(&tb, 0xdeadbeefu);
        tb_resize(&tb, len);
        mibtcp_view view;
        expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 0, &view);
        ck_assert_uint_eq(mibtcp_view_trailing(&view), 0);
        /* The error points where the buffer ends, inside the padding, and gives the length. */
        expect_open_error(&tb, MIBTCP_POLICY_STRICT,
                          header_error(MIBTCP_ERR_LENGTH_MISMATCH, MIBTCP_FIELD_HEADER_PADDING, len, len));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(count_one_inside_header_padding_is_rejected)
{
    mibtcp_kind kind = module_kinds[_i];
    for (size_t len = 4; len < 8; len++) {
        tb_table tb;
        tb_init(&tb, kind, 0);
        tb_set_count(&tb, 1);
        tb_resize(&tb, len);
        expect_error_under_both_policies(&tb, count_error(1));
        tb_free(&tb);
    }
}
END_TEST

/* ---- TCP state ---- */

START_TEST(invalid_states_are_rejected_under_both_policies)
{
    static const uint32_t invalid[] = {0, 13, 99, 101, UINT32_MAX};
    mibtcp_kind kind = tcp_kinds[_i];
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        tb_table tb;
        tb_init(&tb, kind, 3);
        tb_row_state(&tb, 1, invalid[i]);
        expect_error_under_both_policies(&tb, row_error(&tb, MIBTCP_ERR_BAD_STATE, 1, MIBTCP_FIELD_STATE, invalid[i]));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(states_1_to_12_and_100_are_valid)
{
    static const uint32_t valid[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, MIBTCP_STATE_RESERVED};
    const uint32_t nrows = (uint32_t)(sizeof valid / sizeof valid[0]);
    tb_table tb;
    tb_init(&tb, tcp_kinds[_i], nrows);
    for (uint32_t r = 0; r < nrows; r++) {
        tb_row_state(&tb, r, valid[r]);
    }
    expect_ok_under_both_policies(&tb, nrows);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_STRICT, nrows, &view);
    mibtcp_record rec;
    for (uint32_t r = 0; r < nrows; r++) {
        ck_assert_int_eq(mibtcp_view_record(&view, r, &rec), MIBTCP_OK);
        ck_assert_uint_eq(rec.state, valid[r]);
    }
    tb_free(&tb);
}
END_TEST

/* ---- ports ---- */

static void expect_port_policy(mibtcp_kind kind, mibtcp_field port_field)
{
    const uint16_t port = 8080;
    const uint32_t raw = 0xBEEF0000u | tb_port_raw(port);
    tb_table tb;
    tb_init(&tb, kind, 3);
    tb_row_port(&tb, 1, port_field, raw);

    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_view_record(&view, 1, &rec), MIBTCP_OK);
    ck_assert(rec.present & MIBTCP_FIELD_BIT(port_field));
    const mibtcp_endpoint ep = port_field == MIBTCP_FIELD_LOCAL_PORT ? rec.local : rec.remote;
    ck_assert_uint_eq(ep.port, port);
    ck_assert_uint_eq(ep.port_raw, raw);

    expect_open_error(&tb, MIBTCP_POLICY_STRICT, row_error(&tb, MIBTCP_ERR_PORT_HIGH_BITS, 1, port_field, raw));
    tb_free(&tb);
}

START_TEST(local_port_upper_bits_are_masked_leniently_and_rejected_strictly)
{
    expect_port_policy(all_kinds[_i], MIBTCP_FIELD_LOCAL_PORT);
}
END_TEST

START_TEST(remote_port_upper_bits_are_masked_leniently_and_rejected_strictly)
{
    expect_port_policy(tcp_kinds[_i], MIBTCP_FIELD_REMOTE_PORT);
}
END_TEST

START_TEST(single_upper_port_bit_is_enough_for_strict)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 1);
    uint32_t raw = 0x00010000u | tb_port_raw(80);
    tb_row_port(&tb, 0, MIBTCP_FIELD_REMOTE_PORT, raw);
    expect_open_error(&tb, MIBTCP_POLICY_STRICT,
                      row_error(&tb, MIBTCP_ERR_PORT_HIGH_BITS, 0, MIBTCP_FIELD_REMOTE_PORT, raw));
    tb_free(&tb);
}
END_TEST

/* ---- row2 offload state, UDP flags ---- */

static const mibtcp_kind row2_kinds[] = {MIBTCP_KIND_TCP4_ROW2, MIBTCP_KIND_TCP6_ROW2};
static const size_t row2_kinds_count = sizeof row2_kinds / sizeof row2_kinds[0];
static const mibtcp_kind udp_module_kinds[] = {MIBTCP_KIND_UDP4_MODULE, MIBTCP_KIND_UDP6_MODULE};
static const size_t udp_module_kinds_count = sizeof udp_module_kinds / sizeof udp_module_kinds[0];

START_TEST(offload_state_above_3_is_rejected_under_both_policies)
{
    static const uint32_t invalid[] = {4, 5, 0x100, UINT32_MAX};
    mibtcp_kind kind = row2_kinds[_i];
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        tb_table tb;
        tb_init(&tb, kind, 2);
        tb_row_u32(&tb, 1, MIBTCP_FIELD_OFFLOAD_STATE, invalid[i]);
        expect_error_under_both_policies(
            &tb, row_error(&tb, MIBTCP_ERR_BAD_OFFLOAD_STATE, 1, MIBTCP_FIELD_OFFLOAD_STATE, invalid[i]));
        tb_free(&tb);
    }
    tb_table tb;
    tb_init(&tb, kind, 4);
    for (uint32_t r = 0; r < 4; r++) {
        tb_row_u32(&tb, r, MIBTCP_FIELD_OFFLOAD_STATE, r);
    }
    expect_ok_under_both_policies(&tb, 4);
    tb_free(&tb);
}
END_TEST

START_TEST(udp_flags_beyond_bit_0_are_strict_errors)
{
    static const uint32_t unknown_bits[] = {2, 3, 0x80000001u, UINT32_MAX};
    mibtcp_kind kind = udp_module_kinds[_i];
    for (size_t i = 0; i < sizeof unknown_bits / sizeof unknown_bits[0]; i++) {
        tb_table tb;
        tb_init(&tb, kind, 2);
        tb_row_u32(&tb, 1, MIBTCP_FIELD_FLAGS, unknown_bits[i]);
        mibtcp_view view;
        expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 2, &view);
        expect_open_error(&tb, MIBTCP_POLICY_STRICT,
                          row_error(&tb, MIBTCP_ERR_UDP_FLAGS, 1, MIBTCP_FIELD_FLAGS, unknown_bits[i]));
        tb_free(&tb);
    }
    tb_table tb;
    tb_init(&tb, kind, 2);
    tb_row_u32(&tb, 0, MIBTCP_FIELD_FLAGS, 1); /* SpecificPortBind */
    expect_ok_under_both_policies(&tb, 2);
    tb_free(&tb);
}
END_TEST

/* ---- data that is never an error ---- */

static void dirty_everything_that_is_data(tb_table *tb, uint32_t row)
{
    static const uint8_t garbage_v6[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4};
    static const uint8_t garbage_v4[4] = {255, 255, 255, 255};
    mibtcp_kind kind = tb->kind;
    const uint8_t *garbage_addr = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6 ? garbage_v6 : garbage_v4;
    if (tb_has_field(kind, MIBTCP_FIELD_PID)) {
        tb_row_pid(tb, row, 0xFFFFFFFFu); /* not a multiple of 4 */
    }
    if (tb_has_field(kind, MIBTCP_FIELD_CREATED)) {
        tb_row_created(tb, row, row % 2 == 0 ? INT64_MIN : 0);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        uint8_t info[MIBTCP_MODULE_INFO_SIZE];
        memset(info, 0xFF, sizeof info);
        tb_row_module_info(tb, row, info);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_LOCAL_SCOPE_ID)) {
        tb_row_u32(tb, row, MIBTCP_FIELD_LOCAL_SCOPE_ID, UINT32_MAX);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_REMOTE_SCOPE_ID)) {
        tb_row_u32(tb, row, MIBTCP_FIELD_REMOTE_SCOPE_ID, 0x01000000u);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_ROW_PADDING)) {
        tb_row_padding(tb, row, 0, 0xCCCCCCCCu);
        tb_row_padding(tb, row, 1, 0xCCCCCCCCu);
    }
    tb_row_addr(tb, row, MIBTCP_FIELD_LOCAL_ADDR, garbage_addr);
    if (tb_kind_is_tcp(kind)) {
        /* A LISTEN row whose remote endpoint is set. */
        tb_row_state(tb, row, 2);
        tb_row_addr(tb, row, MIBTCP_FIELD_REMOTE_ADDR, garbage_addr);
        tb_row_port(tb, row, MIBTCP_FIELD_REMOTE_PORT, tb_port_raw(65535));
    }
}

START_TEST(data_anomalies_are_never_errors)
{
    mibtcp_kind kind = all_kinds[_i];
    tb_table tb;
    tb_init(&tb, kind, 3);
    if (tb.header == 8) {
        tb_header_padding(&tb, 0xdeadbeefu);
    }
    for (uint32_t r = 0; r < 3; r++) {
        dirty_everything_that_is_data(&tb, r);
    }
    expect_ok_under_both_policies(&tb, 3);
    tb_free(&tb);
}
END_TEST

/* ---- which error wins ---- */

START_TEST(header_errors_come_before_row_errors)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 2);
    tb_row_state(&tb, 0, 0);
    tb_set_count(&tb, 3);
    expect_error_under_both_policies(&tb, count_error(3));
    tb_free(&tb);
}
END_TEST

START_TEST(strict_length_comes_before_row_errors)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 2);
    tb_row_state(&tb, 0, 0);
    tb_trailing(&tb, 1);
    expect_open_error(&tb, MIBTCP_POLICY_STRICT, length_error(&tb));
    expect_open_error(&tb, MIBTCP_POLICY_LENIENT, row_error(&tb, MIBTCP_ERR_BAD_STATE, 0, MIBTCP_FIELD_STATE, 0));
    tb_free(&tb);
}
END_TEST

START_TEST(earlier_row_wins)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 4);
    tb_row_state(&tb, 2, 13);
    tb_row_state(&tb, 3, 0);
    uint32_t raw = 0xFFFF0000u | tb_port_raw(22);
    tb_row_port(&tb, 1, MIBTCP_FIELD_LOCAL_PORT, raw);
    /* Strict sees row 1's port first; lenient does not object to it and stops at row 2. */
    expect_open_error(&tb, MIBTCP_POLICY_STRICT,
                      row_error(&tb, MIBTCP_ERR_PORT_HIGH_BITS, 1, MIBTCP_FIELD_LOCAL_PORT, raw));
    expect_open_error(&tb, MIBTCP_POLICY_LENIENT, row_error(&tb, MIBTCP_ERR_BAD_STATE, 2, MIBTCP_FIELD_STATE, 13));
    tb_free(&tb);
}
END_TEST

/* Within a row, fields are checked in offset order, which differs between families. */
START_TEST(fields_are_checked_in_offset_order_within_a_row)
{
    const uint32_t local_raw = 0x00020000u | tb_port_raw(80);
    const uint32_t remote_raw = 0x00030000u | tb_port_raw(443);

    tb_table v4;
    tb_init(&v4, MIBTCP_KIND_TCP4_MODULE, 1); /* state@0 before ports */
    tb_row_state(&v4, 0, 42);
    tb_row_port(&v4, 0, MIBTCP_FIELD_REMOTE_PORT, remote_raw);
    tb_row_port(&v4, 0, MIBTCP_FIELD_LOCAL_PORT, local_raw);
    expect_open_error(&v4, MIBTCP_POLICY_STRICT, row_error(&v4, MIBTCP_ERR_BAD_STATE, 0, MIBTCP_FIELD_STATE, 42));
    tb_row_state(&v4, 0, 1);
    expect_open_error(&v4, MIBTCP_POLICY_STRICT,
                      row_error(&v4, MIBTCP_ERR_PORT_HIGH_BITS, 0, MIBTCP_FIELD_LOCAL_PORT, local_raw));
    tb_free(&v4);

    tb_table v6;
    tb_init(&v6, MIBTCP_KIND_TCP6_MODULE, 1); /* ports @20, @44 before state@48 */
    tb_row_state(&v6, 0, 42);
    tb_row_port(&v6, 0, MIBTCP_FIELD_REMOTE_PORT, remote_raw);
    expect_open_error(&v6, MIBTCP_POLICY_STRICT,
                      row_error(&v6, MIBTCP_ERR_PORT_HIGH_BITS, 0, MIBTCP_FIELD_REMOTE_PORT, remote_raw));
    expect_open_error(&v6, MIBTCP_POLICY_LENIENT, row_error(&v6, MIBTCP_ERR_BAD_STATE, 0, MIBTCP_FIELD_STATE, 42));
    tb_row_port(&v6, 0, MIBTCP_FIELD_LOCAL_PORT, local_raw);
    expect_open_error(&v6, MIBTCP_POLICY_STRICT,
                      row_error(&v6, MIBTCP_ERR_PORT_HIGH_BITS, 0, MIBTCP_FIELD_LOCAL_PORT, local_raw));
    tb_free(&v6);
}
END_TEST

START_TEST(offset_order_holds_for_other_kinds)
{
    const uint32_t port_raw = 0x00010000u | tb_port_raw(53);

    tb_table row2; /* tcp6-row2: state@48 before offload@56 */
    tb_init(&row2, MIBTCP_KIND_TCP6_ROW2, 1);
    tb_row_u32(&row2, 0, MIBTCP_FIELD_OFFLOAD_STATE, 9);
    tb_row_state(&row2, 0, 0);
    expect_error_under_both_policies(&row2, row_error(&row2, MIBTCP_ERR_BAD_STATE, 0, MIBTCP_FIELD_STATE, 0));
    tb_free(&row2);

    tb_table udp; /* udp4-module: port@4 before flags@24 */
    tb_init(&udp, MIBTCP_KIND_UDP4_MODULE, 1);
    tb_row_u32(&udp, 0, MIBTCP_FIELD_FLAGS, 6);
    tb_row_port(&udp, 0, MIBTCP_FIELD_LOCAL_PORT, port_raw);
    expect_open_error(&udp, MIBTCP_POLICY_STRICT,
                      row_error(&udp, MIBTCP_ERR_PORT_HIGH_BITS, 0, MIBTCP_FIELD_LOCAL_PORT, port_raw));
    tb_free(&udp);
}
END_TEST

/* ---- the view after a failure ---- */

START_TEST(failure_empties_a_previously_valid_view)
{
    tb_table valid;
    mibtcp_view view;
    open_valid_view(&view, &valid);
    tb_table bad;
    tb_init(&bad, seed_kinds[_i], 3);
    tb_row_state(&bad, 2, 0);
    ck_assert_int_eq(mibtcp_open(&view, bad.bytes, bad.len, bad.kind, MIBTCP_POLICY_LENIENT, NULL),
                     MIBTCP_ERR_BAD_STATE);
    expect_view_empty(&view);
    tb_free(&valid);

    open_valid_view(&view, &valid);
    ck_assert_int_eq(mibtcp_open(&view, bad.bytes, 3, bad.kind, MIBTCP_POLICY_LENIENT, NULL), MIBTCP_ERR_TOO_SHORT);
    expect_view_empty(&view);
    tb_free(&valid);
    tb_free(&bad);
}
END_TEST

/* ---- unaligned bases ---- */

static void expect_default_row(const mibtcp_view *view, uint32_t index)
{
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_view_record(view, index, &rec), MIBTCP_OK);
    ck_assert_uint_eq(rec.index, index);
    ck_assert_uint_eq(rec.state, TB_DEFAULT_STATE);
    ck_assert_uint_eq(rec.pid, tb_default_pid(index));
    ck_assert_int_eq(rec.created, tb_default_created(index));
    const mibtcp_endpoint local = rec.local, remote = rec.remote;
    ck_assert_int_ne(local.family, MIBTCP_FAMILY_NONE);
    ck_assert_int_eq(remote.family, local.family);
    ck_assert_uint_eq(local.port, tb_default_local_port(index));
    ck_assert_uint_eq(remote.port, TB_DEFAULT_REMOTE_PORT);
    ck_assert_mem_eq(local.addr, tb_default_local_addr(local.family), local.family == MIBTCP_FAMILY_IPV6 ? 16 : 4);
}

START_TEST(unaligned_base_pointers_open_and_read)
{
    mibtcp_kind kind = seed_kinds[_i];
    for (size_t k = 1; k <= 7; k++) {
        tb_table tb;
        tb_init(&tb, kind, 3);
        tb_place_at_offset(&tb, k);
        mibtcp_view view;
        expect_open_ok(&tb, MIBTCP_POLICY_STRICT, 3, &view);
        for (uint32_t r = 0; r < 3; r++) {
            expect_default_row(&view, r);
        }
        tb_row_state(&tb, 2, 77);
        expect_open_error(&tb, MIBTCP_POLICY_LENIENT, row_error(&tb, MIBTCP_ERR_BAD_STATE, 2, MIBTCP_FIELD_STATE, 77));
        tb_free(&tb);
    }
}
END_TEST

/* ---- a large table ---- */

START_TEST(million_rows_open_iterate_and_validate_every_row)
{
    const uint32_t n = 1000000;
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], n);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_STRICT, n, &view);

    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    mibtcp_record rec;
    uint32_t seen = 0;
    mibtcp_status status;
    while ((status = mibtcp_iter_next_record(&it, &rec)) == MIBTCP_OK) {
        if (rec.index != seen || rec.pid != tb_default_pid(seen)) {
            ck_abort_msg("row %u: index %u, pid %u", seen, rec.index, rec.pid);
        }
        seen++;
    }
    ck_assert_int_eq(status, MIBTCP_END_OF_ROWS);
    ck_assert_uint_eq(seen, n);
    static const uint32_t spot[] = {0, 1, 65535, 499999, 999998, 999999};
    for (size_t i = 0; i < sizeof spot / sizeof spot[0]; i++) {
        expect_default_row(&view, spot[i]);
    }

    tb_row_state(&tb, n - 1, 0);
    expect_open_error(&tb, MIBTCP_POLICY_LENIENT, row_error(&tb, MIBTCP_ERR_BAD_STATE, n - 1, MIBTCP_FIELD_STATE, 0));
    tb_row_state(&tb, n - 1, TB_DEFAULT_STATE);
    tb_set_count(&tb, n + 1);
    expect_open_error(&tb, MIBTCP_POLICY_LENIENT, count_error(n + 1));
    tb_free(&tb);
}
END_TEST

static Suite *open_suite(void)
{
    Suite *s = suite_create("open");

    TCase *args = tcase_create("arguments");
    tcase_add_test(args, null_view_is_rejected);
    tcase_add_test(args, null_buffer_is_rejected_and_resets_the_view);
    tcase_add_test(args, error_report_is_optional);
    tcase_add_test(args, unknown_kind_is_rejected);
    tcase_add_test(args, unknown_policy_is_rejected);
    suite_add_tcase(s, args);

    TCase *length = tcase_create("length");
    tcase_add_loop_test(length, buffer_shorter_than_count_is_too_short, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, count_one_more_than_the_rows_is_rejected, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(length, counts_that_wrap_32_bit_size_are_rejected);
    tcase_add_loop_test(length, smallest_wrapping_count_is_rejected_for_every_kind, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, count_all_ones_is_rejected, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, exactly_fitting_tables_are_valid, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, partial_trailing_row_is_lenient_only, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, whole_trailing_rows_are_lenient_only_and_not_exposed, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(length, count_zero_inside_header_padding_is_lenient_only, 0, LOOP_COUNT(module_kinds));
    tcase_add_loop_test(length, count_one_inside_header_padding_is_rejected, 0, LOOP_COUNT(module_kinds));
    suite_add_tcase(s, length);

    TCase *rows = tcase_create("rows");
    tcase_add_loop_test(rows, invalid_states_are_rejected_under_both_policies, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, states_1_to_12_and_100_are_valid, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, local_port_upper_bits_are_masked_leniently_and_rejected_strictly, 0,
                        LOOP_COUNT(all_kinds));
    tcase_add_loop_test(rows, remote_port_upper_bits_are_masked_leniently_and_rejected_strictly, 0,
                        LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, single_upper_port_bit_is_enough_for_strict, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(rows, offload_state_above_3_is_rejected_under_both_policies, 0, LOOP_COUNT(row2_kinds));
    tcase_add_loop_test(rows, udp_flags_beyond_bit_0_are_strict_errors, 0, LOOP_COUNT(udp_module_kinds));
    tcase_add_loop_test(rows, data_anomalies_are_never_errors, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, rows);

    TCase *order = tcase_create("first error");
    tcase_add_loop_test(order, header_errors_come_before_row_errors, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(order, strict_length_comes_before_row_errors, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(order, earlier_row_wins, 0, LOOP_COUNT(seed_kinds));
    tcase_add_test(order, fields_are_checked_in_offset_order_within_a_row);
    tcase_add_test(order, offset_order_holds_for_other_kinds);
    tcase_add_loop_test(order, failure_empties_a_previously_valid_view, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, order);

    TCase *placement = tcase_create("placement");
    tcase_add_loop_test(placement, unaligned_base_pointers_open_and_read, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, placement);

    TCase *large = tcase_create("large");
    tcase_set_timeout(large, 120);
    tcase_add_loop_test(large, million_rows_open_iterate_and_validate_every_row, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, large);
    return s;
}

int main(void)
{
    return run_suite(open_suite());
}
