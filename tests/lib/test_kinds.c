/* Kind metadata and field locations, cross-checked against the builder's independent layout table. */
#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "expect.h"
#include "layout_fields.h"
#include "mibtcp_fast.h"
#include "run_suite.h"
#include "table_builder.h"

static const mibtcp_kind not_kinds[] = {MIBTCP_KIND_UNKNOWN, (mibtcp_kind)(KIT_KIND_COUNT + 1), (mibtcp_kind)1000};

/* The library's layout of @p kind, which must be there. */
static mibtcp_row_layout layout_of(mibtcp_kind kind)
{
    mibtcp_row_layout layout;
    ck_assert_int_eq(mibtcp_kind_layout(kind, &layout), MIBTCP_OK);
    return layout;
}

START_TEST(kind_metadata_matches_the_windows_layouts)
{
    mibtcp_kind kind = all_kinds[_i];
    const mibtcp_row_layout layout = layout_of(kind);
    ck_assert_uint_eq(layout.header, tb_kind_header(kind));
    ck_assert_uint_eq(layout.stride, tb_kind_stride(kind));
    ck_assert_int_eq(layout.family, tb_kind_family(kind));
    ck_assert_uint_eq(layout.tcp, tb_kind_is_tcp(kind) ? 1 : 0);
}
END_TEST

START_TEST(unknown_kinds_have_no_metadata)
{
    for (size_t i = 0; i < sizeof not_kinds / sizeof not_kinds[0]; i++) {
        mibtcp_row_layout layout;
        memset(&layout, 0xa5, sizeof layout);
        ck_assert_int_eq(mibtcp_kind_layout(not_kinds[i], &layout), MIBTCP_ERR_UNKNOWN_KIND);
        const mibtcp_row_layout zeros = {0};
        ck_assert_mem_eq(&layout, &zeros, sizeof layout);
    }
}
END_TEST

/* The ABI rule: a size other than the library's sizeof, one byte more or
 * less, is refused before anything is written. */
START_TEST(kind_layout_refuses_another_struct_size)
{
    mibtcp_row_layout layout;
    memset(&layout, 0xa5, sizeof layout);
    mibtcp_row_layout before = layout;
    ck_assert_int_eq(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, &layout, sizeof layout + 1),
                     MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_int_eq(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, &layout, sizeof layout - 1),
                     MIBTCP_ERR_ABI_MISMATCH);
    ck_assert_mem_eq(&layout, &before, sizeof layout);
    ck_assert_int_eq(mibtcp_kind_layout(MIBTCP_KIND_TCP4_PID, NULL), MIBTCP_ERR_NULL_ARGUMENT);
    ck_assert_int_eq(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, &layout, sizeof layout), MIBTCP_OK);
}
END_TEST

/* Hand-computed from MIB_UDPROW_OWNER_MODULE: dwLocalAddr 0, dwLocalPort 4,
 * dwOwningPid 8, hole 12, liCreateTimestamp 16, dwFlags 24, hole 28,
 * OwningModuleInfo 32; 8-byte header, 160-byte rows. */
START_TEST(udp4_module_layout_by_hand)
{
    const mibtcp_row_layout l = layout_of(MIBTCP_KIND_UDP4_MODULE);
    ck_assert_uint_eq(l.header, 8);
    ck_assert_uint_eq(l.stride, 160);
    ck_assert_int_eq(l.family, MIBTCP_FAMILY_IPV4);
    ck_assert_uint_eq(l.tcp, 0);
    ck_assert_uint_eq(l.local_addr, 0);
    ck_assert_uint_eq(l.local_port, 4);
    ck_assert_uint_eq(l.pid, 8);
    ck_assert_uint_eq(l.created, 16);
    ck_assert_uint_eq(l.flags, 24);
    ck_assert_uint_eq(l.module_info, 32);
    ck_assert_uint_eq(l.row_padding[0], 12);
    ck_assert_uint_eq(l.row_padding[1], 28);
    const uint32_t fields = MIBTCP_FIELD_BIT(MIBTCP_FIELD_LOCAL_ADDR) | MIBTCP_FIELD_BIT(MIBTCP_FIELD_LOCAL_PORT) |
                            MIBTCP_FIELD_BIT(MIBTCP_FIELD_PID) | MIBTCP_FIELD_BIT(MIBTCP_FIELD_CREATED) |
                            MIBTCP_FIELD_BIT(MIBTCP_FIELD_FLAGS) | MIBTCP_FIELD_BIT(MIBTCP_FIELD_MODULE_INFO) |
                            MIBTCP_FIELD_BIT(MIBTCP_FIELD_ROW_PADDING);
    ck_assert_uint_eq(l.present, fields);
}
END_TEST

