/* Rows read into records (by index from a view, in order from an
 * iterator), the fast path over the same rows, and the struct-size rule. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "expect.h"
#include "mibtcp_fast.h"
#include "run_suite.h"
#include "table_builder.h"

static size_t addr_size(mibtcp_family family)
{
    return family == MIBTCP_FAMILY_IPV6 ? 16 : 4;
}

static mibtcp_record fetch_record(const mibtcp_view *view, uint32_t index)
{
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_view_record(view, index, &rec), MIBTCP_OK);
    return rec;
}

/* ---- iteration ---- */

START_TEST(iterator_visits_every_row_in_order_then_stops)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 3);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_STRICT, 3, &view);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    mibtcp_record rec;
    for (uint32_t i = 0; i < 3; i++) {
        ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_OK);
        ck_assert_uint_eq(rec.index, i);
        ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, i));
        ck_assert_int_eq(rec.kind, tb.kind);
        ck_assert_uint_eq(rec.pid, tb_default_pid(i));
    }
    /* The end, and again: nothing written. */
    mibtcp_record after;
    memset(&after, 0xAB, sizeof after);
    const mibtcp_record before = after;
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &after), MIBTCP_END_OF_ROWS);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &after), MIBTCP_END_OF_ROWS);
    ck_assert_mem_eq(&after, &before, sizeof after);
    ck_assert_int_eq(mibtcp_iter_error(&it, NULL), MIBTCP_OK);
    tb_free(&tb);
}
END_TEST

START_TEST(view_record_fetches_by_index)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 3);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    for (uint32_t i = 3; i-- > 0;) {
        const mibtcp_record rec = fetch_record(&view, i);
        ck_assert_uint_eq(rec.index, i);
        ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, i));
        ck_assert_uint_eq(rec.pid, tb_default_pid(i));
    }
    tb_free(&tb);
}
END_TEST

