/* mibtcp_findings(): every finding code, its severity under each policy, and the walk's contract. */
#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "run_suite.h"
#include "table_builder.h"

#define MAX_FINDINGS 64

typedef struct collector {
    mibtcp_finding items[MAX_FINDINGS];
    size_t count;
    size_t stop_after; /* 0: never stop */
} collector;

static bool collect(void *ctx, const mibtcp_finding *finding)
{
    collector *c = ctx;
    ck_assert_msg(c->count < MAX_FINDINGS, "more findings than this test expects");
    c->items[c->count++] = *finding;
    return c->stop_after == 0 || c->count < c->stop_after;
}

/* Walk @p tb, and check the walk's status is exactly what mibtcp_open() says. */
static mibtcp_status walk(const tb_table *tb, mibtcp_policy policy, collector *c)
{
    memset(c, 0, sizeof *c);
    mibtcp_status status = mibtcp_findings(tb->bytes, tb->len, tb->kind, policy, collect, c);
    mibtcp_view view;
    mibtcp_status opened = mibtcp_open(&view, tb->bytes, tb->len, tb->kind, policy, NULL);
    ck_assert_msg(status == opened, "%s %s: findings returned %s, open returned %s", mibtcp_kind_name(tb->kind),
                  policy_name(policy), mibtcp_status_name(status), mibtcp_status_name(opened));
    return status;
}

/* Severity expectations: the contract pins ERROR exactly; other levels only where stated. */
enum { NOT_ERROR = -1 };

static int strict_only_severity(mibtcp_policy policy)
{
    return policy == MIBTCP_POLICY_STRICT ? MIBTCP_SEVERITY_ERROR : NOT_ERROR;
}

typedef struct expected_finding {
    mibtcp_finding_code code;
    int severity; /* a mibtcp_severity, or NOT_ERROR for "INFO or WARNING" */
    int64_t row;
    mibtcp_field field;
    uint64_t offset;
    uint64_t value;
} expected_finding;

static bool severity_matches(int expected, mibtcp_severity actual)
{
    if (expected == NOT_ERROR) {
        return actual == MIBTCP_SEVERITY_INFO || actual == MIBTCP_SEVERITY_WARNING;
    }
    return (int)actual == expected;
}

static bool finding_matches(const mibtcp_finding *f, const expected_finding *e)
{
    return f->code == e->code && severity_matches(e->severity, f->severity) && f->row == e->row &&
           f->field == e->field && f->offset == e->offset && f->value == e->value;
}

static size_t count_code(const collector *c, mibtcp_finding_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < c->count; i++) {
        n += c->items[i].code == code;
    }
    return n;
}

static void describe_findings(const collector *c, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < c->count && used < size; i++) {
        const mibtcp_finding *f = &c->items[i];
        int n = snprintf(out + used, size - used, " [%s %s row %" PRId64 " %s @%" PRIu64 " =%" PRIu64 "]",
                         mibtcp_finding_name(f->code), mibtcp_severity_name(f->severity), f->row,
                         mibtcp_field_name(f->field), f->offset, f->value);
        used += n > 0 ? (size_t)n : 0;
    }
}

/* Exactly one finding with the expected code, and it matches completely. */
static void expect_finding(const collector *c, expected_finding e)
{
    char seen[2048];
    describe_findings(c, seen, sizeof seen);
    ck_assert_msg(count_code(c, e.code) == 1, "expected one %s, saw:%s", mibtcp_finding_name(e.code), seen);
    for (size_t i = 0; i < c->count; i++) {
        if (c->items[i].code == e.code) {
            ck_assert_msg(finding_matches(&c->items[i], &e),
                          "expected %s severity %d row %" PRId64 " %s @%" PRIu64 " =%" PRIu64 ", saw:%s",
                          mibtcp_finding_name(e.code), e.severity, e.row, mibtcp_field_name(e.field), e.offset, e.value,
                          seen);
        }
    }
}

static void expect_only_finding(const collector *c, expected_finding e)
{
    char seen[2048];
    describe_findings(c, seen, sizeof seen);
    ck_assert_msg(c->count == 1, "expected only %s, saw:%s", mibtcp_finding_name(e.code), seen);
    expect_finding(c, e);
}

static void expect_no_findings(const collector *c)
{
    char seen[2048];
    describe_findings(c, seen, sizeof seen);
    ck_assert_msg(c->count == 0, "expected no findings, saw:%s", seen);
}

