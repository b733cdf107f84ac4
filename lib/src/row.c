/* Typed accessors and the whole-row record. Every read starts from
 * row_window(): the row is located from its offset and kind and checked
 * against the bounds of its table, which the row carries, so a row whose
 * public members were overwritten reads as no row, never outside the buffer.
 * A field the kind lacks reads as 0 rather than as a neighbour. */
#include <string.h>

#include "layout.h"
#include "load_le.h"

/* The row's stride bytes, or NULL when its kind is unknown or the row does
 * not lie inside its table. */
static const uint8_t *row_window(const mibtcp_row *row, const mibtcpi_layout **layout)
{
    if (row == NULL || row->table_ == NULL) {
        return NULL;
    }
    const mibtcpi_layout *l = mibtcpi_layout_of(row->kind);
    if (l == NULL || row->offset > row->rows_end_ || row->rows_end_ - row->offset < l->stride) {
        return NULL;
    }
    *layout = l;
    return row->table_ + row->offset;
}

static const uint8_t *field_bytes(const mibtcp_row *row, mibtcp_field field, size_t size)
{
    const mibtcpi_layout *l = NULL;
    const uint8_t *bytes = row_window(row, &l);
    if (bytes == NULL || l->fields[field].size != size) {
        return NULL;
    }
    return bytes + l->fields[field].offset;
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
    const mibtcpi_layout *l = NULL;
    if (row_window(row, &l) == NULL) {
        return MIBTCP_ERR_ROW_OUTSIDE_VIEW;
    }
    const uint8_t *p = (unsigned)field < (unsigned)MIBTCPI_FIELD_COUNT ? field_bytes(row, field, 4) : NULL;
    if (p == NULL) {
        return MIBTCP_ERR_NO_SUCH_FIELD;
    }
    *value = mibtcpi_load_le32(p);
    return MIBTCP_OK;
}

/* Every kind with an address has the port beside it; scope ids only IPv6. */
static bool endpoint_at(const uint8_t *bytes, const mibtcpi_layout *l, mibtcp_field addr, mibtcp_field scope,
                        mibtcp_field port, mibtcp_endpoint *ep)
{
    *ep = (mibtcp_endpoint){MIBTCP_FAMILY_NONE, {0}, 0, 0, 0};
    if (bytes == NULL || l->fields[addr].size == 0) {
        return false;
    }
    ep->family = l->family;
    memcpy(ep->addr, bytes + l->fields[addr].offset, l->fields[addr].size);
    ep->port_raw = mibtcpi_load_le32(bytes + l->fields[port].offset);
    ep->port = mibtcp_port_from_raw(ep->port_raw);
    if (l->fields[scope].size != 0) {
        ep->scope_id = mibtcpi_load_le32(bytes + l->fields[scope].offset);
    }
    return true;
}

bool mibtcp_row_local(const mibtcp_row *row, mibtcp_endpoint *ep)
{
    if (ep == NULL) {
        return false;
    }
    const mibtcpi_layout *l = NULL;
    const uint8_t *bytes = row_window(row, &l);
    return endpoint_at(bytes, l, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT, ep);
}

bool mibtcp_row_remote(const mibtcp_row *row, mibtcp_endpoint *ep)
{
    if (ep == NULL) {
        return false;
    }
    const mibtcpi_layout *l = NULL;
    const uint8_t *bytes = row_window(row, &l);
    return endpoint_at(bytes, l, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID, MIBTCP_FIELD_REMOTE_PORT,
                       ep);
}

static uint32_t u32_at(const uint8_t *bytes, mibtcpi_slot slot)
{
    return slot.size != 0 ? mibtcpi_load_le32(bytes + slot.offset) : 0;
}

mibtcp_status mibtcp_row_read(const mibtcp_row *row, mibtcp_record *rec, size_t rec_size)
{
    if (row == NULL || rec == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (rec_size != sizeof *rec) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    memset(rec, 0, sizeof *rec); /* padding too, so records compare with memcmp() */
    if (mibtcpi_layout_of(row->kind) == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    const mibtcpi_layout *l = NULL;
    const uint8_t *bytes = row_window(row, &l);
    if (bytes == NULL) {
        return MIBTCP_ERR_ROW_OUTSIDE_VIEW;
    }
    const mibtcpi_slot *f = l->fields;
    rec->kind = row->kind;
    rec->index = row->index;
    rec->offset = row->offset;
    rec->present = mibtcpi_present_fields(l);
    rec->state = u32_at(bytes, f[MIBTCP_FIELD_STATE]);
    (void)endpoint_at(bytes, l, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT,
                      &rec->local);
    (void)endpoint_at(bytes, l, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID, MIBTCP_FIELD_REMOTE_PORT,
                      &rec->remote);
    rec->pid = u32_at(bytes, f[MIBTCP_FIELD_PID]);
    rec->offload_state = u32_at(bytes, f[MIBTCP_FIELD_OFFLOAD_STATE]);
    rec->flags = u32_at(bytes, f[MIBTCP_FIELD_FLAGS]);
    if (f[MIBTCP_FIELD_CREATED].size != 0) {
        rec->created = mibtcpi_load_le64_signed(bytes + f[MIBTCP_FIELD_CREATED].offset);
    }
    if (f[MIBTCP_FIELD_MODULE_INFO].size != 0) {
        memcpy(rec->module_info, bytes + f[MIBTCP_FIELD_MODULE_INFO].offset, MIBTCP_MODULE_INFO_SIZE);
    }
    return MIBTCP_OK;
}