START_TEST(view_record_out_of_range_leaves_the_record_untouched)
{
    static const uint32_t beyond[] = {3, 4, UINT32_MAX};
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 3);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    for (size_t i = 0; i < sizeof beyond / sizeof beyond[0]; i++) {
        mibtcp_record rec;
        memset(&rec, 0xAB, sizeof rec);
        const mibtcp_record before = rec;
        ck_assert_int_eq(mibtcp_view_record(&view, beyond[i], &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
        ck_assert_mem_eq(&rec, &before, sizeof rec);
    }
    tb_free(&tb);
}
END_TEST

START_TEST(empty_and_failed_views_yield_nothing)
{
    tb_table empty;
    tb_init(&empty, seed_kinds[_i], 0);
    mibtcp_view view;
    expect_open_ok(&empty, MIBTCP_POLICY_STRICT, 0, &view);
    mibtcp_iter it;
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_END_OF_ROWS);
    ck_assert_int_eq(mibtcp_view_record(&view, 0, &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    tb_free(&empty);

    tb_table bad;
    tb_init(&bad, seed_kinds[_i], 3);
    tb_row_state(&bad, 2, 0);
    ck_assert_int_eq(mibtcp_open(&view, bad.bytes, bad.len, bad.kind, MIBTCP_POLICY_LENIENT, NULL),
                     MIBTCP_ERR_BAD_STATE);
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_END_OF_ROWS);
    ck_assert_int_eq(mibtcp_view_record(&view, 0, &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    tb_free(&bad);
}
END_TEST

/* Rows are located from the count proven at open time, never from the buffer again. */
START_TEST(changing_the_buffer_after_open_cannot_widen_the_view)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 2);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_STRICT, 2, &view);
    tb_set_count(&tb, UINT32_MAX);
    ck_assert_uint_eq(mibtcp_view_count(&view), 2);
    mibtcp_iter it;
    mibtcp_record rec;
    uint32_t seen = 0;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    while (mibtcp_iter_next_record(&it, &rec) == MIBTCP_OK) {
        seen++;
    }
    ck_assert_uint_eq(seen, 2);
    ck_assert_int_eq(mibtcp_view_record(&view, 2, &rec), MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    tb_free(&tb);
}
END_TEST

/* ---- records of the seed kinds, with values whose bytes are all distinct ---- */

static const uint8_t v4_local[4] = {10, 1, 2, 3};
static const uint8_t v4_remote[4] = {203, 0, 113, 9};
static const uint8_t v6_local[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x15, 0x5d, 0xff, 0xfe, 0x01, 0x02, 0x03};
static const uint8_t v6_remote[16] = {0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0,    0,
                                      0,    0,    0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34};
#define SAMPLE_PID 0x12345678u
#define SAMPLE_CREATED INT64_C(0x0102030405060708)
#define SAMPLE_LOCAL_PORT 49152
#define SAMPLE_REMOTE_RAW (0xABCD0000u | 0xBB01u) /* 443 with garbage upper bits */

static void sample_module_info(uint8_t info[MIBTCP_MODULE_INFO_SIZE])
{
    for (size_t i = 0; i < MIBTCP_MODULE_INFO_SIZE; i++) {
        info[i] = (uint8_t)(i * 7 + 1);
    }
}

/* Row 1 of a 3-row table gets the sample values; rows 0 and 2 stay default. */
static void build_sample(tb_table *tb, mibtcp_kind kind)
{
    bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    tb_init(tb, kind, 3);
    tb_row_state(tb, 1, 8); /* CLOSE_WAIT */
    tb_row_addr(tb, 1, MIBTCP_FIELD_LOCAL_ADDR, v6 ? v6_local : v4_local);
    tb_row_addr(tb, 1, MIBTCP_FIELD_REMOTE_ADDR, v6 ? v6_remote : v4_remote);
    tb_row_port(tb, 1, MIBTCP_FIELD_LOCAL_PORT, tb_port_raw(SAMPLE_LOCAL_PORT));
    tb_row_port(tb, 1, MIBTCP_FIELD_REMOTE_PORT, SAMPLE_REMOTE_RAW);
    tb_row_pid(tb, 1, SAMPLE_PID);
    tb_row_created(tb, 1, SAMPLE_CREATED);
    uint8_t info[MIBTCP_MODULE_INFO_SIZE];
    sample_module_info(info);
    tb_row_module_info(tb, 1, info);
    if (v6) {
        tb_row_u32(tb, 1, MIBTCP_FIELD_LOCAL_SCOPE_ID, 12);
        tb_row_u32(tb, 1, MIBTCP_FIELD_REMOTE_SCOPE_ID, 0x0C000000u);
    }
}

START_TEST(seed_kind_records_read_the_sample_row)
{
    mibtcp_kind kind = seed_kinds[_i];
    bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    tb_table tb;
    build_sample(&tb, kind);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    const mibtcp_record rec = fetch_record(&view, 1);

    ck_assert_uint_eq(rec.state, 8);
    ck_assert_uint_eq(rec.pid, SAMPLE_PID);
    ck_assert_int_eq(rec.created, SAMPLE_CREATED);
    ck_assert_uint_eq(rec.offload_state, 0);
    ck_assert_uint_eq(rec.flags, 0);

    uint8_t expected_info[MIBTCP_MODULE_INFO_SIZE];
    sample_module_info(expected_info);
    ck_assert_mem_eq(rec.module_info, expected_info, MIBTCP_MODULE_INFO_SIZE);

    const mibtcp_endpoint local = rec.local;
    ck_assert_int_eq(local.family, v6 ? MIBTCP_FAMILY_IPV6 : MIBTCP_FAMILY_IPV4);
    ck_assert_mem_eq(local.addr, v6 ? v6_local : v4_local, addr_size(local.family));
    ck_assert_uint_eq(local.port, SAMPLE_LOCAL_PORT);
    ck_assert_uint_eq(local.port_raw, tb_port_raw(SAMPLE_LOCAL_PORT));
    ck_assert_uint_eq(local.scope_id, v6 ? 12 : 0);

    const mibtcp_endpoint remote = rec.remote;
    ck_assert_int_eq(remote.family, local.family);
    ck_assert_mem_eq(remote.addr, v6 ? v6_remote : v4_remote, addr_size(remote.family));
    ck_assert_uint_eq(remote.port, 443);
    ck_assert_uint_eq(remote.port_raw, SAMPLE_REMOTE_RAW);
    ck_assert_uint_eq(remote.scope_id, v6 ? 0x0C000000u : 0);

    /* The neighbours are untouched defaults: the reads did not cross rows. */
    const mibtcp_record before = fetch_record(&view, 0);
    const mibtcp_record after = fetch_record(&view, 2);
    ck_assert_uint_eq(before.pid, tb_default_pid(0));
    ck_assert_uint_eq(after.pid, tb_default_pid(2));
    ck_assert_int_eq(after.created, tb_default_created(2));
    tb_free(&tb);
}
END_TEST

START_TEST(module_info_words_are_little_endian)
{
    uint8_t storage[MIBTCP_MODULE_INFO_SIZE + 3];
    uint8_t *info = storage + 3; /* unaligned on purpose */
    sample_module_info(info);
    uint64_t words[16];
    mibtcp_module_info_words(info, words);
    for (size_t w = 0; w < 16; w++) {
        uint64_t expected = 0;
        for (size_t b = 0; b < 8; b++) {
            expected |= (uint64_t)info[w * 8 + b] << (8 * b);
        }
        ck_assert_uint_eq(words[w], expected);
    }
    /* Spelled out for word 0: bytes 01 08 0f 16 1d 24 2b 32. */
    ck_assert_uint_eq(words[0], UINT64_C(0x322b241d160f0801));
}
END_TEST

START_TEST(ports_are_masked_and_raw_is_kept)
{
    static const uint32_t raws[] = {0x00005000u, 0xFFFF5000u, 0x0001FFFFu, 0x12340100u, 0};
    static const uint16_t ports[] = {80, 80, 65535, 1, 0};
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 1);
    for (size_t i = 0; i < sizeof raws / sizeof raws[0]; i++) {
        tb_row_port(&tb, 0, MIBTCP_FIELD_LOCAL_PORT, raws[i]);
        tb_row_port(&tb, 0, MIBTCP_FIELD_REMOTE_PORT, raws[i]);
        mibtcp_view view;
        expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 1, &view);
        const mibtcp_record rec = fetch_record(&view, 0);
        ck_assert_uint_eq(rec.local.port, ports[i]);
        ck_assert_uint_eq(rec.local.port_raw, raws[i]);
        ck_assert_uint_eq(rec.remote.port, ports[i]);
        ck_assert_uint_eq(rec.remote.port_raw, raws[i]);
    }
    tb_free(&tb);
}
END_TEST