static expected_finding row_finding(const tb_table *tb, mibtcp_finding_code code, int severity, uint32_t row,
                                    mibtcp_field field, uint64_t value)
{
    expected_finding e = {code, severity, row, field, tb_field_at(tb, row, field), value};
    return e;
}

static expected_finding table_finding(mibtcp_finding_code code, int severity, mibtcp_field field, uint64_t offset,
                                      uint64_t value)
{
    expected_finding e = {code, severity, MIBTCP_NO_ROW, field, offset, value};
    return e;
}

static const mibtcp_kind row2_kinds[] = {MIBTCP_KIND_TCP4_ROW2, MIBTCP_KIND_TCP6_ROW2};
static const size_t row2_kinds_count = sizeof row2_kinds / sizeof row2_kinds[0];
static const mibtcp_kind udp_module_kinds[] = {MIBTCP_KIND_UDP4_MODULE, MIBTCP_KIND_UDP6_MODULE};
static const size_t udp_module_kinds_count = sizeof udp_module_kinds / sizeof udp_module_kinds[0];

/* ---- clean input ---- */

START_TEST(default_tables_have_no_findings)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, all_kinds[_i], 3);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
        expect_no_findings(&c);
        tb_free(&tb);
    }
}
END_TEST

/* ---- header and length ---- */

START_TEST(buffer_too_short)
{
    collector c;
    for (size_t len = 0; len < 4; len++) {
        for (size_t p = 0; p < 2; p++) {
            tb_table tb;
            tb_init(&tb, seed_kinds[_i], 0);
            tb_resize(&tb, len);
            ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_TOO_SHORT);
            expect_only_finding(&c, table_finding(MIBTCP_FINDING_BUFFER_TOO_SHORT, MIBTCP_SEVERITY_ERROR,
                                                  MIBTCP_FIELD_NUM_ENTRIES, 0, len));
            tb_free(&tb);
        }
    }
}
END_TEST

START_TEST(count_exceeds_buffer_at_a_row_boundary)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, seed_kinds[_i], 2);
        tb_set_count(&tb, 3);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
        expect_only_finding(&c, table_finding(MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, MIBTCP_SEVERITY_ERROR,
                                              MIBTCP_FIELD_NUM_ENTRIES, 0, 3));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(truncated_row)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, seed_kinds[_i], 3);
        size_t cut_at = tb_row_offset(&tb, 2) + tb.stride / 2;
        tb_resize(&tb, cut_at);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
        expect_finding(&c, table_finding(MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, MIBTCP_SEVERITY_ERROR,
                                         MIBTCP_FIELD_NUM_ENTRIES, 0, 3));
        expected_finding truncated = {MIBTCP_FINDING_TRUNCATED_ROW, MIBTCP_SEVERITY_ERROR, 2, MIBTCP_FIELD_ROW,
                                      tb_row_offset(&tb, 2),        tb.stride / 2};
        expect_finding(&c, truncated);
        ck_assert_uint_eq(c.count, 2);
        tb_free(&tb);
    }
}
END_TEST

START_TEST(header_incomplete)
{
    collector c;
    mibtcp_kind kind = module_kinds[_i];
    for (size_t len = 4; len < 8; len++) {
        tb_table tb;
        tb_init(&tb, kind, 0);
        tb_resize(&tb, len);
        /* Reported where the buffer ends, with the length as value. */
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &c), MIBTCP_OK);
        expect_only_finding(
            &c, table_finding(MIBTCP_FINDING_HEADER_INCOMPLETE, NOT_ERROR, MIBTCP_FIELD_HEADER_PADDING, len, len));
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_STRICT, &c), MIBTCP_ERR_LENGTH_MISMATCH);
        expect_only_finding(&c, table_finding(MIBTCP_FINDING_HEADER_INCOMPLETE, MIBTCP_SEVERITY_ERROR,
                                              MIBTCP_FIELD_HEADER_PADDING, len, len));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(header_padding_dirty)
{
    static const uint32_t dirty[] = {0xdeadbeefu, 0x00000100u, 0x80000000u};
    collector c;
    mibtcp_kind kind = module_kinds[_i];
    for (size_t i = 0; i < sizeof dirty / sizeof dirty[0]; i++) {
        for (size_t p = 0; p < 2; p++) {
            tb_table tb;
            tb_init(&tb, kind, 1);
            tb_header_padding(&tb, dirty[i]);
            ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
            expect_only_finding(&c, table_finding(MIBTCP_FINDING_HEADER_PADDING_DIRTY, NOT_ERROR,
                                                  MIBTCP_FIELD_HEADER_PADDING, 4, dirty[i]));
            tb_free(&tb);
        }
    }
}
END_TEST

