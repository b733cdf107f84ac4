/*
 * Assertions shared by the suites: open a built table and check the outcome
 * completely (status, error location, state of the view afterwards), so each
 * test states only its scenario and the expected result.
 */
#ifndef MIBTCP_TESTS_EXPECT_H
#define MIBTCP_TESTS_EXPECT_H

#include <stddef.h>

#include "mibtcp.h"
#include "table_builder.h"

/* Kinds the suites iterate over with tcase_add_loop_test (index = _i). */
extern const mibtcp_kind all_kinds[];
extern const size_t all_kinds_count;
extern const mibtcp_kind seed_kinds[]; /* tcp4-module, tcp6-module */
extern const size_t seed_kinds_count;
extern const mibtcp_kind tcp_kinds[];
extern const size_t tcp_kinds_count;
extern const mibtcp_kind module_kinds[]; /* 8-byte header */
extern const size_t module_kinds_count;

extern const mibtcp_policy both_policies[2];

#define LOOP_COUNT(name) ((int)name##_count)

/* Open @p tb under @p policy; assert success, the row count and the kind. */
void expect_open_ok(const tb_table *tb, mibtcp_policy policy, uint32_t expected_rows, mibtcp_view *view);

/*
 * Open @p tb under @p policy; assert that it fails with exactly @p expected
 * (status, row, field, offset, value), that the view is left empty, and that
 * mibtcp_findings() returns the same status.
 */
void expect_open_error(const tb_table *tb, mibtcp_policy policy, mibtcp_error expected);

/* Assert @p view exposes nothing: 0 rows, kind UNKNOWN, no row by index or iterator. */
void expect_view_empty(const mibtcp_view *view);

/* The error a failing open reports for a field of one row of @p tb. */
mibtcp_error row_error(const tb_table *tb, mibtcp_status status, uint32_t row, mibtcp_field field, uint64_t value);

const char *policy_name(mibtcp_policy policy);

#endif