/* ---- the DWORD fields ---- */

static const mibtcp_field dword_fields[] = {
    MIBTCP_FIELD_STATE,           MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT,
    MIBTCP_FIELD_REMOTE_SCOPE_ID, MIBTCP_FIELD_REMOTE_PORT,    MIBTCP_FIELD_PID,
    MIBTCP_FIELD_OFFLOAD_STATE,   MIBTCP_FIELD_FLAGS,
};

/* A DWORD unique to each field (four distinct bytes where the field allows), valid for it. */
static uint32_t distinct_dword(mibtcp_field field)
{
    switch (field) {
    case MIBTCP_FIELD_STATE: return 11; /* TIME_WAIT */
    case MIBTCP_FIELD_OFFLOAD_STATE: return 2;
    case MIBTCP_FIELD_FLAGS: return 1;
    default: return 0x01020300u + (uint32_t)field;
    }
}

/* The record's copy of a DWORD field, as stored (ports raw). */
static uint32_t record_dword(const mibtcp_record *rec, mibtcp_field field)
{
    switch (field) {
    case MIBTCP_FIELD_STATE: return rec->state;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID: return rec->local.scope_id;
    case MIBTCP_FIELD_LOCAL_PORT: return rec->local.port_raw;
    case MIBTCP_FIELD_REMOTE_SCOPE_ID: return rec->remote.scope_id;
    case MIBTCP_FIELD_REMOTE_PORT: return rec->remote.port_raw;
    case MIBTCP_FIELD_PID: return rec->pid;
    case MIBTCP_FIELD_OFFLOAD_STATE: return rec->offload_state;
    default: return rec->flags;
    }
}

START_TEST(records_read_every_dword_field_raw)
{
    mibtcp_kind kind = all_kinds[_i];
    tb_table tb;
    tb_init(&tb, kind, 2);
    for (size_t f = 0; f < sizeof dword_fields / sizeof dword_fields[0]; f++) {
        if (tb_has_field(kind, dword_fields[f])) {
            tb_row_u32(&tb, 1, dword_fields[f], distinct_dword(dword_fields[f]));
        }
    }
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 2, &view);
    const mibtcp_record rec = fetch_record(&view, 1);
    for (size_t f = 0; f < sizeof dword_fields / sizeof dword_fields[0]; f++) {
        mibtcp_field field = dword_fields[f];
        const bool has = tb_has_field(kind, field);
        ck_assert_msg(((rec.present & MIBTCP_FIELD_BIT(field)) != 0) == has, "%s: %s present", mibtcp_kind_name(kind),
                      mibtcp_field_name(field));
        ck_assert_msg(record_dword(&rec, field) == (has ? distinct_dword(field) : 0), "%s %s: %u",
                      mibtcp_kind_name(kind), mibtcp_field_name(field), (unsigned)record_dword(&rec, field));
    }
    tb_free(&tb);
}
END_TEST

