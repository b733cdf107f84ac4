#include "layout.h"

/* Field offsets as the Windows ABI fixes them (doc/formats.md), verified
 * against the mingw-w64 SDK headers for x86_64 and i686 by tests/layout. The
 * 8-byte liCreateTimestamp makes the module rows 8-byte aligned, hence the
 * 8-byte header (doc/pitfalls.md #1) and the holes in UDP module rows (#2). */
#define F(field, off, sz) [MIBTCP_FIELD_##field] = { (off), (sz) }

#define TCP4_ENDPOINTS                                                     \
    F(STATE, 0, 4), F(LOCAL_ADDR, 4, 4), F(LOCAL_PORT, 8, 4), F(REMOTE_ADDR, 12, 4), \
        F(REMOTE_PORT, 16, 4)

/* MIB_TCP6ROW_OWNER_* and MIB_TCP6ROW2 put the state after the endpoints. */
#define TCP6_ENDPOINTS_STATE_LAST                                                   \
    F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4),           \
        F(REMOTE_ADDR, 24, 16), F(REMOTE_SCOPE_ID, 40, 4), F(REMOTE_PORT, 44, 4),   \
        F(STATE, 48, 4)

const mibtcpi_layout mibtcpi_layouts[MIBTCPI_KIND_END] = {
    [MIBTCP_KIND_TCP4_MODULE] = {8, 160, MIBTCP_FAMILY_IPV4, true,
                                 {TCP4_ENDPOINTS, F(PID, 20, 4), F(CREATED, 24, 8), F(MODULE_INFO, 32, 128)},
                                 {{0, 0}}},
    [MIBTCP_KIND_TCP6_MODULE] = {8, 192, MIBTCP_FAMILY_IPV6, true,
                                 {TCP6_ENDPOINTS_STATE_LAST, F(PID, 52, 4), F(CREATED, 56, 8),
                                  F(MODULE_INFO, 64, 128)},
                                 {{0, 0}}},
    [MIBTCP_KIND_TCP4_PID] = {4, 24, MIBTCP_FAMILY_IPV4, true, {TCP4_ENDPOINTS, F(PID, 20, 4)}, {{0, 0}}},
    [MIBTCP_KIND_TCP6_PID] = {4, 56, MIBTCP_FAMILY_IPV6, true, {TCP6_ENDPOINTS_STATE_LAST, F(PID, 52, 4)},
                              {{0, 0}}},
    [MIBTCP_KIND_TCP4_BASIC] = {4, 20, MIBTCP_FAMILY_IPV4, true, {TCP4_ENDPOINTS}, {{0, 0}}},
    /* MIB_TCP6ROW is the odd one out: state first. */
    [MIBTCP_KIND_TCP6_BASIC] = {4, 52, MIBTCP_FAMILY_IPV6, true,
                                {F(STATE, 0, 4), F(LOCAL_ADDR, 4, 16), F(LOCAL_SCOPE_ID, 20, 4),
                                 F(LOCAL_PORT, 24, 4), F(REMOTE_ADDR, 28, 16), F(REMOTE_SCOPE_ID, 44, 4),
                                 F(REMOTE_PORT, 48, 4)},
                                {{0, 0}}},
    [MIBTCP_KIND_TCP4_ROW2] = {4, 28, MIBTCP_FAMILY_IPV4, true,
                               {TCP4_ENDPOINTS, F(PID, 20, 4), F(OFFLOAD_STATE, 24, 4)},
                               {{0, 0}}},
    [MIBTCP_KIND_TCP6_ROW2] = {4, 60, MIBTCP_FAMILY_IPV6, true,
                               {TCP6_ENDPOINTS_STATE_LAST, F(PID, 52, 4), F(OFFLOAD_STATE, 56, 4)},
                               {{0, 0}}},
    [MIBTCP_KIND_UDP4_MODULE] = {8, 160, MIBTCP_FAMILY_IPV4, false,
                                 {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4), F(PID, 8, 4),
                                  F(ROW_PADDING, 12, 4), F(CREATED, 16, 8), F(FLAGS, 24, 4),
                                  F(MODULE_INFO, 32, 128)},
                                 {{12, 4}, {28, 4}}},
    [MIBTCP_KIND_UDP6_MODULE] = {8, 176, MIBTCP_FAMILY_IPV6, false,
                                 {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4),
                                  F(PID, 24, 4), F(ROW_PADDING, 28, 4), F(CREATED, 32, 8), F(FLAGS, 40, 4),
                                  F(MODULE_INFO, 48, 128)},
                                 {{28, 4}, {44, 4}}},
    [MIBTCP_KIND_UDP4_PID] = {4, 12, MIBTCP_FAMILY_IPV4, false,
                              {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4), F(PID, 8, 4)},
                              {{0, 0}}},
    [MIBTCP_KIND_UDP6_PID] = {4, 28, MIBTCP_FAMILY_IPV6, false,
                              {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4),
                               F(PID, 24, 4)},
                              {{0, 0}}},
    [MIBTCP_KIND_UDP4_BASIC] = {4, 8, MIBTCP_FAMILY_IPV4, false, {F(LOCAL_ADDR, 0, 4), F(LOCAL_PORT, 4, 4)},
                                {{0, 0}}},
    [MIBTCP_KIND_UDP6_BASIC] = {4, 24, MIBTCP_FAMILY_IPV6, false,
                                {F(LOCAL_ADDR, 0, 16), F(LOCAL_SCOPE_ID, 16, 4), F(LOCAL_PORT, 20, 4)},
                                {{0, 0}}},
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
