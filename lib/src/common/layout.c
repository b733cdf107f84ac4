#include "common/layout.h"

/* The layout table, expanded from the row statement of mibtcp.h (MIBTCP_KIND_ROWS). */

#define HOLE_SIZE 4
#define NOTHING_(...)
/* Field-indexed slots; ROW_PADDING's slot is the first hole. */
#define SLOT_(field, off, sz) [MIBTCP_FIELD_##field] = {(off), (sz)},
#define FIRST_HOLE_SLOT_(off) [MIBTCP_FIELD_ROW_PADDING] = {(off), HOLE_SIZE},
#define HOLE_(off) {(off), HOLE_SIZE},
/* Row-order places. */
#define PLACE_(field, off, sz) {MIBTCP_FIELD_##field, {(off), (sz)}},
#define HOLE_PLACE_(off) {MIBTCP_FIELD_ROW_PADDING, {(off), HOLE_SIZE}},
#define ONE_(...) +1
/* The present mask; a kind's holes are its ROW_PADDING field. */
#define BIT_(field, off, sz) | MIBTCP_FIELD_BIT(MIBTCP_FIELD_##field)
#define HOLE_BIT_(off) | MIBTCP_FIELD_BIT(MIBTCP_FIELD_ROW_PADDING)

#define LAYOUT(kind, header, stride, family, tcp)                                   \
    [MIBTCP_KIND_##kind] = {header,                                                 \
                            stride,                                                 \
                            family,                                                 \
                            tcp,                                                    \
                            0u MIBTCP_ROW_##kind(BIT_, HOLE_BIT_, NOTHING_),        \
                            {MIBTCP_ROW_##kind(SLOT_, FIRST_HOLE_SLOT_, NOTHING_)}, \
                            {MIBTCP_ROW_##kind(NOTHING_, HOLE_, HOLE_){0, 0}},      \
                            0 MIBTCP_ROW_##kind(ONE_, ONE_, ONE_),                  \
                            {MIBTCP_ROW_##kind(PLACE_, HOLE_PLACE_, HOLE_PLACE_)}}

#define LAYOUT_ENTRY_(kind, header, stride, family, tcp) LAYOUT(kind, header, stride, family, tcp),
const mibtcpi_layout mibtcpi_layouts[MIBTCP_HEADER_KIND_END] = {MIBTCP_KIND_ROWS(LAYOUT_ENTRY_)};

mibtcp_status mibtcp_kind_layout_sized(mibtcp_kind kind, mibtcp_row_layout *layout, size_t layout_size)
{
    if (layout_size != sizeof *layout) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (layout == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    *layout = mibtcp_layout_known(kind);
    return mibtcpi_layout_of(kind) != NULL ? MIBTCP_OK : MIBTCP_ERR_UNKNOWN_KIND;
}