START_TEST(count_exceeds_buffer_inside_header_padding)
{
    collector c;
    for (size_t len = 4; len < 8; len++) {
        tb_table tb;
        tb_init(&tb, module_kinds[_i], 0);
        tb_set_count(&tb, 1);
        tb_resize(&tb, len);
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &c), MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
        /* The buffer ends in the header, not inside a row: no TRUNCATED_ROW. */
        expect_only_finding(&c, table_finding(MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, MIBTCP_SEVERITY_ERROR,
                                              MIBTCP_FIELD_NUM_ENTRIES, 0, 1));
        tb_free(&tb);
    }
}
END_TEST

/* Only the padding bytes that exist are read and reported (exact-size buffer: ASan sees any more). */
START_TEST(partial_header_padding_dirty)
{
    collector c;
    tb_table tb;
    tb_init(&tb, module_kinds[_i], 0);
    tb_header_padding(&tb, 0x0000CDABu);
    tb_resize(&tb, 6);
    ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &c), MIBTCP_OK);
    ck_assert_uint_eq(c.count, 2);
    expect_finding(
        &c, table_finding(MIBTCP_FINDING_HEADER_PADDING_DIRTY, NOT_ERROR, MIBTCP_FIELD_HEADER_PADDING, 4, 0xCDABu));
    expect_finding(&c, table_finding(MIBTCP_FINDING_HEADER_INCOMPLETE, NOT_ERROR, MIBTCP_FIELD_HEADER_PADDING, 6, 6));
    tb_free(&tb);
}
END_TEST

static void expect_trailing_finding(mibtcp_kind kind, size_t trailing, mibtcp_finding_code code)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        mibtcp_policy policy = both_policies[p];
        tb_table tb;
        tb_init(&tb, kind, 2);
        tb_trailing(&tb, trailing);
        mibtcp_status status = walk(&tb, policy, &c);
        ck_assert_int_eq(status, policy == MIBTCP_POLICY_STRICT ? MIBTCP_ERR_LENGTH_MISMATCH : MIBTCP_OK);
        expect_only_finding(
            &c, table_finding(code, strict_only_severity(policy), MIBTCP_FIELD_TRAILING, tb_rows_end(&tb), trailing));
        tb_free(&tb);
    }
}

START_TEST(trailing_whole_rows)
{
    size_t stride = tb_kind_stride(all_kinds[_i]);
    expect_trailing_finding(all_kinds[_i], stride, MIBTCP_FINDING_TRAILING_WHOLE_ROWS);
    expect_trailing_finding(all_kinds[_i], 3 * stride, MIBTCP_FINDING_TRAILING_WHOLE_ROWS);
}
END_TEST

START_TEST(trailing_partial)
{
    size_t stride = tb_kind_stride(all_kinds[_i]);
    expect_trailing_finding(all_kinds[_i], 1, MIBTCP_FINDING_TRAILING_PARTIAL);
    expect_trailing_finding(all_kinds[_i], stride - 1, MIBTCP_FINDING_TRAILING_PARTIAL);
    expect_trailing_finding(all_kinds[_i], stride + 3, MIBTCP_FINDING_TRAILING_PARTIAL);
}
END_TEST

/* ---- rows ---- */

START_TEST(state_invalid_in_every_bad_row)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, tcp_kinds[_i], 4);
        tb_row_state(&tb, 0, 0);
        tb_row_state(&tb, 2, 13);
        tb_row_state(&tb, 3, UINT32_MAX);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_BAD_STATE);
        ck_assert_uint_eq(c.count, 3);
        static const uint32_t bad_rows[] = {0, 2, 3};
        static const uint32_t bad_states[] = {0, 13, UINT32_MAX};
        for (size_t i = 0; i < 3; i++) {
            expected_finding e = row_finding(&tb, MIBTCP_FINDING_STATE_INVALID, MIBTCP_SEVERITY_ERROR, bad_rows[i],
                                             MIBTCP_FIELD_STATE, bad_states[i]);
            ck_assert_msg(finding_matches(&c.items[i], &e), "finding %zu is not STATE_INVALID of row %u", i,
                          bad_rows[i]);
        }
        tb_free(&tb);
    }
}
END_TEST

