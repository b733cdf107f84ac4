#include "kit_layout.h"
#include "layout_checks.h"

static void expect_listed_at_most_once(const sdk_layout *sdk, layout_report *report)
{
    for (unsigned field = 0; field < (unsigned)KIT_FIELD_COUNT; field++) {
        if (field == (unsigned)MIBTCP_FIELD_ROW_PADDING) {
            continue; /* a row may have several holes */
        }
        unsigned listed = 0;
        for (size_t i = 0; i < sdk->record_count; i++) {
            if (sdk->records[i].kind == (uint32_t)report->kind && sdk->records[i].field == field) {
                listed++;
            }
        }
        if (listed > 1) {
            layout_mismatch(report, "probe (%s): %s is listed %u times", report->arch,
                            mibtcp_field_name((mibtcp_field)field), listed);
        }
    }
}

static const sdk_record *require(const sdk_layout *sdk, layout_report *report, mibtcp_field field)
{
    const sdk_record *record = sdk_layout_find(sdk, report->kind, field);
    if (record == NULL) {
        layout_mismatch(report, "probe (%s): the Windows table's %s is not measured", report->arch,
                        mibtcp_field_name(field));
    }
    return record;
}

/* dwNumEntries, then padding, then the rows: nothing unaccounted for in between. */
static void expect_header_tiled(const sdk_layout *sdk, layout_report *report, const sdk_record *num_entries,
                                const sdk_record *row)
{
    const sdk_record *padding = require(sdk, report, MIBTCP_FIELD_HEADER_PADDING);
    if (padding == NULL) {
        return;
    }
    if (num_entries->offset != 0 || padding->offset != num_entries->offset + num_entries->size ||
        row->offset != padding->offset + padding->size) {
        layout_mismatch(report, "probe (%s): table header not tiled: dwNumEntries@%u[%u], padding@%u[%u], rows@%u",
                        report->arch, (unsigned)num_entries->offset, (unsigned)num_entries->size,
                        (unsigned)padding->offset, (unsigned)padding->size, (unsigned)row->offset);
    }
}

static void expect_row_tiled(const sdk_layout *sdk, layout_report *report, const sdk_record *row)
{
    sdk_record parts[SDK_LAYOUT_MAX_RECORDS];
    size_t count = sdk_layout_select(sdk, report->kind, sdk_record_is_row_part, parts, SDK_LAYOUT_MAX_RECORDS);
    uint32_t covered_to = 0;
    for (size_t i = 0; i < count && i < SDK_LAYOUT_MAX_RECORDS; i++) {
        const sdk_record *part = &parts[i];
        if (part->offset > covered_to) {
            layout_mismatch(report, "probe (%s): row bytes %u..%u are neither a probed member nor a hole", report->arch,
                            (unsigned)covered_to, (unsigned)(part->offset - 1));
        } else if (part->offset < covered_to) {
            layout_mismatch(report, "probe (%s): %s@%u overlaps what precedes it (up to %u)", report->arch,
                            mibtcp_field_name((mibtcp_field)part->field), (unsigned)part->offset, (unsigned)covered_to);
        }
        if (part->offset + part->size > covered_to) {
            covered_to = part->offset + part->size;
        }
    }
    if (covered_to != row->size) {
        layout_mismatch(report, "probe (%s): row members and holes end at %u but sizeof(row) is %u", report->arch,
                        (unsigned)covered_to, (unsigned)row->size);
    }
}

void check_probe_tiling(const sdk_layout *sdk, layout_report *report)
{
    expect_listed_at_most_once(sdk, report);
    const sdk_record *num_entries = require(sdk, report, MIBTCP_FIELD_NUM_ENTRIES);
    const sdk_record *row = require(sdk, report, MIBTCP_FIELD_ROW);
    if (num_entries == NULL || row == NULL) {
        return;
    }
    expect_header_tiled(sdk, report, num_entries, row);
    expect_row_tiled(sdk, report, row);
}

void check_probe_ids(const sdk_layout *sdk, layout_report *report)
{
    for (size_t i = 0; i < sdk->record_count; i++) {
        const sdk_record *r = &sdk->records[i];
        bool kind_known = r->kind > (uint32_t)MIBTCP_KIND_UNKNOWN && r->kind <= (uint32_t)KIT_KIND_COUNT;
        bool field_known = r->field < (uint32_t)KIT_FIELD_COUNT && r->field != (uint32_t)MIBTCP_FIELD_NONE &&
                           r->field != (uint32_t)MIBTCP_FIELD_TRAILING;
        if (!kind_known || !field_known) {
            layout_mismatch(report, "probe (%s): record %zu names kind %u, field %u, which mibtcp.h %s", report->arch,
                            i, (unsigned)r->kind, (unsigned)r->field,
                            kind_known ? "has no row or header field for" : "does not know");
        }
    }
}
