/* Typed accessors. Each reads at the kind's fixed offset inside the row's
 * stride bytes; a field the kind lacks reads as 0 rather than as a neighbour. */
#include "layout.h"
#include "load_le.h"

static const uint8_t *field_bytes(const mibtcp_row *row, mibtcp_field field, size_t size)
{
    if (row == NULL || row->bytes == NULL) {
        return NULL;
    }
    const mibtcpi_layout *layout = mibtcpi_layout_of(row->kind);
    if (layout == NULL || layout->fields[field].size != size) {
        return NULL;
    }
    return row->bytes + layout->fields[field].offset;
}

static uint32_t u32_or_zero(const mibtcp_row *row, mibtcp_field field)
{
    const uint8_t *p = field_bytes(row, field, 4);
    return p != NULL ? mibtcpi_load_le32(p) : 0;
}

uint32_t mibtcp_row_state(const mibtcp_row *row)
{
    return u32_or_zero(row, MIBTCP_FIELD_STATE);
}

uint32_t mibtcp_row_pid(const mibtcp_row *row)
{
    return u32_or_zero(row, MIBTCP_FIELD_PID);
}

uint32_t mibtcp_row_offload_state(const mibtcp_row *row)
{
    return u32_or_zero(row, MIBTCP_FIELD_OFFLOAD_STATE);
}

uint32_t mibtcp_row_udp_flags(const mibtcp_row *row)
{
    return u32_or_zero(row, MIBTCP_FIELD_FLAGS);
}

int64_t mibtcp_row_created(const mibtcp_row *row)
{
    const uint8_t *p = field_bytes(row, MIBTCP_FIELD_CREATED, 8);
    return p != NULL ? mibtcpi_load_le64_signed(p) : 0;
}

const uint8_t *mibtcp_row_module_info(const mibtcp_row *row)
{
    return field_bytes(row, MIBTCP_FIELD_MODULE_INFO, MIBTCP_MODULE_INFO_SIZE);
}

void mibtcp_module_info_words(const uint8_t *module_info, uint64_t words[16])
{
    if (words == NULL) {
        return;
    }
    for (size_t i = 0; i < 16; i++) {
        words[i] = module_info != NULL ? mibtcpi_load_le64(module_info + 8 * i) : 0;
    }
}

mibtcp_status mibtcp_row_u32(const mibtcp_row *row, mibtcp_field field, uint32_t *value)
{
    if (row == NULL || value == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (mibtcpi_layout_of(row->kind) == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    const uint8_t *p = (unsigned)field < (unsigned)MIBTCPI_FIELD_COUNT ? field_bytes(row, field, 4) : NULL;
    if (p == NULL) {
        return MIBTCP_ERR_NO_SUCH_FIELD;
    }
    *value = mibtcpi_load_le32(p);
    return MIBTCP_OK;
}

/* The port is in network byte order in the low 16 bits of a little-endian
 * DWORD, i.e. its first two bytes; the upper 16 bits may be uninitialised
 * (PITFALLS.md #6) and are ignored here. */
static uint16_t port_from_raw(uint32_t raw)
{
    return (uint16_t)((raw & 0xffu) << 8 | (raw >> 8 & 0xffu));
}

static bool endpoint(const mibtcp_row *row, mibtcp_field addr, mibtcp_field scope, mibtcp_field port,
                     mibtcp_endpoint *ep)
{
    if (ep == NULL) {
        return false;
    }
    *ep = (mibtcp_endpoint){MIBTCP_FAMILY_NONE, NULL, 0, 0, 0};
    const mibtcpi_layout *l = row != NULL && row->bytes != NULL ? mibtcpi_layout_of(row->kind) : NULL;
    if (l == NULL || l->fields[addr].size == 0) {
        return false;
    }
    /* Every kind with an address has the port beside it; scope ids only for IPv6. */
    ep->family = l->family;
    ep->addr = row->bytes + l->fields[addr].offset;
    ep->port_raw = mibtcpi_load_le32(row->bytes + l->fields[port].offset);
    ep->port = port_from_raw(ep->port_raw);
    if (l->fields[scope].size != 0) {
        ep->scope_id = mibtcpi_load_le32(row->bytes + l->fields[scope].offset);
    }
    return true;
}

bool mibtcp_row_local(const mibtcp_row *row, mibtcp_endpoint *ep)
{
    return endpoint(row, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT, ep);
}

bool mibtcp_row_remote(const mibtcp_row *row, mibtcp_endpoint *ep)
{
    return endpoint(row, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID, MIBTCP_FIELD_REMOTE_PORT, ep);
}
