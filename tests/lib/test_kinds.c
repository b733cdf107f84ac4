/* Kind metadata and field locations, cross-checked against the builder's independent layout table. */
#include <check.h>
#include <stdint.h>

#include "expect.h"
#include "run_suite.h"
#include "table_builder.h"

static const mibtcp_kind not_kinds[] = {MIBTCP_KIND_UNKNOWN, (mibtcp_kind)(KIT_KIND_COUNT + 1), (mibtcp_kind)1000};

START_TEST(kind_metadata_matches_the_windows_layouts)
{
    mibtcp_kind kind = all_kinds[_i];
    ck_assert_uint_eq(mibtcp_kind_header_size(kind), tb_kind_header(kind));
    ck_assert_uint_eq(mibtcp_kind_stride(kind), tb_kind_stride(kind));
    ck_assert_int_eq(mibtcp_kind_family(kind), tb_kind_family(kind));
    ck_assert_int_eq(mibtcp_kind_is_tcp(kind), tb_kind_is_tcp(kind));
}
END_TEST

START_TEST(unknown_kinds_have_no_metadata)
{
    for (size_t i = 0; i < sizeof not_kinds / sizeof not_kinds[0]; i++) {
        ck_assert_uint_eq(mibtcp_kind_header_size(not_kinds[i]), 0);
        ck_assert_uint_eq(mibtcp_kind_stride(not_kinds[i]), 0);
        ck_assert_int_eq(mibtcp_kind_family(not_kinds[i]), MIBTCP_FAMILY_NONE);
        ck_assert(!mibtcp_kind_is_tcp(not_kinds[i]));
        ck_assert(!mibtcp_kind_has_field(not_kinds[i], MIBTCP_FIELD_LOCAL_ADDR));
        size_t offset = 0;
        size_t size = 0;
        ck_assert_int_eq(mibtcp_field_location(not_kinds[i], MIBTCP_FIELD_LOCAL_ADDR, &offset, &size),
                         MIBTCP_ERR_UNKNOWN_KIND);
    }
}
END_TEST

START_TEST(field_locations_match_the_builder)
{
    mibtcp_kind kind = all_kinds[_i];
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        mibtcp_field field = (mibtcp_field)f;
        size_t offset = SIZE_MAX;
        size_t size = SIZE_MAX;
        mibtcp_status status = mibtcp_field_location(kind, field, &offset, &size);
        bool present = tb_has_field(kind, field);
        ck_assert_msg(mibtcp_kind_has_field(kind, field) == present, "%s: has_field(%s) should be %d",
                      mibtcp_kind_name(kind), mibtcp_field_name(field), present);
        if (present) {
            ck_assert_msg(status == MIBTCP_OK, "%s %s: %s", mibtcp_kind_name(kind), mibtcp_field_name(field),
                          mibtcp_status_name(status));
            ck_assert_msg(offset == tb_field_offset(kind, field) && size == tb_field_size(kind, field),
                          "%s %s: library says %zu+%zu, Windows layout %zu+%zu", mibtcp_kind_name(kind),
                          mibtcp_field_name(field), offset, size, tb_field_offset(kind, field),
                          tb_field_size(kind, field));
        } else {
            ck_assert_msg(status == MIBTCP_ERR_NO_SUCH_FIELD, "%s %s: expected NO_SUCH_FIELD, got %s",
                          mibtcp_kind_name(kind), mibtcp_field_name(field), mibtcp_status_name(status));
        }
    }
}
END_TEST

/* Independent of any table: the library's fields tile the row without overlapping. */
START_TEST(library_fields_lie_inside_the_row_without_overlap)
{
    mibtcp_kind kind = all_kinds[_i];
    size_t stride = mibtcp_kind_stride(kind);
    uint8_t owner[256] = {0};
    ck_assert_uint_le(stride, sizeof owner);
    for (int f = 0; f < KIT_FIELD_COUNT; f++) {
        size_t offset;
        size_t size;
        if (mibtcp_field_location(kind, (mibtcp_field)f, &offset, &size) != MIBTCP_OK) {
            continue;
        }
        ck_assert_uint_gt(size, 0);
        ck_assert_uint_le(offset + size, stride);
        for (size_t b = offset; b < offset + size; b++) {
            ck_assert_msg(owner[b] == 0, "%s: %s overlaps %s at byte %zu", mibtcp_kind_name(kind),
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
    tcase_add_loop_test(tc, field_locations_match_the_builder, 0, LOOP_COUNT(all_kinds));
    tcase_add_loop_test(tc, library_fields_lie_inside_the_row_without_overlap, 0, LOOP_COUNT(all_kinds));
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(kinds_suite()); }
