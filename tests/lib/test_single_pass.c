/* Single-pass iteration (mibtcp_iter_open): the structure proven at once,
 * each row checked as it is handed out, the walk ending at the first row
 * mibtcp_open() rejects with mibtcp_open()'s error. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "expect.h"
#include "mibtcp_fast.h"
#include "run_suite.h"
#include "table_builder.h"

static void expect_same_error(const mibtcp_error *actual, const mibtcp_error *expected)
{
    ck_assert_int_eq(actual->status, expected->status);
    ck_assert_int_eq(actual->row, expected->row);
    ck_assert_int_eq(actual->field, expected->field);
    ck_assert_uint_eq(actual->offset, expected->offset);
    ck_assert_uint_eq(actual->value, expected->value);
}

/* Rows handed out by a single pass over @p tb, checking each one's place.
 * The walk ends with END_OF_ROWS at the end of a valid table and otherwise
 * with the status mibtcp_iter_error() gives for the first bad row, which
 * every further call repeats. */
static uint32_t walk(const tb_table *tb, mibtcp_policy policy, mibtcp_iter *it)
{
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_open(it, tb->bytes, tb->len, tb->kind, policy, &err), MIBTCP_OK);
    ck_assert_int_eq(err.status, MIBTCP_OK);
    mibtcp_record rec;
    uint32_t seen = 0;
    mibtcp_status status;
    while ((status = mibtcp_iter_next_record(it, &rec)) == MIBTCP_OK) {
        ck_assert_uint_eq(rec.index, seen);
        ck_assert_uint_eq(rec.offset, tb_row_offset(tb, seen));
        ck_assert_uint_eq(rec.pid, tb_has_field(tb->kind, MIBTCP_FIELD_PID) ? tb_default_pid(seen) : 0);
        seen++;
    }
    const mibtcp_status why = mibtcp_iter_error(it, NULL);
    ck_assert_int_eq(status, why == MIBTCP_OK ? MIBTCP_END_OF_ROWS : why);
    ck_assert_int_eq(mibtcp_iter_next_record(it, &rec), status);
    return seen;
}

START_TEST(valid_table_is_walked_to_the_end)
{
    tb_table tb;
    tb_init(&tb, all_kinds[_i], 2100); /* several 16 KiB batches even for the 8-byte rows */
    mibtcp_iter it;
    ck_assert_uint_eq(walk(&tb, MIBTCP_POLICY_STRICT, &it), 2100);
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_error(&it, &err), MIBTCP_OK);
    ck_assert_int_eq(err.status, MIBTCP_OK);
    tb_free(&tb);
}
END_TEST

START_TEST(walk_stops_before_the_first_bad_state)
{
    tb_table tb;
    tb_init(&tb, tcp_kinds[_i], 1200);
    tb_row_state(&tb, 1000, 13);
    tb_row_state(&tb, 1100, 0);
    mibtcp_iter it;
    ck_assert_uint_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &it), 1000);
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_error(&it, &err), MIBTCP_ERR_BAD_STATE);
    mibtcp_error expected = row_error(&tb, MIBTCP_ERR_BAD_STATE, 1000, MIBTCP_FIELD_STATE, 13);
    expect_same_error(&err, &expected);
    /* The record reader says why it stopped, not END_OF_ROWS, and writes nothing. */
    mibtcp_record rec;
    memset(&rec, 0xAB, sizeof rec);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_ERR_BAD_STATE);
    ck_assert_uint_eq(((const uint8_t *)&rec)[0], 0xAB);
    ck_assert_ptr_null(mibtcp_iter_next_bytes(&it));
    tb_free(&tb);
}
END_TEST

/* Strict: the port at the lower offset is the error, as in mibtcp_open(). */
START_TEST(strict_walk_reports_the_first_bad_field_in_buffer_order)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP6_ROW2, 5);
    tb_row_u32(&tb, 3, MIBTCP_FIELD_OFFLOAD_STATE, 9);
    tb_row_port(&tb, 3, MIBTCP_FIELD_REMOTE_PORT, 0x00010050u);
    mibtcp_iter it;
    ck_assert_uint_eq(walk(&tb, MIBTCP_POLICY_STRICT, &it), 3);
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_error(&it, &err), MIBTCP_ERR_PORT_HIGH_BITS);
    mibtcp_error expected = row_error(&tb, MIBTCP_ERR_PORT_HIGH_BITS, 3, MIBTCP_FIELD_REMOTE_PORT, 0x00010050u);
    expect_same_error(&err, &expected);
    ck_assert_uint_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &it), 3);
    ck_assert_int_eq(mibtcp_iter_error(&it, &err), MIBTCP_ERR_BAD_OFFLOAD_STATE);
    tb_free(&tb);
}
END_TEST

