#include <stdio.h>

#include "kit_layout.h"
#include "layout_checks.h"
#include "layout_fields.h"

/* mibtcp_open() reads dwNumEntries as the little-endian u32 at offset 0 of
 * every table (mibtcp.h; errors about it carry offset 0). */
#define LIBRARY_NUM_ENTRIES_OFFSET 0u
#define LIBRARY_NUM_ENTRIES_SIZE 4u

static bool is_row_field(unsigned field)
{
    return field != (unsigned)MIBTCP_FIELD_NONE && field != (unsigned)MIBTCP_FIELD_TRAILING &&
           !sdk_field_is_header(field);
}

/* The library's layout of the report's kind (all zeros for an unknown one). */
static mibtcp_row_layout library_layout(const layout_report *report)
{
    mibtcp_row_layout layout;
    (void)mibtcp_kind_layout(report->kind, &layout);
    return layout;
}

static void compare_header(const sdk_layout *sdk, layout_report *report)
{
    const sdk_record *num_entries = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_NUM_ENTRIES);
    const sdk_record *row = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_ROW);
    if (num_entries != NULL) {
        layout_expect_equal(report, "dwNumEntries offset", LIBRARY_NUM_ENTRIES_OFFSET, num_entries->offset);
        layout_expect_equal(report, "dwNumEntries size", LIBRARY_NUM_ENTRIES_SIZE, num_entries->size);
    }
    if (row != NULL) {
        const mibtcp_row_layout layout = library_layout(report);
        layout_expect_equal(report, "header size (offsetof(table, table))", layout.header, row->offset);
        layout_expect_equal(report, "stride (sizeof row)", layout.stride, row->size);
    }
}

static void compare_location(layout_report *report, mibtcp_field field, const char *label, uint32_t sdk_offset,
                             uint32_t sdk_size)
{
    uint64_t offset = 0;
    uint64_t size = 0;
    const mibtcp_row_layout layout = library_layout(report);
    if (!kit_layout_field(&layout, field, &offset, &size)) {
        layout_mismatch(report, "%s: %s SDK has it at offset %u (%u bytes), the library's rows have none", label,
                        report->arch, (unsigned)sdk_offset, (unsigned)sdk_size);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "%s offset", label);
    layout_expect_equal(report, what, (size_t)offset, sdk_offset);
    snprintf(what, sizeof what, "%s size", label);
    layout_expect_equal(report, what, (size_t)size, sdk_size);
}

/* SDK -> library: every probed member is where the library reads it. */
static void compare_probed_members(const sdk_layout *sdk, layout_report *report)
{
    for (size_t i = 0; i < sdk->record_count; i++) {
        const sdk_record *r = &sdk->records[i];
        if (r->kind == (uint32_t)report->kind && is_row_field(r->field) &&
            r->field != (uint32_t)MIBTCP_FIELD_ROW_PADDING && r->field < (uint32_t)KIT_FIELD_COUNT) {
            mibtcp_field field = (mibtcp_field)r->field;
            compare_location(report, field, mibtcp_field_name(field), r->offset, r->size);
        }
    }
}

/* kit_layout_field() shows the first hole; check_padding_conformance() covers them all. */
static void compare_first_hole(const sdk_layout *sdk, layout_report *report)
{
    sdk_record holes[SDK_LAYOUT_MAX_RECORDS];
    if (sdk_layout_select(sdk, report->kind, sdk_record_is_row_hole, holes, SDK_LAYOUT_MAX_RECORDS) > 0) {
        compare_location(report, MIBTCP_FIELD_ROW_PADDING, "row_padding (first hole)", holes[0].offset, holes[0].size);
        return;
    }
    uint64_t offset = 0;
    uint64_t size = 0;
    const mibtcp_row_layout layout = library_layout(report);
    if (kit_layout_field(&layout, MIBTCP_FIELD_ROW_PADDING, &offset, &size)) {
        layout_mismatch(report, "row_padding: library has a hole at offset %u (%u bytes), %s SDK rows have none",
                        (unsigned)offset, (unsigned)size, report->arch);
    }
}

/* Library -> SDK: every field the library gives the kind is a probed member. */
static void compare_library_fields(const sdk_layout *sdk, layout_report *report)
{
    for (unsigned f = 0; f < (unsigned)KIT_FIELD_COUNT; f++) {
        if (!is_row_field(f)) {
            continue;
        }
        mibtcp_field field = (mibtcp_field)f;
        uint64_t offset = 0;
        uint64_t size = 0;
        const mibtcp_row_layout layout = library_layout(report);
        bool located = kit_layout_field(&layout, field, &offset, &size);
        if (field != MIBTCP_FIELD_ROW_PADDING && located && sdk_layout_find(sdk, report->kind, field) == NULL) {
            layout_mismatch(report,
                            "%s: library has it at offset %u (%u bytes), the %s SDK row has no such "
                            "member (or sdk_layout_probe.c does not probe it)",
                            mibtcp_field_name(field), (unsigned)offset, (unsigned)size, report->arch);
        }
    }
}

void check_field_conformance(const sdk_layout *sdk, layout_report *report)
{
    compare_header(sdk, report);
    compare_probed_members(sdk, report);
    compare_first_hole(sdk, report);
    compare_library_fields(sdk, report);
}