/* ---- every kind, from the builder's own layout table ---- */

static const uint8_t every_kind_local6[16] = {0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
static const uint8_t every_kind_remote6[16] = {0x20, 0x01, 0x0d, 0xb8, 0xf1, 0xf2, 0xf3, 0xf4,
                                               0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc};
static const uint8_t every_kind_local4[4] = {10, 20, 30, 40};
static const uint8_t every_kind_remote4[4] = {50, 60, 70, 80};

static void fill_every_field(tb_table *tb, uint32_t row)
{
    mibtcp_kind kind = tb->kind;
    bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    for (size_t f = 0; f < sizeof dword_fields / sizeof dword_fields[0]; f++) {
        if (tb_has_field(kind, dword_fields[f])) {
            tb_row_u32(tb, row, dword_fields[f], distinct_dword(dword_fields[f]));
        }
    }
    tb_row_addr(tb, row, MIBTCP_FIELD_LOCAL_ADDR, v6 ? every_kind_local6 : every_kind_local4);
    if (tb_has_field(kind, MIBTCP_FIELD_REMOTE_ADDR)) {
        tb_row_addr(tb, row, MIBTCP_FIELD_REMOTE_ADDR, v6 ? every_kind_remote6 : every_kind_remote4);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_CREATED)) {
        tb_row_created(tb, row, SAMPLE_CREATED);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        uint8_t info[MIBTCP_MODULE_INFO_SIZE];
        sample_module_info(info);
        tb_row_module_info(tb, row, info);
    }
}

static uint32_t expected_dword(mibtcp_kind kind, mibtcp_field field)
{
    return tb_has_field(kind, field) ? distinct_dword(field) : 0;
}

static uint16_t host_port(uint32_t raw)
{
    return (uint16_t)(((raw & 0xffu) << 8) | ((raw >> 8) & 0xffu));
}

static void expect_endpoint(const tb_table *tb, const mibtcp_endpoint *ep, mibtcp_field port, mibtcp_field scope,
                            const uint8_t *expected_addr)
{
    static const uint8_t zero[16];
    mibtcp_kind kind = tb->kind;
    const size_t n = addr_size(tb_kind_family(kind));
    ck_assert_int_eq(ep->family, tb_kind_family(kind));
    ck_assert_mem_eq(ep->addr, expected_addr, n);
    ck_assert_mem_eq(ep->addr + n, zero, 16 - n);
    ck_assert_uint_eq(ep->port_raw, distinct_dword(port));
    ck_assert_uint_eq(ep->port, host_port(distinct_dword(port)));
    ck_assert_uint_eq(ep->scope_id, expected_dword(kind, scope));
}

static uint32_t builder_present_fields(mibtcp_kind kind)
{
    uint32_t present = 0;
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        present |= tb_has_field(kind, (mibtcp_field)f) ? (uint32_t)1 << f : 0;
    }
    return present;
}

START_TEST(every_kind_reads_its_fields_at_its_offsets)
{
    mibtcp_kind kind = all_kinds[_i];
    bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    tb_table tb;
    tb_init(&tb, kind, 3);
    fill_every_field(&tb, 1);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    /* Every field, and which fields the kind has. */
    mibtcp_record rec;
    memset(&rec, 0xAB, sizeof rec);
    ck_assert_int_eq(mibtcp_view_record(&view, 1, &rec), MIBTCP_OK);
    ck_assert_int_eq(rec.kind, kind);
    ck_assert_uint_eq(rec.index, 1);
    ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, 1));
    ck_assert_uint_eq(rec.present, builder_present_fields(kind));
    ck_assert_uint_eq(rec.state, expected_dword(kind, MIBTCP_FIELD_STATE));
    ck_assert_uint_eq(rec.pid, expected_dword(kind, MIBTCP_FIELD_PID));
    ck_assert_uint_eq(rec.offload_state, expected_dword(kind, MIBTCP_FIELD_OFFLOAD_STATE));
    ck_assert_uint_eq(rec.flags, expected_dword(kind, MIBTCP_FIELD_FLAGS));
    ck_assert_int_eq(rec.created, tb_has_field(kind, MIBTCP_FIELD_CREATED) ? SAMPLE_CREATED : 0);
    uint8_t info[MIBTCP_MODULE_INFO_SIZE] = {0};
    if (tb_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        sample_module_info(info);
    }
    ck_assert_mem_eq(rec.module_info, info, sizeof info);
    expect_endpoint(&tb, &rec.local, MIBTCP_FIELD_LOCAL_PORT, MIBTCP_FIELD_LOCAL_SCOPE_ID,
                    v6 ? every_kind_local6 : every_kind_local4);
    if (tb_kind_is_tcp(kind)) {
        expect_endpoint(&tb, &rec.remote, MIBTCP_FIELD_REMOTE_PORT, MIBTCP_FIELD_REMOTE_SCOPE_ID,
                        v6 ? every_kind_remote6 : every_kind_remote4);
    } else {
        static const mibtcp_endpoint zero;
        ck_assert_int_eq(rec.remote.family, MIBTCP_FAMILY_NONE);
        ck_assert_mem_eq(rec.remote.addr, zero.addr, sizeof zero.addr);
        ck_assert_uint_eq(rec.remote.port, 0);
        ck_assert_uint_eq(rec.remote.port_raw, 0);
        ck_assert_uint_eq(rec.remote.scope_id, 0);
    }
    tb_free(&tb);
}
END_TEST