START_TEST(structural_errors_come_from_the_open)
{
    tb_table tb;
    tb_init(&tb, all_kinds[_i], 4);
    tb_set_count(&tb, 5);
    mibtcp_iter it;
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, &err),
                     MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
    const mibtcp_error expected = {MIBTCP_ERR_COUNT_EXCEEDS_BUFFER, MIBTCP_NO_ROW, MIBTCP_FIELD_NUM_ENTRIES, 0, 5};
    expect_same_error(&err, &expected);
    ck_assert_ptr_null(mibtcp_iter_next_bytes(&it));
    tb_set_count(&tb, 3);
    const mibtcp_error trailing = {MIBTCP_ERR_LENGTH_MISMATCH, MIBTCP_NO_ROW, MIBTCP_FIELD_TRAILING,
                                   tb_row_offset(&tb, 3), tb_kind_stride(tb.kind)};
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_STRICT, &err),
                     MIBTCP_ERR_LENGTH_MISMATCH);
    expect_same_error(&err, &trailing);
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, 2, tb.kind, MIBTCP_POLICY_LENIENT, NULL), MIBTCP_ERR_TOO_SHORT);
    ck_assert_int_eq(mibtcp_iter_open(&it, NULL, 8, tb.kind, MIBTCP_POLICY_LENIENT, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, MIBTCP_KIND_UNKNOWN, MIBTCP_POLICY_LENIENT, NULL),
                     MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_iter_open(NULL, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, &err),
                     MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(err.status, MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_error(NULL, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_ptr_null(mibtcp_iter_check_more(NULL));
    tb_free(&tb);
}
END_TEST

/* Called directly, check_more hands out the next row like the inline step. */
START_TEST(check_more_hands_out_the_next_row)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_UDP4_BASIC, 3);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, NULL), MIBTCP_OK);
    for (uint32_t i = 0; i < 3; i++) {
        ck_assert_ptr_eq(mibtcp_iter_check_more(&it), tb.bytes + tb_row_offset(&tb, i));
    }
    ck_assert_ptr_null(mibtcp_iter_check_more(&it));
    tb_free(&tb);
}
END_TEST

/* Batches cover every row once, in order, stride apart, and stop at the bad row. */
START_TEST(batches_cover_the_rows_up_to_the_first_bad_one)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_BASIC, 3000); /* 60 KB: several batches */
    tb_row_state(&tb, 2500, 0);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, NULL), MIBTCP_OK);
    const uint8_t *rows;
    size_t seen = 0, batches = 0;
    for (size_t n = mibtcp_iter_next_rows(&it, &rows); n > 0; n = mibtcp_iter_next_rows(&it, &rows)) {
        ck_assert_ptr_eq(rows, tb.bytes + tb_row_offset(&tb, (uint32_t)seen));
        seen += n;
        batches++;
    }
    ck_assert_uint_eq(seen, 2500);
    ck_assert_uint_gt(batches, 1);
    ck_assert_int_eq(mibtcp_iter_error(&it, NULL), MIBTCP_ERR_BAD_STATE);
    tb_free(&tb);
}
END_TEST

/* xorshift32: reproducible damage on every host. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Many damaged buffers of every kind and policy: the single pass hands out
 * exactly the rows before mibtcp_open()'s error row and ends with the same
 * error (or all rows and MIBTCP_OK). */