START_TEST(state_reserved)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, tcp_kinds[_i], 2);
        tb_row_state(&tb, 1, MIBTCP_STATE_RESERVED);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
        expect_only_finding(&c, row_finding(&tb, MIBTCP_FINDING_STATE_RESERVED, NOT_ERROR, 1, MIBTCP_FIELD_STATE,
                                            MIBTCP_STATE_RESERVED));
        tb_free(&tb);
    }
}
END_TEST

static void expect_port_finding(mibtcp_kind kind, mibtcp_field port_field)
{
    const uint32_t raw = 0x12340000u | tb_port_raw(3389);
    collector c;
    for (size_t p = 0; p < 2; p++) {
        mibtcp_policy policy = both_policies[p];
        tb_table tb;
        tb_init(&tb, kind, 2);
        tb_row_port(&tb, 1, port_field, raw);
        mibtcp_status status = walk(&tb, policy, &c);
        ck_assert_int_eq(status, policy == MIBTCP_POLICY_STRICT ? MIBTCP_ERR_PORT_HIGH_BITS : MIBTCP_OK);
        expect_only_finding(
            &c, row_finding(&tb, MIBTCP_FINDING_PORT_HIGH_BITS, strict_only_severity(policy), 1, port_field, raw));
        tb_free(&tb);
    }
}

START_TEST(port_high_bits_local)
{
    expect_port_finding(all_kinds[_i], MIBTCP_FIELD_LOCAL_PORT);
}
END_TEST

START_TEST(port_high_bits_remote)
{
    expect_port_finding(tcp_kinds[_i], MIBTCP_FIELD_REMOTE_PORT);
}
END_TEST

START_TEST(listen_remote_set)
{
    static const uint8_t zero_addr[16] = {0};
    collector c;
    mibtcp_kind kind = tcp_kinds[_i];
    for (size_t p = 0; p < 2; p++) {
        mibtcp_policy policy = both_policies[p];
        tb_table tb;
        tb_init(&tb, kind, 3);
        /* Row 0: a clean LISTEN row. Row 1: remote address set. Row 2: only the remote port set. */
        for (uint32_t r = 0; r < 3; r++) {
            tb_row_state(&tb, r, 2);
        }
        tb_row_addr(&tb, 0, MIBTCP_FIELD_REMOTE_ADDR, zero_addr);
        tb_row_port(&tb, 0, MIBTCP_FIELD_REMOTE_PORT, 0);
        tb_row_port(&tb, 1, MIBTCP_FIELD_REMOTE_PORT, 0);
        tb_row_addr(&tb, 2, MIBTCP_FIELD_REMOTE_ADDR, zero_addr);
        ck_assert_int_eq(walk(&tb, policy, &c), MIBTCP_OK);
        ck_assert_uint_eq(c.count, 2);
        ck_assert_uint_eq(count_code(&c, MIBTCP_FINDING_LISTEN_REMOTE_SET), 2);
        ck_assert_int_eq(c.items[0].row, 1);
        ck_assert_int_eq(c.items[1].row, 2);
        for (size_t i = 0; i < 2; i++) {
            ck_assert_msg(severity_matches(NOT_ERROR, c.items[i].severity), "LISTEN_REMOTE_SET must not be an error");
            ck_assert_msg(c.items[i].field == MIBTCP_FIELD_REMOTE_ADDR || c.items[i].field == MIBTCP_FIELD_REMOTE_PORT,
                          "LISTEN_REMOTE_SET names field %s", mibtcp_field_name(c.items[i].field));
            ck_assert_uint_eq(c.items[i].offset, tb_field_at(&tb, (uint32_t)c.items[i].row, c.items[i].field));
        }
        ck_assert_int_eq(c.items[0].field, MIBTCP_FIELD_REMOTE_ADDR);
        ck_assert_int_eq(c.items[1].field, MIBTCP_FIELD_REMOTE_PORT);
        ck_assert_uint_eq(c.items[1].value, tb_port_raw(TB_DEFAULT_REMOTE_PORT));
        tb_free(&tb);
    }
}
END_TEST

