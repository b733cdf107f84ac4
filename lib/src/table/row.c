/* Typed accessors and the whole-row record. Every read starts from
 * row_window(): the row is located from its offset and kind and checked
 * against the bounds of its table, which the row carries, so a row whose
 * public members were overwritten reads as no row, never outside the buffer.
 * A field the kind lacks reads as 0 rather than as a neighbour. */
#include <stddef.h>
#include <string.h>

#include "common/layout.h"

#include "mibtcp.h"

/* The row's stride bytes, or NULL when its kind is unknown or the row does
 * not lie inside its table on a row boundary (header + k * stride: an
 * offset between two rows would read the end of one and the start of the
 * next as a row). */
static const uint8_t *row_window(const mibtcp_row *row, const mibtcpi_layout **layout)
{
    if (row == NULL || row->table_ == NULL) {
        return NULL;
    }
    const mibtcpi_layout *l = mibtcpi_layout_of(row->kind);
    if (l == NULL || row->offset > row->rows_end_ || row->rows_end_ - row->offset < l->stride ||
        row->offset < l->header || (row->offset - l->header) % l->stride != 0) {
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
    return p != NULL ? mibtcp_load_le32(p) : 0;
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
    return p != NULL ? mibtcp_load_le64_signed(p) : 0;
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
        words[i] = module_info != NULL ? mibtcp_load_le64(module_info + 8 * i) : 0;
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
    *value = mibtcp_load_le32(p);
    return MIBTCP_OK;
}

/* Every kind with an address has the port beside it; scope ids only IPv6.
 * Addresses are 4 or 16 bytes: fixed-size copies compile to a move or two
 * where a copy of the slot's size would be a call. */
static bool endpoint_at(const uint8_t *bytes, const mibtcpi_layout *l, mibtcp_field addr, mibtcp_field scope,
                        mibtcp_field port, mibtcp_endpoint *ep)
{
    *ep = (mibtcp_endpoint){MIBTCP_FAMILY_NONE, {0}, 0, 0, 0};
    const mibtcpi_slot a = bytes != NULL ? l->fields[addr] : (mibtcpi_slot){0, 0};
    if (a.size == 0) {
        return false;
    }
    ep->family = l->family;
    if (a.size == 16) {
        memcpy(ep->addr, bytes + a.offset, 16);
    } else {
        memcpy(ep->addr, bytes + a.offset, 4);
    }
    ep->port_raw = mibtcp_load_le32(bytes + l->fields[port].offset);
    ep->port = mibtcp_port_from_raw(ep->port_raw);
    if (l->fields[scope].size != 0) {
        ep->scope_id = mibtcp_load_le32(bytes + l->fields[scope].offset);
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

/* Record readers: one per field, called with the field's bytes, its
 * constant size and the kind's family from each kind's row statement, so the
 * reader of a kind is straight-line code with constant offsets. */
/* A DWORD field into its member. */
#define DWORD_READER_(field, member)                                                                                 \
    static inline void read_##field(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)        \
    {                                                                                                                \
        (void)size, (void)family;                                                                                    \
        rec->member = mibtcp_load_le32(p);                                                                          \
    }
DWORD_READER_(STATE, state)
DWORD_READER_(LOCAL_SCOPE_ID, local.scope_id)
DWORD_READER_(REMOTE_SCOPE_ID, remote.scope_id)
DWORD_READER_(PID, pid)
DWORD_READER_(OFFLOAD_STATE, offload_state)
DWORD_READER_(FLAGS, flags)

/* Addresses are 4 or 16 bytes, a constant here: a move or two, not a call. */
static inline void read_address(mibtcp_endpoint *ep, const uint8_t *p, size_t size, mibtcp_family family)
{
    ep->family = family;
    memcpy(ep->addr, p, size);
}

static inline void read_port(mibtcp_endpoint *ep, const uint8_t *p)
{
    ep->port_raw = mibtcp_load_le32(p);
    ep->port = mibtcp_port_from_raw(ep->port_raw);
}

static inline void read_LOCAL_ADDR(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    read_address(&rec->local, p, size, family);
}

static inline void read_REMOTE_ADDR(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    read_address(&rec->remote, p, size, family);
}

static inline void read_LOCAL_PORT(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    (void)size, (void)family;
    read_port(&rec->local, p);
}

static inline void read_REMOTE_PORT(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    (void)size, (void)family;
    read_port(&rec->remote, p);
}

static inline void read_CREATED(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    (void)size, (void)family;
    rec->created = mibtcp_load_le64_signed(p);
}

static inline void read_MODULE_INFO(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family)
{
    (void)size, (void)family;
    memcpy(rec->module_info, p, MIBTCP_MODULE_INFO_SIZE);
}

#define READ_FIELD_(field, off, sz) read_##field(rec, bytes + (off), (sz), family);
#define SKIP_HOLE_(off)
/* read_<kind>(): every field of a row of the kind; @p bytes are the row's
 * stride bytes, proven inside its table. */
#define KIND_READER_(kind, header, stride, kind_family, tcp)                                                          \
    static void read_##kind(const uint8_t *bytes, mibtcp_record *rec)                                                \
    {                                                                                                                \
        const mibtcp_family family = kind_family;                                                                    \
        MIBTCP_ROW_##kind(READ_FIELD_, SKIP_HOLE_, SKIP_HOLE_)                                                       \
    }
MIBTCP_KIND_ROWS(KIND_READER_)

/* Indexed by kind, like the layouts: a caller that found the kind's layout
 * finds its reader, with no case left over for a kind that has none. */
#define READER_ENTRY_(kind, header, stride, kind_family, tcp) [MIBTCP_KIND_##kind] = read_##kind,
static void (*const kind_readers[MIBTCPI_KIND_END])(const uint8_t *bytes, mibtcp_record *rec) = {
    MIBTCP_KIND_ROWS(READER_ENTRY_)};

/* Every byte zero, padding too (static storage). */
static const mibtcp_record empty_record;

/* A record with no row in it. */
static mibtcp_status no_record(mibtcp_record *rec, mibtcp_status why)
{
    memcpy(rec, &empty_record, sizeof *rec);
    return why;
}

/* The record of the row at @p bytes, proven inside its table. */
static void fill_record(const mibtcpi_layout *l, mibtcp_kind kind, uint32_t index, size_t offset,
                        const uint8_t *bytes, mibtcp_record *rec)
{
    /* Zero what comes before the module info (what the kind lacks, and the
     * padding, so records compare with memcmp()); the module info is written
     * once, copied by its reader or zeroed here. Copies from a constant
     * compile to vector moves where a memset of this size becomes a
     * "rep stos" whose start-up costs more than the rest of the record. */
    memcpy(rec, &empty_record, offsetof(mibtcp_record, module_info));
    if ((l->present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_MODULE_INFO)) == 0) {
        memcpy(rec->module_info, empty_record.module_info, MIBTCP_MODULE_INFO_SIZE);
    }
    /* Nothing follows the module info on the hosts we build for; zero any tail padding a compiler adds. */
    memset(rec->module_info + MIBTCP_MODULE_INFO_SIZE, 0,
           sizeof *rec - (offsetof(mibtcp_record, module_info) + MIBTCP_MODULE_INFO_SIZE));
    rec->kind = kind;
    rec->index = index;
    rec->offset = offset;
    rec->present = l->present;
    kind_readers[kind](bytes, rec);
}

mibtcp_status mibtcp_row_read(const mibtcp_row *row, mibtcp_record *rec, size_t rec_size)
{
    if (row == NULL || rec == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (rec_size != sizeof *rec) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (mibtcpi_layout_of(row->kind) == NULL) {
        return no_record(rec, MIBTCP_ERR_UNKNOWN_KIND);
    }
    const mibtcpi_layout *l = NULL;
    const uint8_t *bytes = row_window(row, &l);
    if (bytes == NULL) {
        return no_record(rec, MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    }
    fill_record(l, row->kind, row->index, row->offset, bytes, rec);
    return MIBTCP_OK;
}

bool mibtcp_iter_next_record(mibtcp_iter *it, mibtcp_record *rec, size_t rec_size)
{
    if (it == NULL || rec == NULL || rec_size != sizeof *rec) {
        return false;
    }
    const mibtcpi_layout *l = mibtcpi_layout_of(it->kind_);
    const uint32_t index = it->next_;
    const uint8_t *bytes = l != NULL ? mibtcp_iter_next_bytes(it) : NULL;
    if (bytes == NULL) {
        return false;
    }
    fill_record(l, it->kind_, index, (size_t)(bytes - it->table_), bytes, rec);
    return true;
}