START_TEST(single_pass_agrees_with_open_on_damaged_tables)
{
    const mibtcp_kind kind = all_kinds[_i];
    uint32_t random = 0x9E3779B9u ^ (uint32_t)kind;
    for (int round = 0; round < 60; round++) {
        const uint32_t rows = 1 + next_random(&random) % 2100;
        tb_table tb;
        tb_init(&tb, kind, rows);
        const int damages = (int)(next_random(&random) % 4);
        for (int d = 0; d < damages; d++) {
            const size_t at = tb.header + next_random(&random) % (tb.len - tb.header);
            tb.bytes[at] = (uint8_t)next_random(&random);
        }
        for (size_t p = 0; p < 2; p++) {
            mibtcp_view view;
            mibtcp_error open_err;
            const mibtcp_status status = mibtcp_open(&view, tb.bytes, tb.len, kind, both_policies[p], &open_err);
            mibtcp_iter it;
            ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, kind, both_policies[p], NULL), MIBTCP_OK);
            uint32_t seen = 0;
            while (mibtcp_iter_next_bytes(&it) != NULL) {
                seen++;
            }
            mibtcp_error err;
            ck_assert_int_eq(mibtcp_iter_error(&it, &err), status);
            expect_same_error(&err, &open_err);
            ck_assert_uint_eq(seen, status == MIBTCP_OK ? rows : (uint32_t)open_err.row);

            ck_assert_int_eq(mibtcp_iter_open(&it, tb.bytes, tb.len, kind, both_policies[p], NULL), MIBTCP_OK);
            mibtcp_cursor cur = mibtcp_iter_cursor(&it);
            const uint8_t *row;
            for (seen = 0; mibtcp_cursor_next(&cur, &row); seen++) {
                ck_assert_ptr_eq(row, tb.bytes + tb_row_offset(&tb, seen));
            }
            ck_assert_int_eq(mibtcp_iter_sync(&it, cur, &err), status);
            expect_same_error(&err, &open_err);
            ck_assert_uint_eq(seen, status == MIBTCP_OK ? rows : (uint32_t)open_err.row);
        }
        tb_free(&tb);
    }
}
END_TEST

/* Rows a cursor hands out, each checked against the builder's place for it. */
static uint32_t walk_cursor(const tb_table *tb, mibtcp_cursor *cur, uint32_t first)
{
    const uint8_t *row;
    uint32_t seen = first;
    while (mibtcp_cursor_next(cur, &row)) {
        ck_assert_ptr_eq(row, tb->bytes + tb_row_offset(tb, seen));
        seen++;
    }
    return seen;
}

static void open_pass(const tb_table *tb, mibtcp_policy policy, mibtcp_iter *it)
{
    ck_assert_int_eq(mibtcp_iter_open(it, tb->bytes, tb->len, tb->kind, policy, NULL), MIBTCP_OK);
}

/* Where the cursor stopped is the builder's bad row, with mibtcp_open()'s error for it. */
static void expect_sync_fails_at(mibtcp_iter *it, mibtcp_cursor cur, const tb_table *tb, mibtcp_status status,
                                 uint32_t row, mibtcp_field field, uint32_t value)
{
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_sync(it, cur, &err), status);
    const mibtcp_error expected = row_error(tb, status, row, field, value);
    expect_same_error(&err, &expected);
    ck_assert_ptr_null(mibtcp_iter_next_bytes(it));
    ck_assert_int_eq(mibtcp_iter_error(it, NULL), status);
}

START_TEST(cursor_walks_every_row_of_a_valid_table)
{
    tb_table tb;
    tb_init(&tb, all_kinds[_i], 2100);
    for (size_t p = 0; p < 2; p++) {
        mibtcp_iter it;
        open_pass(&tb, both_policies[p], &it);
        mibtcp_cursor cur = mibtcp_iter_cursor_known(&it, tb.kind, both_policies[p]);
        ck_assert_uint_eq(walk_cursor(&tb, &cur, 0), 2100);
        mibtcp_error err;
        ck_assert_int_eq(mibtcp_iter_sync(&it, cur, &err), MIBTCP_OK);
        ck_assert_int_eq(err.status, MIBTCP_OK);
        ck_assert_ptr_null(mibtcp_iter_next_bytes(&it));
    }
    tb_free(&tb);
}
END_TEST

/* The reason for the cursor: a constant kind. Each loop below is the one a
 * reader of that kind writes; the values are the builder's. */
