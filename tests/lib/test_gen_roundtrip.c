/* gen_table writes, the library reads back: for every kind, every field the
 * kind has decodes to what the generator recorded, every field it lacks
 * reads as 0, and mibtcp_iter_next_record() / mibtcp_view_record() give the
 * generator's record byte for byte. Loops run over the kind enum, so a new kind is covered at once. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kit_layout.h"
#include "mibtcp.h"
#include "run_suite.h"
#include "table_builder.h"
#include "table_gen.h"

enum { ROWS = 9 };
static const uint64_t seeds[] = {1, 42, 0xdeadbeefcafeULL};

typedef struct generated {
    mibtcp_kind kind;
    uint8_t *bytes;
    size_t len;
    mibtcp_record records[ROWS];
} generated;

static generated *generate(mibtcp_kind kind, uint64_t seed, const gen_anomalies *a)
{
    generated *g = calloc(1, sizeof *g);
    ck_assert_ptr_nonnull(g);
    bool too_big = true;
    g->kind = kind;
    g->len = gen_table_size(kind, ROWS, a, &too_big);
    ck_assert(!too_big);
    g->bytes = malloc(g->len);
    ck_assert_ptr_nonnull(g->bytes);
    gen_table(kind, ROWS, seed, a, g->bytes, g->records);
    return g;
}

static void release(generated *g)
{
    free(g->bytes);
    free(g);
}

/* The DWORD Windows stores for a port: network order in the low 16 bits. */
static uint32_t port_dword(uint16_t port, uint32_t high_bits)
{
    return ((uint32_t)(port >> 8) | (uint32_t)(port & 0xffu) << 8) | high_bits;
}

static void expect_endpoint(const mibtcp_endpoint *ep, mibtcp_kind kind, const uint8_t *addr, uint16_t port,
                            uint32_t scope_id, uint32_t high_bits)
{
    const bool v6 = tb_kind_family(kind) == MIBTCP_FAMILY_IPV6;
    ck_assert_int_eq(ep->family, v6 ? MIBTCP_FAMILY_IPV6 : MIBTCP_FAMILY_IPV4);
    ck_assert_mem_eq(ep->addr, addr, v6 ? 16 : 4);
    ck_assert_uint_eq(ep->port, port);
    ck_assert_uint_eq(ep->port_raw, port_dword(port, high_bits));
    ck_assert_uint_eq(ep->scope_id, scope_id);
}

/* The library's record @p rec of a row against the generator's record @p r,
 * field by field with the port DWORDs rebuilt by hand. */
static void expect_row_matches(const mibtcp_record *rec, const mibtcp_record *r, uint32_t high_bits)
{
    const mibtcp_kind kind = rec->kind;
    static const uint8_t zero[16];

    ck_assert_uint_eq(rec->state, r->state);
    expect_endpoint(&rec->local, kind, r->local.addr, r->local.port, r->local.scope_id, high_bits);
    if (tb_kind_is_tcp(kind)) {
        expect_endpoint(&rec->remote, kind, r->remote.addr, r->remote.port, r->remote.scope_id, high_bits);
    } else {
        ck_assert_int_eq(rec->remote.family, MIBTCP_FAMILY_NONE);
        ck_assert_mem_eq(rec->remote.addr, zero, 16);
        ck_assert_uint_eq(rec->remote.port, 0);
        ck_assert_uint_eq(rec->remote.port_raw, 0);
        ck_assert_mem_eq(r->remote.addr, zero, 16);
        ck_assert_uint_eq(r->remote.port, 0);
        ck_assert_uint_eq(r->remote.scope_id, 0);
    }
    ck_assert_uint_eq(rec->pid, r->pid);
    ck_assert_int_eq(rec->created, r->created);
    ck_assert_uint_eq(rec->offload_state, r->offload_state);
    ck_assert_uint_eq(rec->flags, r->flags);
    ck_assert_mem_eq(rec->module_info, r->module_info, MIBTCP_MODULE_INFO_SIZE);
    if (!tb_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        static const uint8_t no_info[MIBTCP_MODULE_INFO_SIZE];
        ck_assert_mem_eq(r->module_info, no_info, MIBTCP_MODULE_INFO_SIZE);
    }
    if (!tb_has_field(kind, MIBTCP_FIELD_CREATED)) {
        ck_assert_int_eq(r->created, 0);
    }
    /* Fields the kind lacks read as 0 (the generator records 0 for them). */
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        ck_assert_uint_eq((rec->present & MIBTCP_FIELD_BIT(f)) != 0, tb_has_field(kind, (mibtcp_field)f));
    }
}

