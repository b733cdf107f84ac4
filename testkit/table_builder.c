#include "table_builder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const uint8_t tb_default_local_addr4[4] = {192, 0, 2, 1};
const uint8_t tb_default_remote_addr4[4] = {198, 51, 100, 7};
const uint8_t tb_default_local_addr6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
const uint8_t tb_default_remote_addr6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b, 0x07};

static void tb_fail(const char *what)
{
    fprintf(stderr, "table_builder: %s\n", what);
    abort();
}

static const kit_layout *layout_of(mibtcp_kind kind)
{
    const kit_layout *layout = kit_layout_of(kind);
    if (layout == NULL) {
        tb_fail("unknown kind");
    }
    return layout;
}

static const kit_place *place_of(mibtcp_kind kind, mibtcp_field field)
{
    const kit_place *place = kit_place_of(layout_of(kind), field);
    if (place == NULL) {
        tb_fail("the kind has no such field");
    }
    return place;
}

size_t tb_kind_header(mibtcp_kind kind)
{
    return (size_t)layout_of(kind)->header;
}
size_t tb_kind_stride(mibtcp_kind kind)
{
    return (size_t)layout_of(kind)->stride;
}
mibtcp_family tb_kind_family(mibtcp_kind kind)
{
    return layout_of(kind)->family;
}
bool tb_kind_is_tcp(mibtcp_kind kind)
{
    return layout_of(kind)->is_tcp;
}

bool tb_has_field(mibtcp_kind kind, mibtcp_field field)
{
    return kit_place_of(layout_of(kind), field) != NULL;
}

size_t tb_field_offset(mibtcp_kind kind, mibtcp_field field)
{
    return (size_t)place_of(kind, field)->offset;
}
size_t tb_field_size(mibtcp_kind kind, mibtcp_field field)
{
    return (size_t)place_of(kind, field)->size;
}

size_t tb_padding_hole_offset(mibtcp_kind kind, unsigned hole)
{
    const kit_place *place = kit_hole(layout_of(kind), hole);
    if (place == NULL) {
        tb_fail("the kind has no such padding hole");
    }
    return (size_t)place->offset;
}

/* Ports spread over the whole 16-bit range without 0, distinct for neighbouring rows. */
uint16_t tb_default_local_port(uint32_t row)
{
    return (uint16_t)(1024u + row % 60000u);
}
uint32_t tb_default_pid(uint32_t row)
{
    return 4u * (row + 1u);
}
int64_t tb_default_created(uint32_t row)
{
    return TB_DEFAULT_CREATED + (int64_t)row;
}
uint8_t tb_default_module_info_byte(size_t index)
{
    return (uint8_t)(0xA0u + index);
}

const uint8_t *tb_default_local_addr(mibtcp_family family)
{
    return family == MIBTCP_FAMILY_IPV6 ? tb_default_local_addr6 : tb_default_local_addr4;
}

const uint8_t *tb_default_remote_addr(mibtcp_family family)
{
    return family == MIBTCP_FAMILY_IPV6 ? tb_default_remote_addr6 : tb_default_remote_addr4;
}

uint32_t tb_port_raw(uint16_t port)
{
    return kit_port_dword(port);
}

void tb_store_le32(uint8_t *p, uint32_t value)
{
    kit_store_le(p, value, 4);
}

void tb_store_le64(uint8_t *p, uint64_t value)
{
    kit_store_le(p, value, 8);
}

static uint8_t *allocate_exactly(size_t len)
{
    /* malloc(0) may return NULL; one byte keeps "not NULL" while ASan still flags reads. */
    uint8_t *p = malloc(len != 0 ? len : 1);
    if (p == NULL) {
        tb_fail("out of memory");
    }
    return p;
}

static size_t placement_of(const tb_table *tb)
{
    return (size_t)(tb->bytes - tb->allocation);
}