static const mibtcp_kind pid_kinds[] = {
    MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE, MIBTCP_KIND_TCP4_PID,    MIBTCP_KIND_TCP6_PID,
    MIBTCP_KIND_TCP4_ROW2,   MIBTCP_KIND_TCP6_ROW2,   MIBTCP_KIND_UDP4_MODULE, MIBTCP_KIND_UDP6_MODULE,
    MIBTCP_KIND_UDP4_PID,    MIBTCP_KIND_UDP6_PID,
};
static const size_t pid_kinds_count = sizeof pid_kinds / sizeof pid_kinds[0];

START_TEST(pid_not_multiple_of_4)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, pid_kinds[_i], 5);
        tb_row_pid(&tb, 0, 0);       /* the idle process */
        tb_row_pid(&tb, 1, 4);       /* System */
        tb_row_pid(&tb, 2, 1234566); /* even, but not a multiple of 4 */
        tb_row_pid(&tb, 3, 7);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
        ck_assert_uint_eq(c.count, 2);
        expected_finding even =
            row_finding(&tb, MIBTCP_FINDING_PID_NOT_MULTIPLE_OF_4, NOT_ERROR, 2, MIBTCP_FIELD_PID, 1234566);
        expected_finding odd =
            row_finding(&tb, MIBTCP_FINDING_PID_NOT_MULTIPLE_OF_4, NOT_ERROR, 3, MIBTCP_FIELD_PID, 7);
        ck_assert(finding_matches(&c.items[0], &even));
        ck_assert(finding_matches(&c.items[1], &odd));
        tb_free(&tb);
    }
}
END_TEST

static const mibtcp_kind timestamp_kinds[] = {MIBTCP_KIND_TCP4_MODULE, MIBTCP_KIND_TCP6_MODULE, MIBTCP_KIND_UDP4_MODULE,
                                              MIBTCP_KIND_UDP6_MODULE};
static const size_t timestamp_kinds_count = sizeof timestamp_kinds / sizeof timestamp_kinds[0];

START_TEST(timestamp_zero)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, timestamp_kinds[_i], 2);
        tb_row_created(&tb, 1, 0);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
        expect_only_finding(
            &c, row_finding(&tb, MIBTCP_FINDING_TIMESTAMP_ZERO, MIBTCP_SEVERITY_INFO, 1, MIBTCP_FIELD_CREATED, 0));
        tb_free(&tb);
    }
}
END_TEST

/* date -u -d 1995-01-01 +%s = 788918400; date -u -d 2100-01-01 +%s = 4102444800; FILETIME = (s + 11644473600) * 10^7 */
#define FT_1995 INT64_C(124333920000000000)
#define FT_2100 INT64_C(157469184000000000)

START_TEST(timestamp_implausible)
{
    static const int64_t implausible[] = {-1, INT64_MIN, 1, FT_1995 - 1, FT_2100, INT64_MAX};
    static const int64_t plausible[] = {FT_1995, FT_2100 - 1};
    collector c;
    for (size_t i = 0; i < sizeof implausible / sizeof implausible[0]; i++) {
        tb_table tb;
        tb_init(&tb, timestamp_kinds[_i], 1);
        tb_row_created(&tb, 0, implausible[i]);
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_STRICT, &c), MIBTCP_OK);
        expect_only_finding(&c, row_finding(&tb, MIBTCP_FINDING_TIMESTAMP_IMPLAUSIBLE, MIBTCP_SEVERITY_WARNING, 0,
                                            MIBTCP_FIELD_CREATED, (uint64_t)implausible[i]));
        tb_free(&tb);
    }
    for (size_t i = 0; i < sizeof plausible / sizeof plausible[0]; i++) {
        tb_table tb;
        tb_init(&tb, timestamp_kinds[_i], 1);
        tb_row_created(&tb, 0, plausible[i]);
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_STRICT, &c), MIBTCP_OK);
        expect_no_findings(&c);
        tb_free(&tb);
    }
}
END_TEST