/* ---- the struct-size rule and bad arguments ---- */

/* A table of @p rows default rows of @p kind, opened leniently into @p view. */
static void open_new_table(tb_table *tb, mibtcp_kind kind, uint32_t rows, mibtcp_view *view)
{
    tb_init(tb, kind, rows);
    expect_open_ok(tb, MIBTCP_POLICY_LENIENT, rows, view);
}

START_TEST(view_record_refuses_bad_arguments)
{
    tb_table tb;
    mibtcp_view view;
    open_new_table(&tb, MIBTCP_KIND_TCP4_PID, 1, &view);
    mibtcp_record rec;
    memset(&rec, 0xAB, sizeof rec);
    const mibtcp_record before = rec;
    ck_assert_int_eq(mibtcp_view_record(NULL, 0, &rec), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_view_record(&view, 0, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    /* A caller built against another header: refused before anything is written. */
    ck_assert_int_eq(mibtcp_view_record_sized(&view, sizeof view, 0, &rec, sizeof rec + 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_view_record_sized(&view, sizeof view, 0, &rec, sizeof rec - 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_view_record_sized(&view, sizeof view + 1, 0, &rec, sizeof rec), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_view_record_sized(&view, sizeof view - 1, 0, &rec, sizeof rec), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_mem_eq(&rec, &before, sizeof rec);
    ck_assert_int_eq(mibtcp_view_record_sized(&view, sizeof view, 0, &rec, sizeof rec), MIBTCP_OK);
    ck_assert_uint_eq(rec.pid, tb_default_pid(0));
    tb_free(&tb);
}
END_TEST

/* The iterator's records: every row in order, each the record of that row
 * (the builder's offsets and values), the same as by index, then the end. */
START_TEST(iter_next_record_reads_every_row_then_stops)
{
    mibtcp_kind kind = all_kinds[_i];
    tb_table tb;
    tb_init(&tb, kind, 3);
    fill_every_field(&tb, 1);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    for (uint32_t i = 0; i < 3; i++) {
        mibtcp_record rec;
        memset(&rec, 0xAB, sizeof rec);
        ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_OK);
        ck_assert_int_eq(rec.kind, kind);
        ck_assert_uint_eq(rec.index, i);
        ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, i));
        ck_assert_uint_eq(rec.present, builder_present_fields(kind));
        if (i == 1) {
            ck_assert_uint_eq(rec.state, expected_dword(kind, MIBTCP_FIELD_STATE));
            ck_assert_uint_eq(rec.pid, expected_dword(kind, MIBTCP_FIELD_PID));
            ck_assert_uint_eq(rec.flags, expected_dword(kind, MIBTCP_FIELD_FLAGS));
            ck_assert_int_eq(rec.created, tb_has_field(kind, MIBTCP_FIELD_CREATED) ? SAMPLE_CREATED : 0);
        }
        const mibtcp_record by_index = fetch_record(&view, i);
        ck_assert_mem_eq(&rec, &by_index, sizeof rec);
    }
    mibtcp_record after;
    memset(&after, 0xAB, sizeof after);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &after), MIBTCP_END_OF_ROWS);
    ck_assert_uint_eq(((const uint8_t *)&after)[0], 0xAB);
    tb_free(&tb);
}
END_TEST

