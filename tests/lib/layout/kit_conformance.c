#include "kit_layout.h"
#include "layout_checks.h"

void check_kit_conformance(const sdk_layout *sdk, layout_report *report)
{
    const kit_layout *kit = kit_layout_of(report->kind);
    if (kit == NULL) {
        layout_mismatch(report, "the test kit has no layout for this kind");
        return;
    }
    const sdk_record *row = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_ROW);
    if (row != NULL) {
        layout_expect_equal(report, "test kit header size", (size_t)kit->header, row->offset);
        layout_expect_equal(report, "test kit stride", (size_t)kit->stride, row->size);
    }
    /* The kit lists a row's fields and holes in row order; so does the SDK, sorted by offset. */
    sdk_record parts[SDK_LAYOUT_MAX_RECORDS];
    size_t count = sdk_layout_select(sdk, report->kind, sdk_record_is_row_part, parts, SDK_LAYOUT_MAX_RECORDS);
    size_t places = 0;
    while (places < KIT_MAX_PLACES && kit->places[places].field != MIBTCP_FIELD_NONE) {
        places++;
    }
    layout_expect_equal(report, "test kit fields and holes", places, count);
    for (size_t i = 0; i < places && i < count; i++) {
        const kit_place *place = &kit->places[i];
        if (place->field != (mibtcp_field)parts[i].field || place->offset != parts[i].offset ||
            place->size != parts[i].size) {
            layout_mismatch(report, "test kit place %zu: %s at %u (%u bytes), %s SDK: %s at %u (%u bytes)", i,
                            mibtcp_field_name(place->field), (unsigned)place->offset, (unsigned)place->size,
                            report->arch, mibtcp_field_name((mibtcp_field)parts[i].field), (unsigned)parts[i].offset,
                            (unsigned)parts[i].size);
        }
    }
}
