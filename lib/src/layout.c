#include "layout.h"

/* Field offsets as the Windows ABI fixes them (doc/formats.md), verified
 * against the mingw-w64 SDK headers for x86_64 and i686 by tests/layout. The
 * 8-byte liCreateTimestamp makes the module rows 8-byte aligned, hence the
 * 8-byte header (doc/pitfalls.md #1) and the holes in UDP module rows (#2).
 *
 * Each kind's row is stated once, in row order: F(field, offset, size) for a
 * field, HOLE1/HOLE2(offset) for its padding holes. The list is expanded into
 * the field-indexed slots the accessors use and into the row-order places
 * the findings walk follows, so the walk needs no plan made at run time. */

#define TCP4_ENDPOINTS(F)                                                                                            \
    F(STATE, 0, 4) F(LOCAL_ADDR, 4, 4) F(LOCAL_PORT, 8, 4) F(REMOTE_ADDR, 12, 4) F(REMOTE_PORT, 16, 4)

/* MIB_TCP6ROW_OWNER_* and MIB_TCP6ROW2 put the state after the endpoints. */
#define TCP6_ENDPOINTS_STATE_LAST(F)                                                                                 \
    F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(REMOTE_ADDR, 24, 16)                         \
    F(REMOTE_SCOPE_ID, 40, 4) F(REMOTE_PORT, 44, 4) F(STATE, 48, 4)

#define TCP4_MODULE_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4) F(CREATED, 24, 8) F(MODULE_INFO, 32, 128)
#define TCP6_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4) F(CREATED, 56, 8) F(MODULE_INFO, 64, 128)
#define TCP4_PID_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4)
#define TCP6_PID_ROW(F, HOLE1, HOLE2) TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4)
#define TCP4_BASIC_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F)
/* MIB_TCP6ROW is the odd one out: state first. */
#define TCP6_BASIC_ROW(F, HOLE1, HOLE2)                                                                              \
    F(STATE, 0, 4) F(LOCAL_ADDR, 4, 16) F(LOCAL_SCOPE_ID, 20, 4) F(LOCAL_PORT, 24, 4) F(REMOTE_ADDR, 28, 16)          \
    F(REMOTE_SCOPE_ID, 44, 4) F(REMOTE_PORT, 48, 4)
#define TCP4_ROW2_ROW(F, HOLE1, HOLE2) TCP4_ENDPOINTS(F) F(PID, 20, 4) F(OFFLOAD_STATE, 24, 4)
#define TCP6_ROW2_ROW(F, HOLE1, HOLE2) TCP6_ENDPOINTS_STATE_LAST(F) F(PID, 52, 4) F(OFFLOAD_STATE, 56, 4)
#define UDP4_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4) F(PID, 8, 4) HOLE1(12) F(CREATED, 16, 8) F(FLAGS, 24, 4) HOLE2(28)       \
    F(MODULE_INFO, 32, 128)
#define UDP6_MODULE_ROW(F, HOLE1, HOLE2)                                                                             \
    F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(PID, 24, 4) HOLE1(28) F(CREATED, 32, 8)      \
    F(FLAGS, 40, 4) HOLE2(44) F(MODULE_INFO, 48, 128)
#define UDP4_PID_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4) F(PID, 8, 4)
#define UDP6_PID_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4) F(PID, 24, 4)
#define UDP4_BASIC_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 4) F(LOCAL_PORT, 4, 4)
#define UDP6_BASIC_ROW(F, HOLE1, HOLE2) F(LOCAL_ADDR, 0, 16) F(LOCAL_SCOPE_ID, 16, 4) F(LOCAL_PORT, 20, 4)

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