START_TEST(offload_state_invalid)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, row2_kinds[_i], 2);
        tb_row_u32(&tb, 0, MIBTCP_FIELD_OFFLOAD_STATE, 3); /* TcpConnectionOffloadStateMax-1: valid */
        tb_row_u32(&tb, 1, MIBTCP_FIELD_OFFLOAD_STATE, 4);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_BAD_OFFLOAD_STATE);
        expect_only_finding(&c, row_finding(&tb, MIBTCP_FINDING_OFFLOAD_STATE_INVALID, MIBTCP_SEVERITY_ERROR, 1,
                                            MIBTCP_FIELD_OFFLOAD_STATE, 4));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(udp_flags_unknown_bits)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        mibtcp_policy policy = both_policies[p];
        tb_table tb;
        tb_init(&tb, udp_module_kinds[_i], 2);
        tb_row_u32(&tb, 0, MIBTCP_FIELD_FLAGS, 1);
        tb_row_u32(&tb, 1, MIBTCP_FIELD_FLAGS, 0x11);
        ck_assert_int_eq(walk(&tb, policy, &c), policy == MIBTCP_POLICY_STRICT ? MIBTCP_ERR_UDP_FLAGS : MIBTCP_OK);
        expect_only_finding(&c, row_finding(&tb, MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS, strict_only_severity(policy), 1,
                                            MIBTCP_FIELD_FLAGS, 0x11));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(row_padding_dirty)
{
    collector c;
    mibtcp_kind kind = udp_module_kinds[_i];
    for (size_t p = 0; p < 2; p++) {
        for (unsigned hole = 0; hole < 2; hole++) {
            tb_table tb;
            tb_init(&tb, kind, 2);
            tb_row_padding(&tb, 1, hole, 0xCAFE0001u);
            ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_OK);
            expected_finding e = {MIBTCP_FINDING_ROW_PADDING_DIRTY,
                                  NOT_ERROR,
                                  1,
                                  MIBTCP_FIELD_ROW_PADDING,
                                  tb_row_offset(&tb, 1) + tb_padding_hole_offset(kind, hole),
                                  0xCAFE0001u};
            expect_only_finding(&c, e);
            tb_free(&tb);
        }
    }
}
END_TEST

/* ---- the walk ---- */

/* A buffer with one finding of several kinds, in known buffer order. */
static void build_many_findings(tb_table *tb, mibtcp_kind kind)
{
    tb_init(tb, kind, 3);
    tb_header_padding(tb, 1);
    tb_row_port(tb, 0, MIBTCP_FIELD_LOCAL_PORT, 0x00FF0000u | tb_port_raw(1));
    tb_row_pid(tb, 0, 7);
    tb_row_state(tb, 1, 0);
    tb_row_created(tb, 1, 0);
    tb_row_state(tb, 2, 99);
    tb_trailing(tb, 2);
}

START_TEST(findings_come_in_buffer_order)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        build_many_findings(&tb, seed_kinds[_i]);
        walk(&tb, both_policies[p], &c);
        ck_assert_uint_eq(c.count, 7);
        for (size_t i = 1; i < c.count; i++) {
            ck_assert_msg(c.items[i - 1].offset <= c.items[i].offset, "finding %zu at %" PRIu64 " before %" PRIu64, i,
                          c.items[i].offset, c.items[i - 1].offset);
        }
        ck_assert_int_eq(c.items[0].code, MIBTCP_FINDING_HEADER_PADDING_DIRTY);
        ck_assert_int_eq(c.items[c.count - 1].code, MIBTCP_FINDING_TRAILING_PARTIAL);
        tb_free(&tb);
    }
}
END_TEST

/* Regression (fuzz_findings): in IPv6 rows the remote scope id lies between
 * the remote address and the remote port, so a LISTEN row with only a remote
 * port set must report SCOPE_ID_LARGE before LISTEN_REMOTE_SET. */
static const mibtcp_kind tcp6_kinds[] = {MIBTCP_KIND_TCP6_MODULE, MIBTCP_KIND_TCP6_PID, MIBTCP_KIND_TCP6_BASIC,
                                         MIBTCP_KIND_TCP6_ROW2};
static const size_t tcp6_kinds_count = sizeof tcp6_kinds / sizeof tcp6_kinds[0];