START_TEST(cursor_with_a_constant_kind_reads_the_builder_values)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP6_MODULE, 300);
    tb_row_state(&tb, 250, 0);
    mibtcp_iter it;
    open_pass(&tb, MIBTCP_POLICY_LENIENT, &it);
    const mibtcp_row_layout at = mibtcp_layout_known(MIBTCP_KIND_TCP6_MODULE);
    mibtcp_cursor cur = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_TCP6_MODULE, MIBTCP_POLICY_LENIENT);
    const uint8_t *row;
    uint32_t seen = 0;
    while (mibtcp_cursor_next(&cur, &row)) {
        ck_assert_uint_eq(mibtcp_load_le32(row + at.pid), tb_default_pid(seen));
        ck_assert_int_eq(mibtcp_load_le64_signed(row + at.created), tb_default_created(seen));
        ck_assert_uint_eq(mibtcp_port_from_raw(mibtcp_load_le32(row + at.local_port)), tb_default_local_port(seen));
        seen++;
    }
    ck_assert_uint_eq(seen, 250);
    expect_sync_fails_at(&it, cur, &tb, MIBTCP_ERR_BAD_STATE, 250, MIBTCP_FIELD_STATE, 0);
    tb_free(&tb);
}
END_TEST

/* Strict checks inline: the port at the lower offset, as in mibtcp_open(). */
START_TEST(cursor_stops_at_the_first_bad_field_in_buffer_order)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP6_ROW2, 5);
    tb_row_u32(&tb, 3, MIBTCP_FIELD_OFFLOAD_STATE, 9);
    tb_row_port(&tb, 3, MIBTCP_FIELD_REMOTE_PORT, 0x00010050u);
    mibtcp_iter it;
    open_pass(&tb, MIBTCP_POLICY_STRICT, &it);
    mibtcp_cursor cur = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_TCP6_ROW2, MIBTCP_POLICY_STRICT);
    ck_assert_uint_eq(walk_cursor(&tb, &cur, 0), 3);
    expect_sync_fails_at(&it, cur, &tb, MIBTCP_ERR_PORT_HIGH_BITS, 3, MIBTCP_FIELD_REMOTE_PORT, 0x00010050u);
    tb_free(&tb);
}
END_TEST

/* Left early, a cursor gives the rest back: the iterator goes on from there. */
START_TEST(cursor_left_halfway_hands_the_rest_to_the_iterator)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_PID, 1500);
    tb_row_state(&tb, 1400, 77);
    mibtcp_iter it;
    open_pass(&tb, MIBTCP_POLICY_LENIENT, &it);
    mibtcp_cursor cur = mibtcp_iter_cursor(&it);
    const uint8_t *row;
    for (uint32_t i = 0; i < 600; i++) {
        ck_assert(mibtcp_cursor_next(&cur, &row));
    }
    ck_assert_int_eq(mibtcp_iter_sync(&it, cur, NULL), MIBTCP_OK); /* the bad row is beyond the batch checked */
    mibtcp_record r;
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &r), MIBTCP_OK);
    ck_assert_uint_eq(r.index, 600);
    ck_assert_uint_eq(r.offset, tb_row_offset(&tb, 600));
    cur = mibtcp_iter_cursor(&it);
    ck_assert_uint_eq(walk_cursor(&tb, &cur, 601), 1400);
    expect_sync_fails_at(&it, cur, &tb, MIBTCP_ERR_BAD_STATE, 1400, MIBTCP_FIELD_STATE, 77);
    tb_free(&tb);
}
END_TEST

/* An open view's rows were checked under its policy; a cursor over them
 * must name that policy, and re-checks them (all pass). */
START_TEST(cursor_over_a_view_needs_the_view_policy)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_UDP6_MODULE, 40);
    mibtcp_view view;
    ck_assert_int_eq(mibtcp_open(&view, tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_STRICT, NULL), MIBTCP_OK);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    mibtcp_cursor wrong = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_UDP6_MODULE, MIBTCP_POLICY_LENIENT);
    const uint8_t *row;
    ck_assert(!mibtcp_cursor_next(&wrong, &row));
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_sync(&it, wrong, &err), MIBTCP_ERR_BAD_ARGUMENT);
    ck_assert_int_eq(err.status, MIBTCP_ERR_BAD_ARGUMENT);
    wrong = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_UDP4_MODULE, MIBTCP_POLICY_STRICT);
    ck_assert(!mibtcp_cursor_next(&wrong, &row));
    mibtcp_cursor cur = mibtcp_iter_cursor_known(&it, MIBTCP_KIND_UDP6_MODULE, MIBTCP_POLICY_STRICT);
    ck_assert_uint_eq(walk_cursor(&tb, &cur, 0), 40);
    ck_assert_int_eq(mibtcp_iter_sync(&it, cur, NULL), MIBTCP_OK);
    tb_free(&tb);
}
END_TEST