/* The inline compile-time layout is the exported one. */
START_TEST(layout_known_is_kind_layout)
{
    mibtcp_kind kind = all_kinds[_i];
    const mibtcp_row_layout exported = layout_of(kind), known = mibtcp_layout_known(kind);
    ck_assert_mem_eq(&known, &exported, sizeof known);
}
END_TEST

START_TEST(field_locations_match_the_builder)
{
    mibtcp_kind kind = all_kinds[_i];
    const mibtcp_row_layout layout = layout_of(kind);
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        mibtcp_field field = (mibtcp_field)f;
        uint64_t offset = UINT64_MAX;
        uint64_t size = UINT64_MAX;
        const bool located = kit_layout_field(&layout, field, &offset, &size);
        bool present = tb_has_field(kind, field);
        ck_assert_msg(kit_layout_has(&layout, field) == present, "%s: has %s should be %d", mibtcp_kind_name(kind),
                      mibtcp_field_name(field), present);
        ck_assert_msg(located == present, "%s %s: located %d", mibtcp_kind_name(kind), mibtcp_field_name(field),
                      located);
        if (present) {
            ck_assert_msg(offset == tb_field_offset(kind, field) && size == tb_field_size(kind, field),
                          "%s %s: library says %" PRIu64 "+%" PRIu64 ", Windows layout %zu+%zu", mibtcp_kind_name(kind),
                          mibtcp_field_name(field), offset, size, tb_field_offset(kind, field),
                          tb_field_size(kind, field));
        }
    }
}
END_TEST

/* Independent of any table: the library's fields tile the row without overlapping. */
START_TEST(library_fields_lie_inside_the_row_without_overlap)
{
    mibtcp_kind kind = all_kinds[_i];
    const mibtcp_row_layout layout = layout_of(kind);
    uint8_t owner[256] = {0};
    ck_assert_uint_le(layout.stride, sizeof owner);
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        uint64_t offset;
        uint64_t size;
        if (!kit_layout_field(&layout, (mibtcp_field)f, &offset, &size)) {
            continue;
        }
        ck_assert_uint_gt(size, 0);
        ck_assert_uint_le(offset + size, layout.stride);
        for (uint64_t b = offset; b < offset + size; b++) {
            ck_assert_msg(owner[b] == 0, "%s: %s overlaps %s at byte %" PRIu64, mibtcp_kind_name(kind),
                          mibtcp_field_name((mibtcp_field)f), mibtcp_field_name((mibtcp_field)owner[b]), b);
            owner[b] = (uint8_t)f;
        }
    }
}
END_TEST

static Suite *kinds_suite(void)
{
    Suite *s = suite_create("kinds");
    TCase *tc = tcase_create("layout");
    tcase_add_loop_test(tc, kind_metadata_matches_the_windows_layouts, 0, LOOP_COUNT(all_kinds));
    tcase_add_test(tc, unknown_kinds_have_no_metadata);
    tcase_add_test(tc, kind_layout_refuses_another_struct_size);
    tcase_add_test(tc, udp4_module_layout_by_hand);
    tcase_add_loop_test(tc, layout_known_is_kind_layout, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(tc, field_locations_match_the_builder, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(tc, library_fields_lie_inside_the_row_without_overlap, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(kinds_suite());
}