/* Replace the storage by an exact-size copy of the first @p len bytes (zero-extended). */
static void reallocate(tb_table *tb, size_t len)
{
    size_t placement = placement_of(tb);
    uint8_t *allocation = allocate_exactly(placement + len);
    memset(allocation, 0xEE, placement);
    size_t kept = len < tb->len ? len : tb->len;
    memcpy(allocation + placement, tb->bytes, kept);
    memset(allocation + placement + kept, 0, len - kept);
    free(tb->allocation);
    tb->allocation = allocation;
    tb->bytes = allocation + placement;
    tb->len = len;
}

size_t tb_row_offset(const tb_table *tb, uint32_t row)
{
    return tb->header + (size_t)row * tb->stride;
}

size_t tb_rows_end(const tb_table *tb)
{
    return tb_row_offset(tb, tb->rows);
}

size_t tb_field_at(const tb_table *tb, uint32_t row, mibtcp_field field)
{
    return tb_row_offset(tb, row) + tb_field_offset(tb->kind, field);
}

/* Pointer to @p size bytes of @p row at @p offset_in_row, checked against the buffer. */
static uint8_t *row_bytes(tb_table *tb, uint32_t row, size_t offset_in_row, size_t size)
{
    size_t at = tb_row_offset(tb, row) + offset_in_row;
    if (row >= tb->rows || at + size > tb->len) {
        tb_fail("write outside the laid-out rows");
    }
    return tb->bytes + at;
}

static uint8_t *field_bytes(tb_table *tb, uint32_t row, mibtcp_field field)
{
    const kit_place *place = place_of(tb->kind, field);
    return row_bytes(tb, row, (size_t)place->offset, (size_t)place->size);
}

void tb_row_u32(tb_table *tb, uint32_t row, mibtcp_field field, uint32_t value)
{
    if (tb_field_size(tb->kind, field) != 4) {
        tb_fail("not a DWORD field");
    }
    tb_store_le32(field_bytes(tb, row, field), value);
}

void tb_row_state(tb_table *tb, uint32_t row, uint32_t state)
{
    tb_row_u32(tb, row, MIBTCP_FIELD_STATE, state);
}
void tb_row_pid(tb_table *tb, uint32_t row, uint32_t pid)
{
    tb_row_u32(tb, row, MIBTCP_FIELD_PID, pid);
}

void tb_row_port(tb_table *tb, uint32_t row, mibtcp_field port_field, uint32_t raw)
{
    if (port_field != MIBTCP_FIELD_LOCAL_PORT && port_field != MIBTCP_FIELD_REMOTE_PORT) {
        tb_fail("not a port field");
    }
    tb_row_u32(tb, row, port_field, raw);
}

void tb_row_created(tb_table *tb, uint32_t row, int64_t filetime)
{
    tb_store_le64(field_bytes(tb, row, MIBTCP_FIELD_CREATED), (uint64_t)filetime);
}

void tb_row_addr(tb_table *tb, uint32_t row, mibtcp_field addr_field, const uint8_t *addr)
{
    if (addr_field != MIBTCP_FIELD_LOCAL_ADDR && addr_field != MIBTCP_FIELD_REMOTE_ADDR) {
        tb_fail("not an address field");
    }
    memcpy(field_bytes(tb, row, addr_field), addr, tb_field_size(tb->kind, addr_field));
}

void tb_row_padding(tb_table *tb, uint32_t row, unsigned hole, uint32_t value)
{
    tb_store_le32(row_bytes(tb, row, tb_padding_hole_offset(tb->kind, hole), 4), value);
}

void tb_row_module_info(tb_table *tb, uint32_t row, const uint8_t info[MIBTCP_MODULE_INFO_SIZE])
{
    memcpy(field_bytes(tb, row, MIBTCP_FIELD_MODULE_INFO), info, MIBTCP_MODULE_INFO_SIZE);
}

/* Where @p field lives in @p row, or NULL if the kind has none. */
static uint8_t *in_row(const tb_table *tb, uint8_t *row, mibtcp_field field)
{
    const kit_place *place = kit_place_of(layout_of(tb->kind), field);
    return place != NULL ? row + place->offset : NULL;
}