START_TEST(listen_remote_port_is_reported_after_the_remote_scope_id)
{
    static const uint8_t unspecified[16] = {0};
    tb_table tb;
    tb_init(&tb, tcp6_kinds[_i], 1);
    tb_row_state(&tb, 0, 2);
    tb_row_addr(&tb, 0, MIBTCP_FIELD_REMOTE_ADDR, unspecified);
    tb_row_u32(&tb, 0, MIBTCP_FIELD_REMOTE_SCOPE_ID, 0x10000);
    tb_row_port(&tb, 0, MIBTCP_FIELD_REMOTE_PORT, tb_port_raw(80));
    collector c;
    ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &c), MIBTCP_OK);
    expect_finding(
        &c, row_finding(&tb, MIBTCP_FINDING_SCOPE_ID_LARGE, NOT_ERROR, 0, MIBTCP_FIELD_REMOTE_SCOPE_ID, 0x10000));
    expect_finding(&c, row_finding(&tb, MIBTCP_FINDING_LISTEN_REMOTE_SET, NOT_ERROR, 0, MIBTCP_FIELD_REMOTE_PORT,
                                   tb_port_raw(80)));
    for (size_t i = 1; i < c.count; i++) {
        ck_assert_msg(c.items[i].offset >= c.items[i - 1].offset, "%s at %llu after %s at %llu",
                      mibtcp_finding_name(c.items[i].code), (unsigned long long)c.items[i].offset,
                      mibtcp_finding_name(c.items[i - 1].code), (unsigned long long)c.items[i - 1].offset);
    }
    tb_free(&tb);
}
END_TEST

START_TEST(callback_returning_false_stops_the_walk)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        build_many_findings(&tb, seed_kinds[_i]);
        memset(&c, 0, sizeof c);
        c.stop_after = 2;
        mibtcp_status status = mibtcp_findings(tb.bytes, tb.len, tb.kind, both_policies[p], collect, &c);
        ck_assert_uint_eq(c.count, 2);
        mibtcp_view view;
        ck_assert_int_eq(status, mibtcp_open(&view, tb.bytes, tb.len, tb.kind, both_policies[p], NULL));
        tb_free(&tb);
    }
}
END_TEST

START_TEST(callback_may_be_null)
{
    tb_table tb;
    build_many_findings(&tb, seed_kinds[_i]);
    ck_assert_int_eq(mibtcp_findings(tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_LENIENT, NULL, NULL),
                     MIBTCP_ERR_BAD_STATE);
    ck_assert_int_eq(mibtcp_findings(tb.bytes, tb.len, tb.kind, MIBTCP_POLICY_STRICT, NULL, NULL),
                     MIBTCP_ERR_LENGTH_MISMATCH);
    tb_free(&tb);
}
END_TEST

START_TEST(huge_count_examines_only_rows_inside_the_buffer)
{
    collector c;
    for (size_t p = 0; p < 2; p++) {
        tb_table tb;
        tb_init(&tb, seed_kinds[_i], 3);
        tb_row_state(&tb, 1, 0);
        tb_resize(&tb, tb_row_offset(&tb, 2) + 10); /* row 2 cut after 10 bytes */
        tb_set_count(&tb, UINT32_MAX);
        ck_assert_int_eq(walk(&tb, both_policies[p], &c), MIBTCP_ERR_COUNT_EXCEEDS_BUFFER);
        expect_finding(&c, table_finding(MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, MIBTCP_SEVERITY_ERROR,
                                         MIBTCP_FIELD_NUM_ENTRIES, 0, UINT32_MAX));
        expect_finding(&c,
                       row_finding(&tb, MIBTCP_FINDING_STATE_INVALID, MIBTCP_SEVERITY_ERROR, 1, MIBTCP_FIELD_STATE, 0));
        for (size_t i = 0; i < c.count; i++) {
            ck_assert_msg(c.items[i].row < 2 || c.items[i].code == MIBTCP_FINDING_TRUNCATED_ROW,
                          "%s reported for row %" PRId64 ", which is not wholly inside the buffer",
                          mibtcp_finding_name(c.items[i].code), c.items[i].row);
            ck_assert_uint_lt(c.items[i].offset, tb.len);
        }
        tb_free(&tb);
    }
}
END_TEST

