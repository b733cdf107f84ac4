/* The whole-row record: the one way to read a row. A view's rows are located
 * from its validated count and fixed strides, an iterator's by the iterator
 * that proved them inside the table; a field the kind lacks reads as 0
 * rather than as a neighbour. */
#include <stddef.h>
#include <string.h>

#include "common/layout.h"

#include "mibtcp_fast.h"

void mibtcp_module_info_words(const uint8_t *module_info, uint64_t words[16])
{
    if (words == NULL) {
        return;
    }
    for (size_t i = 0; i < 16; i++) {
        words[i] = module_info != NULL ? mibtcp_load_le64(module_info + 8 * i) : 0;
    }
}

/* Record readers: one per field, called with the field's bytes, its
 * constant size and the kind's family from each kind's row statement, so the
 * reader of a kind is straight-line code with constant offsets. */
/* A DWORD field into its member. */
#define DWORD_READER_(field, member)                                                                         \
    static inline void read_##field(mibtcp_record *rec, const uint8_t *p, size_t size, mibtcp_family family) \
    {                                                                                                        \
        (void)size, (void)family;                                                                            \
        rec->member = mibtcp_load_le32(p);                                                                   \
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
#define KIND_READER_(kind, header, stride, kind_family, tcp)          \
    static void read_##kind(const uint8_t *bytes, mibtcp_record *rec) \
    {                                                                 \
        const mibtcp_family family = kind_family;                     \
        MIBTCP_ROW_##kind(READ_FIELD_, SKIP_HOLE_, SKIP_HOLE_)        \
    }
MIBTCP_KIND_ROWS(KIND_READER_)

/* Indexed by kind, like the layouts: a caller that found the kind's layout
 * finds its reader, with no case left over for a kind that has none. */
#define READER_ENTRY_(kind, header, stride, kind_family, tcp) [MIBTCP_KIND_##kind] = read_##kind,
static void (*const kind_readers[MIBTCP_HEADER_KIND_END])(const uint8_t *bytes,
                                                          mibtcp_record *rec) = {MIBTCP_KIND_ROWS(READER_ENTRY_)};

/* Every byte zero, padding too (static storage). */
static const mibtcp_record empty_record;

/* The record of the row at @p bytes, proven inside its table. */
static void fill_record(const mibtcpi_layout *l, mibtcp_kind kind, uint32_t index, size_t offset, const uint8_t *bytes,
                        mibtcp_record *rec)
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

mibtcp_status mibtcp_view_record_sized(const mibtcp_view *view, size_t view_size, uint32_t index, mibtcp_record *rec,
                                       size_t rec_size)
{
    if (view_size != sizeof *view || rec_size != sizeof *rec) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (view == NULL || rec == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (index >= view->count_) {
        return MIBTCP_ERR_INDEX_OUT_OF_RANGE;
    }
    /* count_ > 0 only in a view that opened, whose kind is valid and whose
     * rows end at rows_end_ <= len, as the scan proved; a view whose private
     * members were overwritten reads as no row rather than past its rows.
     * In 64 bits, 8 + (2^32 - 1) * 192 cannot wrap, even on 32-bit hosts. */
    const mibtcpi_layout *l = mibtcpi_layout_of(view->kind_);
    const uint64_t offset = l != NULL ? (uint64_t)l->header + (uint64_t)index * l->stride : 0;
    if (l == NULL || view->buf_ == NULL || offset > view->rows_end_ || view->rows_end_ - offset < l->stride) {
        return MIBTCP_ERR_ROW_OUTSIDE_VIEW;
    }
    fill_record(l, view->kind_, index, (size_t)offset, view->buf_ + (size_t)offset, rec);
    return MIBTCP_OK;
}

mibtcp_status mibtcp_iter_next_record_sized(mibtcp_iter *it, size_t it_size, mibtcp_record *rec, size_t rec_size)
{
    if (it_size != sizeof *it || rec_size != sizeof *rec) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (it == NULL || rec == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    const mibtcpi_layout *l = mibtcpi_layout_of(it->kind_);
    if (l == NULL) {
        /* An iterator without rows has no kind; one with rows and no kind was overwritten. */
        return it->table_ == NULL ? MIBTCP_END_OF_ROWS : MIBTCP_ERR_ROW_OUTSIDE_VIEW;
    }
    const uint32_t index = it->next_;
    const uint8_t *bytes = mibtcp_iter_next_bytes(it);
    if (bytes == NULL) {
        /* The end of the rows, or a single pass's first bad row. */
        return it->error_.status != MIBTCP_OK ? it->error_.status : MIBTCP_END_OF_ROWS;
    }
    fill_record(l, it->kind_, index, (size_t)(bytes - it->table_), bytes, rec);
    return MIBTCP_OK;
}
