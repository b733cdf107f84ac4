/* The conformance checks of one kind against one target's SDK numbers. Each
 * prints a line per disagreement into @p report (whose kind says which kind)
 * and counts it; none stops at the first. */
#ifndef MIBTCP_TESTS_LAYOUT_CHECKS_H
#define MIBTCP_TESTS_LAYOUT_CHECKS_H

#include "layout_report.h"
#include "sdk_layout.h"

/* The probe is complete: the header records and the row's members and holes
 * tile the table header and the row exactly, so a member the probe forgot
 * (which the library could then get wrong unnoticed) shows up as a gap. */
void check_probe_tiling(const sdk_layout *sdk, layout_report *report);

/* Every record names a kind and a field that mibtcp.h knows (report kind: UNKNOWN). */
void check_probe_ids(const sdk_layout *sdk, layout_report *report);

/* Header size, stride, and the offset and size of every field, both ways:
 * every probed member must be where the library says, and every field the
 * library says the kind has must be a probed member. */
void check_field_conformance(const sdk_layout *sdk, layout_report *report);

/* Every padding byte, including the second hole of UDP module rows that
 * a layout states only as an offset: dirty one byte of a one-row table at a
 * time; the library's findings must report padding exactly for the SDK's holes. */
void check_padding_conformance(const sdk_layout *sdk, layout_report *report);

/* The test kit's own statement of the layouts (testkit/kit_layout.c), which
 * the tests and fuzz code check the library against: header size, stride,
 * and every field and hole in row order, exactly the SDK's. */
void check_kit_conformance(const sdk_layout *sdk, layout_report *report);

#endif
