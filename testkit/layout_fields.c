#include "layout_fields.h"

bool kit_layout_has(const mibtcp_row_layout *layout, mibtcp_field field)
{
    return (unsigned)field < 32u && (layout->present & MIBTCP_FIELD_BIT(field)) != 0;
}

/* The member of mibtcp_row_layout that holds @p field's offset, or NULL. */
static const uint32_t *offset_member(const mibtcp_row_layout *l, mibtcp_field field)
{
    switch (field) {
    case MIBTCP_FIELD_STATE: return &l->state;
    case MIBTCP_FIELD_LOCAL_ADDR: return &l->local_addr;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID: return &l->local_scope_id;
    case MIBTCP_FIELD_LOCAL_PORT: return &l->local_port;
    case MIBTCP_FIELD_REMOTE_ADDR: return &l->remote_addr;
    case MIBTCP_FIELD_REMOTE_SCOPE_ID: return &l->remote_scope_id;
    case MIBTCP_FIELD_REMOTE_PORT: return &l->remote_port;
    case MIBTCP_FIELD_PID: return &l->pid;
    case MIBTCP_FIELD_CREATED: return &l->created;
    case MIBTCP_FIELD_MODULE_INFO: return &l->module_info;
    case MIBTCP_FIELD_OFFLOAD_STATE: return &l->offload_state;
    case MIBTCP_FIELD_FLAGS: return &l->flags;
    case MIBTCP_FIELD_ROW_PADDING: return &l->row_padding[0];
    default: return NULL;
    }
}

/* The size mibtcp.h states for @p field in rows of @p family. */
static uint64_t documented_size(mibtcp_field field, mibtcp_family family)
{
    switch (field) {
    case MIBTCP_FIELD_LOCAL_ADDR:
    case MIBTCP_FIELD_REMOTE_ADDR: return family == MIBTCP_FAMILY_IPV6 ? 16 : 4;
    case MIBTCP_FIELD_CREATED: return 8;
    case MIBTCP_FIELD_MODULE_INFO: return MIBTCP_MODULE_INFO_SIZE;
    default: return 4;
    }
}

bool kit_layout_field(const mibtcp_row_layout *layout, mibtcp_field field, uint64_t *offset, uint64_t *size)
{
    const uint32_t *member = offset_member(layout, field);
    if (member == NULL || !kit_layout_has(layout, field)) {
        return false;
    }
    *offset = *member;
    *size = documented_size(field, layout->family);
    return true;
}
