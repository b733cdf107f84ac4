#include "expect.h"

#include <check.h>
#include <inttypes.h>

const mibtcp_kind all_kinds[] = {
#define KIND_ENTRY_(name, value, text) MIBTCP_KIND_##name,
    MIBTCP_KIND_LIST(KIND_ENTRY_)
#undef KIND_ENTRY_
};
const size_t all_kinds_count = sizeof all_kinds / sizeof all_kinds[0];

const mibtcp_kind seed_kinds[] = {MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE};
const size_t seed_kinds_count = sizeof seed_kinds / sizeof seed_kinds[0];

const mibtcp_kind tcp_kinds[] = {
    MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE, MIBTCP_KIND_TCP4_PID,  MIBTCP_KIND_TCP6_PID,
    MIBTCP_KIND_TCP4_BASIC,  MIBTCP_KIND_TCP6_BASIC,  MIBTCP_KIND_TCP4_ROW2, MIBTCP_KIND_TCP6_ROW2,
};
const size_t tcp_kinds_count = sizeof tcp_kinds / sizeof tcp_kinds[0];

const mibtcp_kind module_kinds[] = {
    MIBTCP_KIND_TCP4_MODULE,
    MIBTCP_KIND_TCP6_MODULE,
    MIBTCP_KIND_UDP4_MODULE,
    MIBTCP_KIND_UDP6_MODULE,
};
const size_t module_kinds_count = sizeof module_kinds / sizeof module_kinds[0];

const mibtcp_policy both_policies[2] = {MIBTCP_POLICY_LENIENT, MIBTCP_POLICY_STRICT};

const char *policy_name(mibtcp_policy policy)
{
    return policy == MIBTCP_POLICY_STRICT ? "strict" : policy == MIBTCP_POLICY_LENIENT ? "lenient" : "bad-policy";
}

void expect_view_empty(const mibtcp_view *view)
{
    ck_assert_uint_eq(mibtcp_view_count(view), 0);
    ck_assert_int_eq(mibtcp_view_kind(view), MIBTCP_KIND_UNKNOWN);
    ck_assert_uint_eq(mibtcp_view_trailing(view), 0);
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_view_record(view, 0, &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, view), MIBTCP_OK);
    ck_assert_msg(mibtcp_iter_next_record(&it, &rec) == MIBTCP_END_OF_ROWS, "a failed view must yield no rows");
}

void expect_open_ok(const tb_table *tb, mibtcp_policy policy, uint32_t expected_rows, mibtcp_view *view)
{
    mibtcp_error err;
    mibtcp_status status = mibtcp_open(view, tb->bytes, tb->len, tb->kind, policy, &err);
    ck_assert_msg(status == MIBTCP_OK,
                  "%s %s, %zu bytes: expected OK, got %s (row %" PRId64 ", field %s, offset %" PRIu64 ", value %" PRIu64
                  ")",
                  mibtcp_kind_name(tb->kind), policy_name(policy), tb->len, mibtcp_status_name(status), err.row,
                  mibtcp_field_name(err.field), err.offset, err.value);
    ck_assert_uint_eq(mibtcp_view_count(view), expected_rows);
    ck_assert_int_eq(mibtcp_view_kind(view), tb->kind);
    ck_assert_int_eq(mibtcp_findings(tb->bytes, tb->len, tb->kind, policy, NULL, NULL), MIBTCP_OK);
}

void expect_open_error(const tb_table *tb, mibtcp_policy policy, mibtcp_error expected)
{
    mibtcp_view view;
    mibtcp_error err;
    mibtcp_status status = mibtcp_open(&view, tb->bytes, tb->len, tb->kind, policy, &err);
    ck_assert_msg(status == expected.status && err.status == expected.status && err.row == expected.row &&
                      err.field == expected.field && err.offset == expected.offset && err.value == expected.value,
                  "%s %s, %zu bytes: expected %s row %" PRId64 " field %s offset %" PRIu64 " value %" PRIu64
                  "; got %s (err.status %s) row %" PRId64 " field %s offset %" PRIu64 " value %" PRIu64,
                  mibtcp_kind_name(tb->kind), policy_name(policy), tb->len, mibtcp_status_name(expected.status),
                  expected.row, mibtcp_field_name(expected.field), expected.offset, expected.value,
                  mibtcp_status_name(status), mibtcp_status_name(err.status), err.row, mibtcp_field_name(err.field),
                  err.offset, err.value);
    expect_view_empty(&view);
    ck_assert_int_eq(mibtcp_findings(tb->bytes, tb->len, tb->kind, policy, NULL, NULL), expected.status);
}

mibtcp_error row_error(const tb_table *tb, mibtcp_status status, uint32_t row, mibtcp_field field, uint64_t value)
{
    mibtcp_error e = {status, (int64_t)row, field, (uint64_t)tb_field_at(tb, row, field), value};
    return e;
}