/* The part of a default row that is the same for every row. */
static void write_row_template(const tb_table *tb, uint8_t *row)
{
    const mibtcp_family family = tb_kind_family(tb->kind);
    memset(row, 0, tb->stride);
    memcpy(in_row(tb, row, MIBTCP_FIELD_LOCAL_ADDR), tb_default_local_addr(family),
           tb_field_size(tb->kind, MIBTCP_FIELD_LOCAL_ADDR));
    if (tb_kind_is_tcp(tb->kind)) {
        tb_store_le32(in_row(tb, row, MIBTCP_FIELD_STATE), TB_DEFAULT_STATE);
        memcpy(in_row(tb, row, MIBTCP_FIELD_REMOTE_ADDR), tb_default_remote_addr(family),
               tb_field_size(tb->kind, MIBTCP_FIELD_REMOTE_ADDR));
        tb_store_le32(in_row(tb, row, MIBTCP_FIELD_REMOTE_PORT), tb_port_raw(TB_DEFAULT_REMOTE_PORT));
    }
    uint8_t *module_info = in_row(tb, row, MIBTCP_FIELD_MODULE_INFO);
    for (size_t i = 0; module_info != NULL && i < MIBTCP_MODULE_INFO_SIZE; i++) {
        module_info[i] = tb_default_module_info_byte(i);
    }
    /* Offload state and UDP flags default to 0, like the padding. */
}

static void write_row_specifics(const tb_table *tb, uint8_t *row, uint32_t index)
{
    tb_store_le32(in_row(tb, row, MIBTCP_FIELD_LOCAL_PORT), tb_port_raw(tb_default_local_port(index)));
    uint8_t *pid = in_row(tb, row, MIBTCP_FIELD_PID);
    if (pid != NULL) {
        tb_store_le32(pid, tb_default_pid(index));
    }
    uint8_t *created = in_row(tb, row, MIBTCP_FIELD_CREATED);
    if (created != NULL) {
        tb_store_le64(created, (uint64_t)tb_default_created(index));
    }
}

void tb_init(tb_table *tb, mibtcp_kind kind, uint32_t nrows)
{
    tb->kind = kind;
    tb->header = tb_kind_header(kind);
    tb->stride = tb_kind_stride(kind);
    tb->rows = nrows;
    tb->len = tb->header + (size_t)nrows * tb->stride;
    tb->allocation = allocate_exactly(tb->len);
    tb->bytes = tb->allocation;
    memset(tb->bytes, 0, tb->header);
    tb_store_le32(tb->bytes, nrows);
    if (nrows == 0) {
        return;
    }
    uint8_t *first = tb->bytes + tb->header;
    write_row_template(tb, first);
    for (uint32_t i = 1; i < nrows; i++) {
        memcpy(first + (size_t)i * tb->stride, first, tb->stride);
    }
    for (uint32_t i = 0; i < nrows; i++) {
        write_row_specifics(tb, first + (size_t)i * tb->stride, i);
    }
}

void tb_free(tb_table *tb)
{
    free(tb->allocation);
    tb->allocation = NULL;
    tb->bytes = NULL;
    tb->len = 0;
    tb->rows = 0;
}

void tb_set_count(tb_table *tb, uint32_t count)
{
    if (tb->len < 4) {
        tb_fail("no room for dwNumEntries");
    }
    tb_store_le32(tb->bytes, count);
}

void tb_header_padding(tb_table *tb, uint32_t value)
{
    if (tb->header != 8 || tb->len < 8) {
        tb_fail("the table has no header padding");
    }
    tb_store_le32(tb->bytes + 4, value);
}

void tb_trailing(tb_table *tb, size_t n)
{
    size_t old_len = tb->len;
    reallocate(tb, old_len + n);
    for (size_t i = 0; i < n; i++) {
        tb->bytes[old_len + i] = (uint8_t)(0x5A ^ i); /* never all zero: slack is garbage */
    }
}

void tb_resize(tb_table *tb, size_t len)
{
    reallocate(tb, len);
}

void tb_place_at_offset(tb_table *tb, size_t k)
{
    uint8_t *allocation = allocate_exactly(k + tb->len);
    memset(allocation, 0xEE, k);
    memcpy(allocation + k, tb->bytes, tb->len);
    free(tb->allocation);
    tb->allocation = allocation;
    tb->bytes = allocation + k;
}