/* Opens under @p policy (must succeed) and compares every row with its record. */
static void expect_round_trip(const generated *g, mibtcp_policy policy, uint32_t high_bits)
{
    mibtcp_view view;
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_open(&view, g->bytes, g->len, g->kind, policy, &err), MIBTCP_OK);
    ck_assert_uint_eq(mibtcp_view_count(&view), ROWS);
    ck_assert_int_eq(mibtcp_view_kind(&view), g->kind);
    mibtcp_iter it;
    mibtcp_record rec;
    uint32_t seen = 0;
    ck_assert_int_eq(mibtcp_iter_init(&it, &view), MIBTCP_OK);
    mibtcp_status status;
    while ((status = mibtcp_iter_next_record(&it, &rec)) == MIBTCP_OK) {
        ck_assert_uint_eq(rec.index, seen);
        ck_assert_int_eq(rec.kind, g->kind);
        ck_assert_uint_eq(rec.offset, tb_kind_header(g->kind) + seen * tb_kind_stride(g->kind));
        expect_row_matches(&rec, &g->records[seen], high_bits);
        /* The whole record, every byte: what the generator wrote is what the library decodes. */
        ck_assert_mem_eq(&rec, &g->records[seen], sizeof rec);
        /* Random access gives the same record. */
        mibtcp_record by_index;
        ck_assert_int_eq(mibtcp_view_record(&view, seen, &by_index), MIBTCP_OK);
        ck_assert_mem_eq(&by_index, &g->records[seen], sizeof by_index);
        seen++;
    }
    ck_assert_int_eq(status, MIBTCP_END_OF_ROWS);
    ck_assert_uint_eq(seen, ROWS);
}

START_TEST(every_field_round_trips)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    gen_anomalies none;
    gen_anomalies_init(&none);
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        generated *g = generate(kind, seeds[s], &none);
        ck_assert_uint_eq(g->len, tb_kind_header(kind) + ROWS * tb_kind_stride(kind));
        expect_round_trip(g, MIBTCP_POLICY_STRICT, 0);
        expect_round_trip(g, MIBTCP_POLICY_LENIENT, 0);
        release(g);
    }
}
END_TEST

START_TEST(port_high_bits_are_masked_and_kept_raw)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    gen_anomalies a;
    gen_anomalies_init(&a);
    a.port_high_bits = true;
    generated *g = generate(kind, 7, &a);
    expect_round_trip(g, MIBTCP_POLICY_LENIENT, UINT32_C(0xcccc0000));
    mibtcp_view view;
    mibtcp_error err;
    ck_assert_int_eq(mibtcp_open(&view, g->bytes, g->len, kind, MIBTCP_POLICY_STRICT, &err), MIBTCP_ERR_PORT_HIGH_BITS);
    ck_assert_int_eq(err.row, 0);
    ck_assert_int_eq(err.field, MIBTCP_FIELD_LOCAL_PORT);
    release(g);
}
END_TEST

/* Value anomalies that keep a table valid (lenient) are read back as recorded. */
START_TEST(value_anomalies_round_trip)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    gen_anomalies a;
    gen_anomalies_init(&a);
    a.row[GEN_RESERVED_STATE] = 1;
    a.row[GEN_LISTEN_REMOTE] = 2;
    a.row[GEN_ODD_PID] = 3;
    a.row[GEN_ZERO_TIMESTAMP] = 4;
    a.row[GEN_BAD_TIMESTAMP] = 5;
    a.row[GEN_BAD_FLAGS] = 6;
    a.dirty_padding = true;
    a.trailing = 5;
    generated *g = generate(kind, 99, &a);
    expect_round_trip(g, MIBTCP_POLICY_LENIENT, 0);
    const mibtcp_record *r = g->records;
    if (tb_kind_is_tcp(kind)) {
        ck_assert_uint_eq(r[1].state, MIBTCP_STATE_RESERVED);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_PID)) {
        ck_assert_uint_eq(r[3].pid % 4, 2);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_CREATED)) {
        ck_assert_int_eq(r[4].created, 0);
        ck_assert_int_eq(r[5].created, 1);
    }
    if (tb_has_field(kind, MIBTCP_FIELD_FLAGS)) {
        ck_assert_uint_eq(r[6].flags, UINT32_C(0x80000001));
    }
    release(g);
}
END_TEST