START_TEST(iter_next_record_refuses_bad_arguments)
{
    tb_table tb;
    mibtcp_view view;
    open_new_table(&tb, MIBTCP_KIND_TCP4_PID, 2, &view);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    mibtcp_record rec;
    memset(&rec, 0xAB, sizeof rec);
    const mibtcp_record before = rec;
    ck_assert_int_eq(mibtcp_iter_next_record(NULL, &rec), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_next_record(&it, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_next_record_sized(&it, sizeof it, &rec, sizeof rec + 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_next_record_sized(&it, sizeof it, &rec, sizeof rec - 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_next_record_sized(&it, sizeof it + 1, &rec, sizeof rec), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_next_record_sized(&it, sizeof it - 1, &rec, sizeof rec), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_mem_eq(&rec, &before, sizeof rec);
    /* None of these used up a row. */
    ck_assert_int_eq(mibtcp_iter_next_record_sized(&it, sizeof it, &rec, sizeof rec), MIBTCP_OK);
    ck_assert_uint_eq(rec.index, 0);
    mibtcp_iter none;
    ck_assert_int_eq(mibtcp_iter_init(&none, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_next_record(&none, &rec), MIBTCP_END_OF_ROWS);
    tb_free(&tb);
}
END_TEST

START_TEST(iter_init_refuses_bad_arguments)
{
    tb_table tb;
    mibtcp_view view;
    open_new_table(&tb, MIBTCP_KIND_UDP4_PID, 2, &view);
    mibtcp_iter it;
    memset(&it, 0xAB, sizeof it);
    const mibtcp_iter before = it;
    ck_assert_int_eq(mibtcp_iter_init_sized(&it, sizeof it + 1, &view, sizeof view), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_init_sized(&it, sizeof it - 1, &view, sizeof view), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_init_sized(&it, sizeof it, &view, sizeof view + 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_iter_init_sized(&it, sizeof it, &view, sizeof view - 1), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_mem_eq(&it, &before, sizeof it);
    ck_assert_int_eq(mibtcp_iter_init(NULL, &view), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_iter_init_sized(&it, sizeof it, &view, sizeof view), MIBTCP_OK);
    mibtcp_record rec;
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_OK);
    ck_assert_uint_eq(rec.pid, tb_default_pid(0));
    tb_free(&tb);
}
END_TEST

static void expect_builder_layout(mibtcp_kind kind, mibtcp_row_layout at)
{
    ck_assert_uint_eq(at.present, builder_present_fields(kind));
    ck_assert_uint_eq(at.header, tb_kind_header(kind));
    ck_assert_uint_eq(at.stride, tb_kind_stride(kind));
    const struct {
        mibtcp_field field;
        uint32_t offset;
    } fields[] = {
        {MIBTCP_FIELD_STATE, at.state},
        {MIBTCP_FIELD_LOCAL_ADDR, at.local_addr},
        {MIBTCP_FIELD_LOCAL_SCOPE_ID, at.local_scope_id},
        {MIBTCP_FIELD_LOCAL_PORT, at.local_port},
        {MIBTCP_FIELD_REMOTE_ADDR, at.remote_addr},
        {MIBTCP_FIELD_REMOTE_SCOPE_ID, at.remote_scope_id},
        {MIBTCP_FIELD_REMOTE_PORT, at.remote_port},
        {MIBTCP_FIELD_PID, at.pid},
        {MIBTCP_FIELD_CREATED, at.created},
        {MIBTCP_FIELD_MODULE_INFO, at.module_info},
        {MIBTCP_FIELD_OFFLOAD_STATE, at.offload_state},
        {MIBTCP_FIELD_FLAGS, at.flags},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (tb_has_field(kind, fields[i].field)) {
            ck_assert_uint_eq(fields[i].offset, tb_field_offset(kind, fields[i].field));
        }
    }
}

START_TEST(kind_layout_gives_the_builder_offsets)
{
    mibtcp_row_layout at;
    ck_assert_int_eq(mibtcp_kind_layout(all_kinds[_i], &at), MIBTCP_OK);
    expect_builder_layout(all_kinds[_i], at);
    expect_builder_layout(all_kinds[_i], mibtcp_layout_known(all_kinds[_i]));
}
END_TEST

/* With a constant kind the inline layout is the ABI's numbers (hand-checked
 * against MIB_TCPROW_OWNER_MODULE and MIB_TCP6ROW_OWNER_PID). */
START_TEST(layout_known_of_a_constant_kind)
{
    const mibtcp_row_layout v4 = mibtcp_layout_known(MIBTCP_KIND_TCP4_MODULE);
    ck_assert_uint_eq(v4.header, 8);
    ck_assert_uint_eq(v4.stride, 160);
    ck_assert_uint_eq(v4.pid, 20);
    ck_assert_uint_eq(v4.created, 24);
    ck_assert_uint_eq(v4.module_info, 32);
    const mibtcp_row_layout v6 = mibtcp_layout_known(MIBTCP_KIND_TCP6_PID);
    ck_assert_uint_eq(v6.header, 4);
    ck_assert_uint_eq(v6.stride, 56);
    ck_assert_uint_eq(v6.state, 48);
    ck_assert_uint_eq(v6.remote_port, 44);
    const mibtcp_row_layout none = mibtcp_layout_known(MIBTCP_KIND_UNKNOWN);
    ck_assert_uint_eq(none.present | none.stride | none.header, 0);
    ck_assert_uint_eq(mibtcp_layout_known((mibtcp_kind)(KIT_KIND_COUNT + 1)).stride, 0);
}
END_TEST

START_TEST(kind_layout_refuses_bad_arguments)
{
    mibtcp_row_layout at;
    ck_assert_int_eq(mibtcp_kind_layout(MIBTCP_KIND_TCP4_PID, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, &at, sizeof at - 4), MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_kind_layout(MIBTCP_KIND_UNKNOWN, &at), MIBTCP_ERR_UNKNOWN_KIND);
    ck_assert_uint_eq(at.present, 0);
    ck_assert_int_eq(mibtcp_kind_layout((mibtcp_kind)KIT_KIND_COUNT + 1, &at), MIBTCP_ERR_UNKNOWN_KIND);
}
END_TEST

/* The fast path over the sample row: bytes from the iterator, offsets resolved once, inline loads. */
START_TEST(fast_path_reads_the_sample_row)
{
    mibtcp_kind kind = seed_kinds[_i];
    bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    tb_table tb;
    build_sample(&tb, kind);
    mibtcp_view view;
    expect_open_ok(&tb, MIBTCP_POLICY_LENIENT, 3, &view);
    mibtcp_row_layout at;
    ck_assert_int_eq(mibtcp_kind_layout(kind, &at), MIBTCP_OK);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    const uint8_t *row;
    for (uint32_t i = 0; i < 2; i++) {
        row = mibtcp_iter_next_bytes(&it);
        ck_assert_ptr_eq(row, tb.bytes + tb_row_offset(&tb, i));
    }
    ck_assert_uint_eq(mibtcp_load_le32(row + at.state), 8);
    ck_assert_uint_eq(mibtcp_load_le32(row + at.pid), SAMPLE_PID);
    ck_assert_int_eq(mibtcp_load_le64_signed(row + at.created), SAMPLE_CREATED);
    ck_assert_uint_eq(mibtcp_load_le64(row + at.created), (uint64_t)SAMPLE_CREATED);
    ck_assert_uint_eq(mibtcp_port_from_raw(mibtcp_load_le32(row + at.local_port)), SAMPLE_LOCAL_PORT);
    ck_assert_uint_eq(mibtcp_load_le32(row + at.remote_port), SAMPLE_REMOTE_RAW);
    ck_assert_uint_eq(mibtcp_port_from_raw(SAMPLE_REMOTE_RAW), 443);
    ck_assert_mem_eq(row + at.local_addr, v6 ? v6_local : v4_local, v6 ? 16 : 4);
    ck_assert_mem_eq(row + at.remote_addr, v6 ? v6_remote : v4_remote, v6 ? 16 : 4);
    ck_assert_ptr_nonnull(mibtcp_iter_next_bytes(&it));
    ck_assert_ptr_null(mibtcp_iter_next_bytes(&it));
    ck_assert_ptr_null(mibtcp_iter_check_more(&it));
    ck_assert_int_eq(mibtcp_iter_error(&it, NULL), MIBTCP_OK);
    tb_free(&tb);
}
END_TEST

START_TEST(negative_filetimes_load_as_twos_complement)
{
    const uint8_t minus_one[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    const uint8_t most_negative[8] = {0, 0, 0, 0, 0, 0, 0, 0x80};
    ck_assert_int_eq(mibtcp_load_le64_signed(minus_one), -1);
    ck_assert_int_eq(mibtcp_load_le64_signed(most_negative), INT64_MIN);
}
END_TEST

/* ---- overwritten views and iterators that outlive their views ---- */

/* The members of a view are private; one whose count or kind was
 * overwritten reads as no row instead of past its table. The 0.1 overflow
 * came from a tcp4-basic row relabelled tcp6-module (192-byte rows read out
 * of a 24-byte buffer). */
START_TEST(overwritten_view_reads_no_row)
{
    tb_table tb;
    mibtcp_view genuine;
    open_new_table(&tb, MIBTCP_KIND_TCP4_BASIC, 1, &genuine);
    mibtcp_record rec;
    mibtcp_view view = genuine;
    view.kind_ = MIBTCP_KIND_TCP6_MODULE;
    ck_assert_int_eq(mibtcp_view_record(&view, 0, &rec), MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    view.kind_ = (mibtcp_kind)(KIT_KIND_COUNT + 1);
    ck_assert_int_eq(mibtcp_view_record(&view, 0, &rec), MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    view = genuine;
    view.count_ = UINT32_MAX;
    ck_assert_int_eq(mibtcp_view_record(&view, 1, &rec), MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    ck_assert_int_eq(mibtcp_view_record(&view, UINT32_MAX - 1, &rec), MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    ck_assert_int_eq(mibtcp_view_record(&view, 0, &rec), MIBTCP_OK);
    ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, 0));
    /* An iterator with rows but no kind was overwritten too. */
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &genuine), MIBTCP_OK);
    it.kind_ = MIBTCP_KIND_UNKNOWN;
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    tb_free(&tb);
}
END_TEST

/* The view lives in this function's frame only. */
static mibtcp_iter iterator_of_a_local_view(const tb_table *tb)
{
    mibtcp_view view;
    expect_open_ok(tb, MIBTCP_POLICY_LENIENT, 3, &view);
    mibtcp_iter it;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    memset(&view, 0xAB, sizeof view); /* what a later frame might leave there */
    return it;
}

START_TEST(iterator_outlives_its_view)
{
    tb_table tb;
    tb_init(&tb, seed_kinds[_i], 3);
    mibtcp_iter it = iterator_of_a_local_view(&tb);
    mibtcp_record rec;
    for (uint32_t i = 0; i < 3; i++) {
        ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_OK);
        ck_assert_uint_eq(rec.offset, tb_row_offset(&tb, i));
        ck_assert_uint_eq(rec.pid, tb_default_pid(i));
    }
    ck_assert_int_eq(mibtcp_iter_next_record(&it, &rec), MIBTCP_END_OF_ROWS);
    tb_free(&tb);
}
END_TEST

static Suite *rows_suite(void)
{
    Suite *s = suite_create("rows");

    TCase *iteration = tcase_create("iteration");
    tcase_add_loop_test(iteration, iterator_visits_every_row_in_order_then_stops, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(iteration, view_record_fetches_by_index, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(iteration, view_record_out_of_range_leaves_the_record_untouched, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(iteration, empty_and_failed_views_yield_nothing, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(iteration, changing_the_buffer_after_open_cannot_widen_the_view, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, iteration);

    TCase *fields = tcase_create("fields");
    tcase_add_loop_test(fields, seed_kind_records_read_the_sample_row, 0, LOOP_COUNT(seed_kinds));
    tcase_add_test(fields, module_info_words_are_little_endian);
    tcase_add_loop_test(fields, ports_are_masked_and_raw_is_kept, 0, LOOP_COUNT(seed_kinds));
    tcase_add_loop_test(fields, records_read_every_dword_field_raw, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(fields, every_kind_reads_its_fields_at_its_offsets, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, fields);

    TCase *record = tcase_create("record and fast path");
    tcase_add_test(record, view_record_refuses_bad_arguments);
    tcase_add_loop_test(record, iter_next_record_reads_every_row_then_stops, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(record, iter_next_record_refuses_bad_arguments);
    tcase_add_test(record, iter_init_refuses_bad_arguments);
    tcase_add_loop_test(record, kind_layout_gives_the_builder_offsets, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(record, layout_known_of_a_constant_kind);
    tcase_add_test(record, kind_layout_refuses_bad_arguments);
    tcase_add_loop_test(record, fast_path_reads_the_sample_row, 0, LOOP_COUNT(seed_kinds));
    tcase_add_test(record, negative_filetimes_load_as_twos_complement);
    suite_add_tcase(s, record);

    TCase *misuse = tcase_create("misuse");
    tcase_add_test(misuse, overwritten_view_reads_no_row);
    tcase_add_loop_test(misuse, iterator_outlives_its_view, 0, LOOP_COUNT(seed_kinds));
    suite_add_tcase(s, misuse);
    return s;
}

int main(void)
{
    return run_suite(rows_suite());
}