#define LAYOUT(kind, header, stride, family, tcp)                                                                    \
    [MIBTCP_KIND_##kind] = {header,                                                                                  \
                            stride,                                                                                  \
                            family,                                                                                  \
                            tcp,                                                                                     \
                            {kind##_ROW(SLOT_, FIRST_HOLE_SLOT_, NOTHING_)},                                         \
                            {kind##_ROW(NOTHING_, HOLE_, HOLE_){0, 0}},                                              \
                            0 kind##_ROW(ONE_, ONE_, ONE_),                                                          \
                            {kind##_ROW(PLACE_, HOLE_PLACE_, HOLE_PLACE_)}}

const mibtcpi_layout mibtcpi_layouts[MIBTCPI_KIND_END] = {
    LAYOUT(TCP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, true),
    LAYOUT(TCP6_MODULE, 8, 192, MIBTCP_FAMILY_IPV6, true),
    LAYOUT(TCP4_PID, 4, 24, MIBTCP_FAMILY_IPV4, true),
    LAYOUT(TCP6_PID, 4, 56, MIBTCP_FAMILY_IPV6, true),
    LAYOUT(TCP4_BASIC, 4, 20, MIBTCP_FAMILY_IPV4, true),
    LAYOUT(TCP6_BASIC, 4, 52, MIBTCP_FAMILY_IPV6, true),
    LAYOUT(TCP4_ROW2, 4, 28, MIBTCP_FAMILY_IPV4, true),
    LAYOUT(TCP6_ROW2, 4, 60, MIBTCP_FAMILY_IPV6, true),
    LAYOUT(UDP4_MODULE, 8, 160, MIBTCP_FAMILY_IPV4, false),
    LAYOUT(UDP6_MODULE, 8, 176, MIBTCP_FAMILY_IPV6, false),
    LAYOUT(UDP4_PID, 4, 12, MIBTCP_FAMILY_IPV4, false),
    LAYOUT(UDP6_PID, 4, 28, MIBTCP_FAMILY_IPV6, false),
    LAYOUT(UDP4_BASIC, 4, 8, MIBTCP_FAMILY_IPV4, false),
    LAYOUT(UDP6_BASIC, 4, 24, MIBTCP_FAMILY_IPV6, false),
};

size_t mibtcp_kind_header_size(mibtcp_kind kind)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    return l ? l->header : 0;
}

size_t mibtcp_kind_stride(mibtcp_kind kind)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    return l ? l->stride : 0;
}

mibtcp_family mibtcp_kind_family(mibtcp_kind kind)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    return l ? l->family : MIBTCP_FAMILY_NONE;
}

bool mibtcp_kind_is_tcp(mibtcp_kind kind)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    return l ? l->tcp : false;
}

bool mibtcp_kind_has_field(mibtcp_kind kind, mibtcp_field field)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    if (l == NULL || (unsigned)field >= (unsigned)MIBTCPI_FIELD_COUNT) {
        return false;
    }
    return l->fields[field].size != 0;
}

mibtcp_status mibtcp_field_location(mibtcp_kind kind, mibtcp_field field, size_t *offset, size_t *size)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    if (offset == NULL || size == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (l == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    if (!mibtcp_kind_has_field(kind, field)) {
        return MIBTCP_ERR_NO_SUCH_FIELD;
    }
    *offset = l->fields[field].offset;
    *size = l->fields[field].size;
    return MIBTCP_OK;
}

mibtcp_status mibtcp_kind_layout(mibtcp_kind kind, mibtcp_row_layout *layout, size_t layout_size)
{
    if (layout == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (layout_size != sizeof *layout) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    *layout = (mibtcp_row_layout){0};
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    if (l == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    const mibtcpi_slot *f = l->fields;
    layout->present = mibtcpi_present_fields(l);
    layout->header = l->header;
    layout->stride = l->stride;
    layout->state = f[MIBTCP_FIELD_STATE].offset;
    layout->local_addr = f[MIBTCP_FIELD_LOCAL_ADDR].offset;
    layout->local_scope_id = f[MIBTCP_FIELD_LOCAL_SCOPE_ID].offset;
    layout->local_port = f[MIBTCP_FIELD_LOCAL_PORT].offset;
    layout->remote_addr = f[MIBTCP_FIELD_REMOTE_ADDR].offset;
    layout->remote_scope_id = f[MIBTCP_FIELD_REMOTE_SCOPE_ID].offset;
    layout->remote_port = f[MIBTCP_FIELD_REMOTE_PORT].offset;
    layout->pid = f[MIBTCP_FIELD_PID].offset;
    layout->created = f[MIBTCP_FIELD_CREATED].offset;
    layout->module_info = f[MIBTCP_FIELD_MODULE_INFO].offset;
    layout->offload_state = f[MIBTCP_FIELD_OFFLOAD_STATE].offset;
    layout->flags = f[MIBTCP_FIELD_FLAGS].offset;
    return MIBTCP_OK;
}