/* The anomalies that make a table invalid are where the records say. */
static void expect_open_fails_at(mibtcp_kind kind, const gen_anomalies *a, mibtcp_status status, uint32_t row,
                                 mibtcp_field field, uint32_t value)
{
    generated *g = generate(kind, 3, a);
    mibtcp_view view;
    mibtcp_error err;
    ck_assert(tb_has_field(kind, field));
    const size_t offset = tb_field_offset(kind, field);
    ck_assert_int_eq(mibtcp_open(&view, g->bytes, g->len, kind, MIBTCP_POLICY_LENIENT, &err), status);
    ck_assert_int_eq(err.row, row);
    ck_assert_int_eq(err.field, field);
    ck_assert_uint_eq(err.offset, tb_kind_header(kind) + row * tb_kind_stride(kind) + offset);
    ck_assert_uint_eq(err.value, value);
    release(g);
}

START_TEST(invalid_anomalies_are_located)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    gen_anomalies a;
    gen_anomalies_init(&a);
    a.row[GEN_BAD_STATE] = 4;
    if (tb_kind_is_tcp(kind)) {
        expect_open_fails_at(kind, &a, MIBTCP_ERR_BAD_STATE, 4, MIBTCP_FIELD_STATE, 13);
    }
    gen_anomalies_init(&a);
    a.row[GEN_BAD_OFFLOAD] = 6;
    if (tb_has_field(kind, MIBTCP_FIELD_OFFLOAD_STATE)) {
        expect_open_fails_at(kind, &a, MIBTCP_ERR_BAD_OFFLOAD_STATE, 6, MIBTCP_FIELD_OFFLOAD_STATE, 7);
    }
    /* Kinds without the field: the option changes nothing and the table stays valid. */
    a.row[GEN_BAD_STATE] = 4;
    generated *g = generate(kind, 3, &a);
    mibtcp_view view;
    const mibtcp_status status = mibtcp_open(&view, g->bytes, g->len, kind, MIBTCP_POLICY_LENIENT, NULL);
    ck_assert_int_eq(status, tb_kind_is_tcp(kind) ? MIBTCP_ERR_BAD_STATE : MIBTCP_OK);
    release(g);
}
END_TEST

START_TEST(same_seed_same_bytes_other_seed_other_bytes)
{
    const mibtcp_kind kind = (mibtcp_kind)_i;
    gen_anomalies none;
    gen_anomalies_init(&none);
    generated *a = generate(kind, 5, &none);
    generated *b = generate(kind, 5, &none);
    generated *c = generate(kind, 6, &none);
    ck_assert_mem_eq(a->bytes, b->bytes, a->len);
    ck_assert_mem_eq(a->records, b->records, sizeof a->records);
    ck_assert_int_ne(memcmp(a->bytes, c->bytes, a->len), 0);
    release(a);
    release(b);
    release(c);
}
END_TEST

static Suite *gen_roundtrip_suite(void)
{
    Suite *s = suite_create("gen_roundtrip");
    TCase *kinds = tcase_create("every_kind");
    const int first = MIBTCP_KIND_UNKNOWN + 1;
    tcase_add_loop_test(kinds, every_field_round_trips, first, KIT_KIND_COUNT + 1);
    tcase_add_loop_test(kinds, port_high_bits_are_masked_and_kept_raw, first, KIT_KIND_COUNT + 1);
    tcase_add_loop_test(kinds, value_anomalies_round_trip, first, KIT_KIND_COUNT + 1);
    tcase_add_loop_test(kinds, invalid_anomalies_are_located, first, KIT_KIND_COUNT + 1);
    tcase_add_loop_test(kinds, same_seed_same_bytes_other_seed_other_bytes, first, KIT_KIND_COUNT + 1);
    suite_add_tcase(s, kinds);
    return s;
}

int main(void)
{
    return run_suite(gen_roundtrip_suite());
}