/* Cursor members are the caller's to overwrite: sync accepts only a row
 * boundary of the iterator's remaining rows and otherwise moves nothing. */
START_TEST(sync_refuses_a_forged_cursor)
{
    tb_table tb, other;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 10);
    tb_init(&other, MIBTCP_KIND_TCP4_MODULE, 10);
    mibtcp_iter it;
    open_pass(&tb, MIBTCP_POLICY_LENIENT, &it);
    ck_assert_ptr_nonnull(mibtcp_iter_next_bytes(&it)); /* row 0 handed out */
    const mibtcp_cursor good = mibtcp_iter_cursor(&it);
    mibtcp_cursor forged = good;
    forged.next_ = good.next_ + 1; /* inside a row */
    ck_assert_int_eq(mibtcp_iter_sync(&it, forged, NULL), MIBTCP_ERR_BAD_ARGUMENT);
    forged.next_ = tb.bytes + tb_row_offset(&tb, 0); /* behind the iterator */
    ck_assert_int_eq(mibtcp_iter_sync(&it, forged, NULL), MIBTCP_ERR_BAD_ARGUMENT);
    forged.next_ = tb.bytes + tb.len + 160; /* past the rows */
    ck_assert_int_eq(mibtcp_iter_sync(&it, forged, NULL), MIBTCP_ERR_BAD_ARGUMENT);
    forged.next_ = other.bytes + tb_row_offset(&other, 3); /* another buffer */
    ck_assert_int_eq(mibtcp_iter_sync(&it, forged, NULL), MIBTCP_ERR_BAD_ARGUMENT);
    forged.next_ = NULL;
    ck_assert_int_eq(mibtcp_iter_sync(&it, forged, NULL), MIBTCP_ERR_BAD_ARGUMENT);
    ck_assert_ptr_eq(mibtcp_iter_next_bytes(&it), tb.bytes + tb_row_offset(&tb, 1)); /* nothing moved */
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_iter_sync(NULL, good, &err), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(err.status, MIBTCP_ERR_NULL_ARGUMENT);
    mibtcp_iter none;
    ck_assert_int_eq(mibtcp_iter_init(&none, NULL), MIBTCP_ERR_NULL_ARGUMENT); /* an iterator without rows */
    mibtcp_cursor empty = mibtcp_iter_cursor(&none);
    ck_assert(!mibtcp_cursor_next(&empty, &(const uint8_t *){NULL}));
    ck_assert_int_eq(mibtcp_iter_sync(&none, empty, NULL), MIBTCP_OK);
    tb_free(&tb);
    tb_free(&other);
}
END_TEST

static Suite *single_pass_suite(void)
{
    Suite *s = suite_create("single pass");
    TCase *tc = tcase_create("single pass");
    tcase_add_loop_test(tc, valid_table_is_walked_to_the_end, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(tc, walk_stops_before_the_first_bad_state, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_test(tc, strict_walk_reports_the_first_bad_field_in_buffer_order);
    tcase_add_loop_test(tc, structural_errors_come_from_the_open, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(tc, check_more_hands_out_the_next_row);
    tcase_add_test(tc, batches_cover_the_rows_up_to_the_first_bad_one);
    tcase_add_loop_test(tc, single_pass_agrees_with_open_on_damaged_tables, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(tc, cursor_walks_every_row_of_a_valid_table, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(tc, cursor_with_a_constant_kind_reads_the_builder_values);
    tcase_add_test(tc, cursor_stops_at_the_first_bad_field_in_buffer_order);
    tcase_add_test(tc, cursor_left_halfway_hands_the_rest_to_the_iterator);
    tcase_add_test(tc, cursor_over_a_view_needs_the_view_policy);
    tcase_add_test(tc, sync_refuses_a_forged_cursor);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(single_pass_suite());
}