START_TEST(bad_arguments_give_the_open_status)
{
    tb_table tb;
    tb_init(&tb, MIBTCP_KIND_TCP4_MODULE, 1);
    mibtcp_view view;
    ck_assert_int_eq(mibtcp_findings(NULL, 8, tb.kind, MIBTCP_POLICY_LENIENT, NULL, NULL),
                     mibtcp_open(&view, NULL, 8, tb.kind, MIBTCP_POLICY_LENIENT, NULL));
    ck_assert_int_eq(mibtcp_findings(NULL, 8, tb.kind, MIBTCP_POLICY_LENIENT, NULL, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_findings(tb.bytes, tb.len, MIBTCP_KIND_UNKNOWN, MIBTCP_POLICY_LENIENT, NULL, NULL),
                     MIBTCP_ERR_UNKNOWN_KIND);
    const mibtcp_kind past_the_last = (mibtcp_kind)(KIT_KIND_COUNT + 1);
    ck_assert_int_eq(mibtcp_findings(tb.bytes, tb.len, past_the_last, MIBTCP_POLICY_LENIENT, NULL, NULL),
                     MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_int_eq(mibtcp_findings(tb.bytes, tb.len, tb.kind, (mibtcp_policy)2, NULL, NULL),
                     MIBTCP_ERR_UNKNOWN_POLICY);
    tb_free(&tb);
}
END_TEST

START_TEST(unaligned_base_reports_table_relative_offsets)
{
    collector c;
    for (size_t k = 1; k <= 7; k++) {
        tb_table tb;
        tb_init(&tb, seed_kinds[_i], 2);
        tb_row_state(&tb, 1, 200);
        tb_place_at_offset(&tb, k);
        ck_assert_int_eq(walk(&tb, MIBTCP_POLICY_LENIENT, &c), MIBTCP_ERR_BAD_STATE);
        expect_only_finding(
            &c, row_finding(&tb, MIBTCP_FINDING_STATE_INVALID, MIBTCP_SEVERITY_ERROR, 1, MIBTCP_FIELD_STATE, 200));
        tb_free(&tb);
    }
}
END_TEST

static Suite *findings_suite(void)
{
    Suite *s = suite_create("findings");

    TCase *clean = tcase_create("clean");
    tcase_add_loop_test(clean, default_tables_have_no_findings, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, clean);

    TCase *table = tcase_create("table");
    tcase_add_loop_test(table, buffer_too_short, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(table, count_exceeds_buffer_at_a_row_boundary, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(table, truncated_row, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(table, count_exceeds_buffer_inside_header_padding, 0, LOOP_COUNT(module_kinds));
    tcase_add_loop_test(table, header_incomplete, 0, LOOP_COUNT(module_kinds));
    tcase_add_loop_test(table, header_padding_dirty, 0, LOOP_COUNT(module_kinds));
    tcase_add_loop_test(table, partial_header_padding_dirty, 0, LOOP_COUNT(module_kinds));
    tcase_add_loop_test(table, trailing_whole_rows, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(table, trailing_partial, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, table);

    TCase *rows = tcase_create("rows");
    tcase_add_loop_test(rows, state_invalid_in_every_bad_row, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, state_reserved, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, port_high_bits_local, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(rows, port_high_bits_remote, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, listen_remote_set, 0, LOOP_COUNT(tcp_kinds));
    tcase_add_loop_test(rows, pid_not_multiple_of_4, 0, LOOP_COUNT(pid_kinds));
    tcase_add_loop_test(rows, timestamp_zero, 0, LOOP_COUNT(timestamp_kinds));
    tcase_add_loop_test(rows, timestamp_implausible, 0, LOOP_COUNT(timestamp_kinds));
    tcase_add_loop_test(rows, offload_state_invalid, 0, LOOP_COUNT(row2_kinds));
    tcase_add_loop_test(rows, udp_flags_unknown_bits, 0, LOOP_COUNT(udp_module_kinds));
    tcase_add_loop_test(rows, row_padding_dirty, 0, LOOP_COUNT(udp_module_kinds));
    suite_add_tcase(s, rows);

    TCase *walking = tcase_create("walk");
    tcase_add_loop_test(walking, findings_come_in_buffer_order, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(walking, listen_remote_port_is_reported_after_the_remote_scope_id, 0, LOOP_COUNT(tcp6_kinds));
    tcase_add_loop_test(walking, callback_returning_false_stops_the_walk, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(walking, callback_may_be_null, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(walking, huge_count_examines_only_rows_inside_the_buffer, 0, LOOP_COUNT(seed_kinds));
    tcase_add_test(walking, bad_arguments_give_the_open_status);
    tcase_add_loop_test(walking, unaligned_base_reports_table_relative_offsets, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, walking);
    return s;
}

int main(void)
{
    return run_suite(findings_suite());
}
