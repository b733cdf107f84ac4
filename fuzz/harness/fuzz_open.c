/* fuzz_open: mibtcp_open() of the table with the kind, policy and buffer
 * variant the input chooses (input_params.h), then every row through the
 * iterator (mibtcp_iter_next_record) and mibtcp_view_record().
 *
 * Invariants: a valid view never yields a byte outside [buf, buf + len);
 * strict-valid implies lenient-valid; the same bytes give the same status
 * at any address and on every call; a failed open leaves an empty view;
 * records agree with the fast path at mibtcp_kind_layout()'s offsets;
 * memory safety survives the buffer changing after mibtcp_open() (flag
 * REWRITE) and writes to a view's or an iterator's private members; a
 * single pass (mibtcp_iter_open) hands out exactly the rows mibtcp_open()
 * accepts and ends with its error; argument errors and struct sizes that
 * are not the library's (flag ARGUMENTS). Every field is checked on 8 rows
 * from the one the capacity byte picks. The cross-checks
 * compare the chosen chain with mibtcp_open() of its neighbours (the other
 * policy, the exact address); the replay engine checks every row of every
 * chain and compares them all. */
#include <stdint.h>
#include <string.h>

#include "layout_fields.h"
#include "mibtcp_fast.h"
#include "oracles/row_record.h"
#include "support/fuzz_bytes.h"
#include "support/input_params.h"
#include "support/input_variants.h"
#include "support/invariant.h"
#include "support/table_mutator_hooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bits of the flags parameter byte: optional checks of a chain. */
#define FLAG_REWRITE 0x01u
#define FLAG_ARGUMENTS 0x02u

typedef struct open_outcome {
    mibtcp_status status;
    mibtcp_error err;
    uint32_t count;
    size_t trailing;
} open_outcome;

static bool inside(const uint8_t *base, size_t len, const uint8_t *first, size_t size)
{
    uintptr_t start = (uintptr_t)base, at = (uintptr_t)first;
    return at >= start && size <= len && at - start <= len - size;
}

static void require_same_error(const mibtcp_error *a, const mibtcp_error *b)
{
    FUZZ_REQUIRE(a->status == b->status);
    FUZZ_REQUIRE(a->row == b->row);
    FUZZ_REQUIRE(a->field == b->field);
    FUZZ_REQUIRE(a->offset == b->offset);
    FUZZ_REQUIRE(a->value == b->value);
}

static void require_formats(const mibtcp_endpoint *ep)
{
    char addr[MIBTCP_ADDR_STR_SIZE];
    char endpoint[MIBTCP_ENDPOINT_STR_SIZE];
    for (unsigned flags = 0; flags <= MIBTCP_FORMAT_SCOPE; ++flags) {
        FUZZ_REQUIRE(mibtcp_format_addr(ep, flags, addr, sizeof addr) == MIBTCP_OK);
        FUZZ_REQUIRE(memchr(addr, '\0', sizeof addr) != NULL);
        FUZZ_REQUIRE(mibtcp_format_endpoint(ep, flags, endpoint, sizeof endpoint) == MIBTCP_OK);
        FUZZ_REQUIRE(memchr(endpoint, '\0', sizeof endpoint) != NULL);
    }
    /* Another struct size is refused with nothing written. */
    addr[0] = endpoint[0] = 'x';
    FUZZ_REQUIRE(mibtcp_format_addr_sized(ep, sizeof *ep + 1, 0, addr, sizeof addr) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_format_endpoint_sized(ep, sizeof *ep - 1, 0, endpoint, sizeof endpoint) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(addr[0] == 'x' && endpoint[0] == 'x');
}

/* The library's layout of @p kind read field by field (testkit/layout_fields.h). */
static bool library_field(mibtcp_kind kind, mibtcp_field field, uint64_t *offset, uint64_t *size)
{
    mibtcp_row_layout layout;
    return mibtcp_kind_layout_sized(kind, &layout, sizeof layout) == MIBTCP_OK &&
           kit_layout_field(&layout, field, offset, size);
}

static bool library_has_field(mibtcp_kind kind, mibtcp_field field)
{
    uint64_t offset, size;
    return library_field(kind, field, &offset, &size);
}

/* An endpoint of a record: present exactly when the kind has its address,
 * zeroed otherwise; the port decoded from the raw DWORD. Its bytes are
 * compared with the buffer's by require_fast_path_agrees(). */
static void require_endpoint(mibtcp_kind kind, const mibtcp_endpoint *ep, mibtcp_field addr_field, mibtcp_policy policy,
                             bool formats)
{
    const bool present = library_has_field(kind, addr_field);
    static const uint8_t zero_addr[16];
    if (!present) {
        FUZZ_REQUIRE(ep->family == MIBTCP_FAMILY_NONE && memcmp(ep->addr, zero_addr, 16) == 0 && ep->port == 0 &&
                     ep->port_raw == 0 && ep->scope_id == 0);
        return;
    }
    uint64_t offset = 0, size = 0;
    FUZZ_REQUIRE(library_field(kind, addr_field, &offset, &size));
    FUZZ_REQUIRE(ep->family == mibtcp_layout_known(kind).family);
    FUZZ_REQUIRE(size == (ep->family == MIBTCP_FAMILY_IPV4 ? 4u : 16u));
    FUZZ_REQUIRE(memcmp(ep->addr + size, zero_addr, (size_t)(16 - size)) == 0);
    const uint32_t port_raw = ep->port_raw;
    FUZZ_REQUIRE(ep->port == (uint16_t)(((port_raw & 0xffu) << 8) | ((port_raw >> 8) & 0xffu)));
    if (policy == MIBTCP_POLICY_STRICT) {
        FUZZ_REQUIRE(port_raw >> 16 == 0);
    }
    if (ep->family == MIBTCP_FAMILY_IPV4) {
        FUZZ_REQUIRE(ep->scope_id == 0);
    }
    if (formats) {
        require_formats(ep);
    }
}

/* Every field the layout gives the kind lies inside its rows. */
static void require_fields_inside_rows(mibtcp_kind kind)
{
    const uint64_t stride = mibtcp_layout_known(kind).stride;
    for (int f = 0; f < KIT_FIELD_COUNT; ++f) {
        uint64_t offset = UINT64_MAX, size = UINT64_MAX;
        if (library_field(kind, (mibtcp_field)f, &offset, &size)) {
            FUZZ_REQUIRE(size > 0 && size <= stride && offset <= stride - size);
        }
    }
}

/* The inline fast path (mibtcp_kind_layout + mibtcp_load_le*) reads what the record holds. */
static void require_fast_path_agrees(const uint8_t *bytes, const mibtcp_record *rec)
{
    mibtcp_row_layout at;
    FUZZ_REQUIRE(mibtcp_kind_layout(rec->kind, &at) == MIBTCP_OK);
    FUZZ_REQUIRE(at.present == rec->present);
    FUZZ_REQUIRE(at.header == mibtcp_layout_known(rec->kind).header &&
                 at.stride == mibtcp_layout_known(rec->kind).stride);
    const uint32_t bit_state = MIBTCP_FIELD_BIT(MIBTCP_FIELD_STATE);
    FUZZ_REQUIRE(!(at.present & bit_state) || mibtcp_load_le32(bytes + at.state) == rec->state);
    FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.local_port) == rec->local.port_raw);
    FUZZ_REQUIRE(mibtcp_port_from_raw(rec->local.port_raw) == rec->local.port);
    FUZZ_REQUIRE(memcmp(bytes + at.local_addr, rec->local.addr, rec->local.family == MIBTCP_FAMILY_IPV6 ? 16 : 4) == 0);
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_LOCAL_SCOPE_ID)) {
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.local_scope_id) == rec->local.scope_id);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_REMOTE_ADDR)) {
        FUZZ_REQUIRE(
            memcmp(bytes + at.remote_addr, rec->remote.addr, rec->remote.family == MIBTCP_FAMILY_IPV6 ? 16 : 4) == 0);
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.remote_port) == rec->remote.port_raw);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_REMOTE_SCOPE_ID)) {
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.remote_scope_id) == rec->remote.scope_id);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_PID)) {
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.pid) == rec->pid);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_CREATED)) {
        FUZZ_REQUIRE(mibtcp_load_le64_signed(bytes + at.created) == rec->created);
        FUZZ_REQUIRE(mibtcp_load_le64(bytes + at.created) == (uint64_t)rec->created);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_MODULE_INFO)) {
        FUZZ_REQUIRE(memcmp(bytes + at.module_info, rec->module_info, MIBTCP_MODULE_INFO_SIZE) == 0);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_OFFLOAD_STATE)) {
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.offload_state) == rec->offload_state);
    }
    if (at.present & MIBTCP_FIELD_BIT(MIBTCP_FIELD_FLAGS)) {
        FUZZ_REQUIRE(mibtcp_load_le32(bytes + at.flags) == rec->flags);
    }
}

static void require_time_helpers_agree(int64_t created)
{
    int64_t unix_seconds = 0;
    uint32_t ticks = 0;
    mibtcp_status to_unix = mibtcp_filetime_to_unix(created, &unix_seconds, &ticks);
    char iso[MIBTCP_ISO8601_SIZE];
    FUZZ_REQUIRE(mibtcp_filetime_to_iso8601(created, iso, sizeof iso) == to_unix);
}

typedef enum row_depth {
    ROW_PLACE,           /* where the row is */
    ROW_FIELDS,          /* and every field of its record */
    ROW_FIELDS_FORMATTED /* and its endpoints as text */
} row_depth;

static void check_row(const mibtcp_record *rec, const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                      uint32_t index, row_depth depth)
{
    const size_t stride = mibtcp_layout_known(kind).stride;
    FUZZ_REQUIRE(rec->kind == kind && rec->index == index);
    FUZZ_REQUIRE(rec->offset == mibtcp_layout_known(kind).header + (size_t)index * stride);
    const uint8_t *bytes = buf + rec->offset;
    FUZZ_REQUIRE(inside(buf, len, bytes, stride));
    if (depth == ROW_PLACE) {
        return;
    }
    const bool formats = depth == ROW_FIELDS_FORMATTED;
    for (int f = 0; f < KIT_FIELD_COUNT; ++f) {
        FUZZ_REQUIRE(((rec->present & MIBTCP_FIELD_BIT(f)) != 0) == library_has_field(kind, (mibtcp_field)f));
    }
    if ((mibtcp_layout_known(kind).tcp != 0)) {
        FUZZ_REQUIRE(mibtcp_state_is_valid(rec->state));
        FUZZ_REQUIRE(strcmp(mibtcp_state_name(rec->state), "INVALID") != 0);
    } else {
        FUZZ_REQUIRE(rec->state == 0);
    }
    if (!library_has_field(kind, MIBTCP_FIELD_MODULE_INFO)) {
        static const uint8_t no_info[MIBTCP_MODULE_INFO_SIZE];
        FUZZ_REQUIRE(memcmp(rec->module_info, no_info, MIBTCP_MODULE_INFO_SIZE) == 0);
    }
    FUZZ_REQUIRE(rec->offload_state <= 3);
    if (policy == MIBTCP_POLICY_STRICT) {
        FUZZ_REQUIRE(rec->flags <= 1);
    }
    require_time_helpers_agree(rec->created);
    require_fast_path_agrees(bytes, rec);
    require_fields_inside_rows(kind);
    require_endpoint(kind, &rec->local, MIBTCP_FIELD_LOCAL_ADDR, policy, formats);
    FUZZ_REQUIRE(rec->local.family != MIBTCP_FAMILY_NONE);
    require_endpoint(kind, &rec->remote, MIBTCP_FIELD_REMOTE_ADDR, policy, formats);
    FUZZ_REQUIRE((rec->remote.family != MIBTCP_FAMILY_NONE) == (mibtcp_layout_known(kind).tcp != 0));
}

static void require_index_out_of_range(const mibtcp_view *view, uint32_t index)
{
    mibtcp_record untouched, rec;
    memset(&untouched, 0x5a, sizeof untouched);
    rec = untouched;
    FUZZ_REQUIRE(mibtcp_view_record(view, index, &rec) == MIBTCP_ERR_INDEX_OUT_OF_RANGE);
    FUZZ_REQUIRE(memcmp(&rec, &untouched, sizeof rec) == 0);
}

/* Every field is checked on FIELD_CHECKED_ROWS rows from row
 * @p first_checked % count on, and the first of them formats its endpoints
 * (every row does both in the replay engine); the other rows have their
 * place checked. The library does the same on every row wherever it lies,
 * and checking every field and text of hundreds of rows took most of a
 * chain's time (fuzz_format fuzzes the formatters themselves). */
#define FIELD_CHECKED_ROWS 8u

static row_depth depth_of(uint32_t index, uint32_t count, uint32_t first_checked)
{
    if (FUZZ_EXHAUSTIVE) {
        return ROW_FIELDS_FORMATTED;
    }
    uint32_t first = first_checked % count;
    if (index == first) {
        return ROW_FIELDS_FORMATTED;
    }
    return index > first && index - first < FIELD_CHECKED_ROWS ? ROW_FIELDS : ROW_PLACE;
}

/* Walks the view twice (iterator, then by index) and checks every row. */
static void walk_rows(const mibtcp_view *view, const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                      uint32_t first_checked)
{
    uint32_t count = mibtcp_view_count(view);
    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init(&it, view) == MIBTCP_OK);
    mibtcp_record rec;
    uint32_t index = 0;
    mibtcp_status status;
    while ((status = mibtcp_iter_next_record(&it, &rec)) == MIBTCP_OK) {
        FUZZ_REQUIRE(index < count);
        check_row(&rec, buf, len, kind, policy, index, depth_of(index, count, first_checked));
        mibtcp_record by_index;
        FUZZ_REQUIRE(mibtcp_view_record(view, index, &by_index) == MIBTCP_OK);
        FUZZ_REQUIRE(memcmp(&by_index, &rec, sizeof rec) == 0);
        ++index;
    }
    FUZZ_REQUIRE(status == MIBTCP_END_OF_ROWS && index == count);
    FUZZ_REQUIRE(mibtcp_iter_next_record(&it, &rec) == MIBTCP_END_OF_ROWS);
    require_index_out_of_range(view, count);
    require_index_out_of_range(view, count + 1u);
    require_index_out_of_range(view, UINT32_MAX);
}

static void require_empty_view(const mibtcp_view *view)
{
    FUZZ_REQUIRE(mibtcp_view_count(view) == 0);
    FUZZ_REQUIRE(mibtcp_view_kind(view) == MIBTCP_KIND_UNKNOWN);
    FUZZ_REQUIRE(mibtcp_view_trailing(view) == 0);
    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init(&it, view) == MIBTCP_OK);
    mibtcp_record rec;
    FUZZ_REQUIRE(mibtcp_iter_next_record(&it, &rec) == MIBTCP_END_OF_ROWS);
    require_index_out_of_range(view, 0);
}

static void require_error_located(const mibtcp_error *err, mibtcp_status status, const uint8_t *buf, size_t len,
                                  mibtcp_kind kind)
{
    FUZZ_REQUIRE(err->status == status);
    FUZZ_REQUIRE((unsigned)err->field < (unsigned)KIT_FIELD_COUNT);
    if (err->row == MIBTCP_NO_ROW) {
        return;
    }
    /* A row-level error points into a row that lies wholly inside the buffer. */
    size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
    FUZZ_REQUIRE(len >= 4 && err->row >= 0 && (uint64_t)err->row < fuzz_load_le32(buf));
    uint64_t row_start = header + (uint64_t)err->row * stride;
    FUZZ_REQUIRE(row_start + stride <= len);
    FUZZ_REQUIRE(err->offset >= row_start && err->offset < row_start + stride);
}

/* The cursor walks the same rows in the caller's loop. Left halfway, it
 * hands the rest back to the iterator through mibtcp_iter_sync(); either way
 * the walk ends where a single pass ends, with the same error. A cursor of
 * the wrong kind, or one moved off a row boundary, changes nothing. */
static void require_cursor_matches(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                   uint64_t expected_rows, const mibtcp_error *pass_err, bool known)
{
    const size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
    mibtcp_iter it;
    const mibtcp_status status = mibtcp_iter_open(&it, buf, len, kind, policy, NULL);
    mibtcp_cursor cur = known ? mibtcp_iter_cursor_known(&it, kind, policy) : mibtcp_iter_cursor(&it);
    const uint64_t stop_at = expected_rows / 2;
    uint64_t seen = 0;
    const uint8_t *row = NULL;
    while (seen < stop_at && mibtcp_cursor_next(&cur, &row)) {
        FUZZ_REQUIRE(row == buf + header + seen * stride);
        ++seen;
    }
    FUZZ_REQUIRE(seen == stop_at);
    /* The row it stopped at is checked now, with a batch after it: the error may be known already. */
    const mibtcp_status halfway = mibtcp_iter_sync(&it, cur, NULL);
    FUZZ_REQUIRE(halfway == MIBTCP_OK || halfway == pass_err->status);
    for (cur = mibtcp_iter_cursor(&it); mibtcp_cursor_next(&cur, &row); ++seen) {
        FUZZ_REQUIRE(seen < expected_rows && row == buf + header + seen * stride);
    }
    FUZZ_REQUIRE(seen == expected_rows);
    mibtcp_error err;
    FUZZ_REQUIRE(mibtcp_iter_sync_sized(&it, sizeof it, cur, &err, sizeof err) == pass_err->status);
    require_same_error(&err, pass_err);
    FUZZ_REQUIRE(mibtcp_iter_next_bytes(&it) == NULL);

    mibtcp_iter other;
    (void)mibtcp_iter_open(&other, buf, len, kind, policy, NULL);
    const bool has_rows = status == MIBTCP_OK && len >= 4 && fuzz_load_le32(buf) > 0;
    const mibtcp_kind wrong = kind == MIBTCP_KIND_TCP4_MODULE ? MIBTCP_KIND_TCP6_MODULE : MIBTCP_KIND_TCP4_MODULE;
    mibtcp_cursor none = mibtcp_iter_cursor_known(&other, wrong, policy);
    FUZZ_REQUIRE(!mibtcp_cursor_next(&none, &row));
    FUZZ_REQUIRE(mibtcp_iter_sync(&other, none, NULL) == (has_rows ? MIBTCP_ERR_BAD_ARGUMENT : MIBTCP_OK));
    mibtcp_cursor moved = mibtcp_iter_cursor(&other);
    moved.next_ = moved.next_ != NULL ? moved.next_ + 1 : buf; /* off a row boundary, or rows where there are none */
    FUZZ_REQUIRE(mibtcp_iter_sync(&other, moved, NULL) == (moved.next_ != NULL ? MIBTCP_ERR_BAD_ARGUMENT : MIBTCP_OK));
    FUZZ_REQUIRE(mibtcp_iter_sync(NULL, moved, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
}

/* A single pass over the same bytes: mibtcp_open()'s structural error at
 * once, or rows 0.. up to the first row open() rejects (all of them if it
 * accepts), each read as through the view, then open()'s error. Both ways
 * of stepping (rows and the inline fast path) must agree. */
static void require_single_pass_matches(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                        mibtcp_status open_status, const mibtcp_error *open_err)
{
    mibtcp_iter by_record, by_bytes;
    mibtcp_error err;
    const mibtcp_status status =
        mibtcp_iter_open_sized(&by_record, sizeof by_record, buf, len, kind, policy, &err, sizeof err);
    FUZZ_REQUIRE(mibtcp_iter_open(&by_bytes, buf, len, kind, policy, NULL) == status);
    FUZZ_REQUIRE(status == MIBTCP_OK || status == open_status);
    if (status != MIBTCP_OK) {
        require_same_error(&err, open_err);
        FUZZ_REQUIRE(mibtcp_iter_error(&by_record, NULL) == MIBTCP_OK); /* nothing to walk, nothing met */
    }
    const uint64_t expected_rows = open_status == MIBTCP_OK ? (len >= 4 ? fuzz_load_le32(buf) : 0)
                                   : status != MIBTCP_OK    ? 0
                                                            : (uint64_t)open_err->row;
    const size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
    mibtcp_record rec;
    uint64_t seen = 0;
    mibtcp_status next;
    while ((next = mibtcp_iter_next_record(&by_record, &rec)) == MIBTCP_OK) {
        FUZZ_REQUIRE(seen < expected_rows && rec.index == seen && rec.kind == kind);
        FUZZ_REQUIRE(rec.offset == header + seen * stride);
        const uint8_t *bytes = mibtcp_iter_next_bytes(&by_bytes);
        FUZZ_REQUIRE(bytes == buf + rec.offset);
        require_fast_path_agrees(bytes, &rec);
        ++seen;
    }
    FUZZ_REQUIRE(seen == expected_rows);
    /* The end of a valid table, or the status of the first bad row, again on every call. */
    const mibtcp_status why = mibtcp_iter_error(&by_record, NULL);
    FUZZ_REQUIRE(next == (why == MIBTCP_OK ? MIBTCP_END_OF_ROWS : why));
    FUZZ_REQUIRE(mibtcp_iter_next_record(&by_record, &rec) == next);
    FUZZ_REQUIRE(mibtcp_iter_next_bytes(&by_bytes) == NULL && mibtcp_iter_check_more(&by_bytes) == NULL);
    mibtcp_iter by_batch;
    (void)mibtcp_iter_open(&by_batch, buf, len, kind, policy, NULL);
    uint64_t batched = 0;
    const uint8_t *first = NULL;
    for (size_t n = mibtcp_iter_next_rows(&by_batch, &first); n > 0; n = mibtcp_iter_next_rows(&by_batch, &first)) {
        FUZZ_REQUIRE(first == buf + header + batched * stride);
        batched += n;
    }
    FUZZ_REQUIRE(batched == expected_rows);
    mibtcp_error pass_err;
    (void)mibtcp_iter_error_sized(&by_record, sizeof by_record, &pass_err, sizeof pass_err);
    require_cursor_matches(buf, len, kind, policy, expected_rows, &pass_err, (expected_rows & 1) != 0);
    if (status == MIBTCP_OK) {
        mibtcp_error end_err, bytes_err;
        FUZZ_REQUIRE(mibtcp_iter_error(&by_record, &end_err) == open_status);
        FUZZ_REQUIRE(mibtcp_iter_error(&by_bytes, &bytes_err) == open_status);
        if (open_status != MIBTCP_OK) {
            require_same_error(&end_err, open_err);
            require_same_error(&bytes_err, open_err);
        }
    }
}

/* mibtcp_open() alone, for the chains a chosen one is compared with. */
static open_outcome open_only(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy)
{
    open_outcome outcome;
    mibtcp_view view;
    outcome.status = mibtcp_open(&view, buf, len, kind, policy, &outcome.err);
    outcome.count = mibtcp_view_count(&view);
    outcome.trailing = mibtcp_view_trailing(&view);
    return outcome;
}

static open_outcome open_and_walk(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                  uint32_t first_checked)
{
    open_outcome outcome;
    mibtcp_view view;
    outcome.status = mibtcp_open(&view, buf, len, kind, policy, &outcome.err);
    require_single_pass_matches(buf, len, kind, policy, outcome.status, &outcome.err);

    mibtcp_view again;
    mibtcp_error again_err;
    FUZZ_REQUIRE(mibtcp_open(&again, buf, len, kind, policy, &again_err) == outcome.status);
    FUZZ_REQUIRE(mibtcp_open(&again, buf, len, kind, policy, NULL) == outcome.status);

    if (outcome.status != MIBTCP_OK) {
        require_same_error(&outcome.err, &again_err);
        require_error_located(&outcome.err, outcome.status, buf, len, kind);
        require_empty_view(&view);
        outcome.count = 0;
        outcome.trailing = 0;
        return outcome;
    }
    size_t header = mibtcp_layout_known(kind).header, stride = mibtcp_layout_known(kind).stride;
    outcome.count = mibtcp_view_count(&view);
    outcome.trailing = mibtcp_view_trailing(&view);
    FUZZ_REQUIRE(len >= 4 && outcome.count == fuzz_load_le32(buf));
    FUZZ_REQUIRE(mibtcp_view_kind(&view) == kind);
    uint64_t rows_end = header + (uint64_t)outcome.count * stride;
    if (outcome.count > 0 || len >= header) {
        FUZZ_REQUIRE(rows_end <= len);
        FUZZ_REQUIRE(outcome.trailing == len - rows_end);
    } else {
        FUZZ_REQUIRE(policy == MIBTCP_POLICY_LENIENT && outcome.trailing == 0);
    }
    if (policy == MIBTCP_POLICY_STRICT) {
        FUZZ_REQUIRE(outcome.trailing == 0 && rows_end == len);
    }
    walk_rows(&view, buf, len, kind, policy, first_checked);
    return outcome;
}

/* The view must stay safe when the caller rewrites the buffer after
 * mibtcp_open(): rows come from the stored count, never from the bytes. */
static void walk_after_rewrite(fuzz_buffer *buffer, mibtcp_kind kind)
{
    mibtcp_view view;
    if (mibtcp_open(&view, buffer->data, buffer->len, kind, MIBTCP_POLICY_LENIENT, NULL) != MIBTCP_OK) {
        return;
    }
    uint32_t count = mibtcp_view_count(&view);
    for (size_t i = 0; i < buffer->len; ++i) {
        buffer->data[i] = (uint8_t)~buffer->data[i];
    }
    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init(&it, &view) == MIBTCP_OK);
    mibtcp_record rec;
    uint32_t seen = 0;
    while (mibtcp_iter_next_record(&it, &rec) == MIBTCP_OK) {
        FUZZ_REQUIRE(inside(buffer->data, buffer->len, buffer->data + rec.offset, mibtcp_layout_known(kind).stride));
        ++seen;
    }
    FUZZ_REQUIRE(seen == count && mibtcp_view_count(&view) == count);
}

static void require_same_outcome(const open_outcome *a, const open_outcome *b)
{
    FUZZ_REQUIRE(a->status == b->status);
    require_same_error(&a->err, &b->err);
    FUZZ_REQUIRE(a->count == b->count && a->trailing == b->trailing);
}

static void require_strict_implies_lenient(const open_outcome *lenient, const open_outcome *strict)
{
    if (strict->status == MIBTCP_OK) {
        FUZZ_REQUIRE(lenient->status == MIBTCP_OK && lenient->count == strict->count);
    }
}

/* Every variant and policy of one kind, each compared with the others. */
static void check_every_chain(const uint8_t *table, size_t len, mibtcp_kind kind)
{
    open_outcome by_variant[FUZZ_VARIANT_COUNT_][2];
    for (int v = 0; v < (int)FUZZ_VARIANT_COUNT_; ++v) {
        fuzz_buffer buffer = fuzz_buffer_make((fuzz_variant)v, table, len, kind);
        for (size_t p = 0; p < 2; ++p) {
            by_variant[v][p] = open_and_walk(buffer.data, buffer.len, kind, fuzz_policies[p], 0);
        }
        require_strict_implies_lenient(&by_variant[v][0], &by_variant[v][1]);
        walk_after_rewrite(&buffer, kind);
        fuzz_buffer_free(&buffer);
    }
    for (size_t p = 0; p < 2; ++p) {
        require_same_outcome(&by_variant[FUZZ_VARIANT_EXACT][p], &by_variant[FUZZ_VARIANT_UNALIGNED][p]);
    }
}

/* The chain the input chose, compared with mibtcp_open() of its neighbours. */
static void check_chosen_chain(const fuzz_table_input *input)
{
    const fuzz_params *chosen = &input->params;
    fuzz_buffer buffer = fuzz_buffer_make(chosen->variant, input->table, input->len, chosen->kind);
    open_outcome outcome = open_and_walk(buffer.data, buffer.len, chosen->kind, chosen->policy, chosen->capacity);
    if (chosen->policy == MIBTCP_POLICY_STRICT) {
        open_outcome lenient = open_only(buffer.data, buffer.len, chosen->kind, MIBTCP_POLICY_LENIENT);
        require_strict_implies_lenient(&lenient, &outcome);
    }
    if (chosen->variant == FUZZ_VARIANT_UNALIGNED) {
        fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input->table, input->len, chosen->kind);
        open_outcome at_exact = open_only(exact.data, exact.len, chosen->kind, chosen->policy);
        require_same_outcome(&at_exact, &outcome);
        fuzz_buffer_free(&exact);
    }
    if (chosen->flags & FLAG_REWRITE) {
        walk_after_rewrite(&buffer, chosen->kind);
    }
    fuzz_buffer_free(&buffer);
}

/* Argument errors, each alone, with otherwise valid arguments. */
static void check_bad_arguments(const uint8_t *data, size_t size)
{
    if (size < 4) {
        mibtcp_view view;
        for (size_t p = 0; p < 2; ++p) {
            FUZZ_REQUIRE(mibtcp_open(&view, data, size, MIBTCP_KIND_TCP4_MODULE, fuzz_policies[p], NULL) ==
                         MIBTCP_ERR_TOO_SHORT);
            require_empty_view(&view);
        }
        return;
    }
    mibtcp_view view;
    mibtcp_error err;
    const mibtcp_kind kind = MIBTCP_KIND_TCP4_MODULE;
    FUZZ_REQUIRE(mibtcp_open(NULL, data, size, kind, MIBTCP_POLICY_LENIENT, &err) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_open(&view, NULL, size, kind, MIBTCP_POLICY_LENIENT, &err) == MIBTCP_ERR_NULL_ARGUMENT);
    require_empty_view(&view);
    FUZZ_REQUIRE(mibtcp_open(&view, data, size, MIBTCP_KIND_UNKNOWN, MIBTCP_POLICY_LENIENT, &err) ==
                 MIBTCP_ERR_UNKNOWN_KIND);
    require_empty_view(&view);
    FUZZ_REQUIRE(mibtcp_open(&view, data, size, (mibtcp_kind)(KIT_KIND_COUNT + 1), MIBTCP_POLICY_LENIENT, &err) ==
                 MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_open(&view, data, size, kind, (mibtcp_policy)2, &err) == MIBTCP_ERR_UNKNOWN_POLICY);
    require_empty_view(&view);
    /* A caller whose header disagrees about the structs' sizes: nothing is written that could overrun them. */
    err.status = MIBTCP_OK;
    FUZZ_REQUIRE(mibtcp_open_sized(&view, sizeof view + 1, data, size, kind, MIBTCP_POLICY_LENIENT, &err, sizeof err) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(err.status == MIBTCP_OK);
    require_empty_view(&view); /* still the view of the call before */
    FUZZ_REQUIRE(mibtcp_open_sized(&view, sizeof view, data, size, kind, MIBTCP_POLICY_LENIENT, &err, sizeof err - 1) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(err.status == MIBTCP_OK);
    require_empty_view(&view);
    FUZZ_REQUIRE(mibtcp_open_sized(&view, sizeof view - 1, data, size, kind, MIBTCP_POLICY_LENIENT, NULL, sizeof err) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    require_empty_view(&view);
}

/* A view's members are private, but a caller can overwrite them: a view
 * whose kind or count was changed reads rows inside the table it proved
 * (here an exact-size copy of the input under ASan), at a row boundary of
 * the kind it now says, or none. @p genuine holds @p data as a tcp4-pid
 * table of at least one row. */
static void require_forged_views_stay_inside(const mibtcp_view *genuine, const uint8_t *data)
{
    static const mibtcp_kind kinds[] = {MIBTCP_KIND_TCP4_BASIC,  MIBTCP_KIND_TCP6_MODULE,
                                        MIBTCP_KIND_UDP6_MODULE, MIBTCP_KIND_TCP4_PID,
                                        MIBTCP_KIND_UNKNOWN,     (mibtcp_kind)(KIT_KIND_COUNT + 1)};
    const uint32_t count = mibtcp_view_count(genuine);
    const size_t rows_end = mibtcp_layout_known(MIBTCP_KIND_TCP4_PID).header +
                            (size_t)count * mibtcp_layout_known(MIBTCP_KIND_TCP4_PID).stride;
    const uint32_t indexes[] = {0, count - 1, count, (uint32_t)data[0] * 3u, UINT32_MAX - 1};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; ++k) {
        for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; ++i) {
            mibtcp_view view = *genuine;
            view.kind_ = kinds[k];
            view.count_ = UINT32_MAX;
            mibtcp_record rec;
            const mibtcp_status status = mibtcp_view_record(&view, indexes[i], &rec);
            const mibtcp_row_layout at = mibtcp_layout_known(kinds[k]);
            const uint64_t offset = (uint64_t)at.header + (uint64_t)indexes[i] * at.stride;
            const bool fits = at.stride != 0 && offset <= rows_end && at.stride <= rows_end - offset;
            if (!fits) {
                FUZZ_REQUIRE(status == MIBTCP_ERR_ROW_OUTSIDE_VIEW);
                continue;
            }
            /* Inside the table: it reads that table's bytes, as the other kind. */
            FUZZ_REQUIRE(status == MIBTCP_OK && rec.offset == offset && rec.kind == kinds[k]);
            require_fast_path_agrees(data + offset, &rec);
        }
    }
}

/* An iterator over no view has no rows; an iterator's argument errors and
 * struct sizes that are not the library's consume no row and write
 * nothing; a view's rows are all checked, so mibtcp_iter_check_more() hands
 * out the next row at once. @p it has handed out the view's row 0, which
 * starts at @p first. */
static void require_iterator_arguments(const mibtcp_view *view, mibtcp_iter *it, const uint8_t *first)
{
    mibtcp_iter none;
    FUZZ_REQUIRE(mibtcp_iter_init(&none, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    mibtcp_record rec;
    FUZZ_REQUIRE(mibtcp_iter_next_record(&none, &rec) == MIBTCP_END_OF_ROWS && mibtcp_iter_check_more(&none) == NULL);
    FUZZ_REQUIRE(mibtcp_iter_error(&none, NULL) == MIBTCP_OK);

    mibtcp_iter fresh;
    FUZZ_REQUIRE(mibtcp_iter_init_sized(&fresh, sizeof fresh, view, sizeof *view) == MIBTCP_OK);
    FUZZ_REQUIRE(mibtcp_iter_check_more(&fresh) == first);
    mibtcp_iter untouched;
    memset(&untouched, 0x5a, sizeof untouched);
    fresh = untouched;
    FUZZ_REQUIRE(mibtcp_iter_init_sized(&fresh, sizeof fresh - 1, view, sizeof *view) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_iter_init_sized(&fresh, sizeof fresh, view, sizeof *view + 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(memcmp(&fresh, &untouched, sizeof fresh) == 0);

    memset(&rec, 0x5a, sizeof rec);
    const mibtcp_record before = rec;
    FUZZ_REQUIRE(mibtcp_iter_next_record(it, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_iter_next_record_sized(it, sizeof *it, &rec, sizeof rec - 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_iter_next_record_sized(it, sizeof *it, &rec, sizeof rec + 8) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_iter_next_record_sized(it, sizeof *it + 1, &rec, sizeof rec) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_view_record_sized(view, sizeof *view - 1, 0, &rec, sizeof rec) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_view_record_sized(view, sizeof *view, 0, &rec, sizeof rec + 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(memcmp(&rec, &before, sizeof rec) == 0);
    if (mibtcp_view_count(view) > 1) {
        FUZZ_REQUIRE(mibtcp_iter_next_record(it, &rec) == MIBTCP_OK && rec.index == 1);
    } else {
        FUZZ_REQUIRE(mibtcp_iter_next_record(it, &rec) == MIBTCP_END_OF_ROWS);
    }
}

/* An iterator's and a cursor's members are the caller's to overwrite: a
 * single pass whose kind was overwritten checks no more rows and reads no
 * record; a cursor past the rows, or an iterator whose stride was zeroed,
 * moves nothing (ERR_BAD_ARGUMENT, said in the error too). A cursor over a
 * view's rows (all checked already) hands the iterator the row it stopped
 * at. @p view holds @p data as a table of at least one row. */
static void require_forged_iterators_refused(const mibtcp_view *view, const uint8_t *data, size_t size)
{
    const mibtcp_kind kind = mibtcp_view_kind(view);
    const mibtcp_kind forged_kinds[] = {MIBTCP_KIND_UNKNOWN, (mibtcp_kind)(FUZZ_KIND_COUNT + 1)};
    for (size_t k = 0; k < sizeof forged_kinds / sizeof forged_kinds[0]; ++k) {
        mibtcp_iter pass;
        FUZZ_REQUIRE(mibtcp_iter_open(&pass, data, size, kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK);
        pass.kind_ = forged_kinds[k];
        FUZZ_REQUIRE(mibtcp_iter_check_more(&pass) == NULL);
        mibtcp_record rec;
        FUZZ_REQUIRE(mibtcp_iter_next_record(&pass, &rec) == MIBTCP_ERR_ROW_OUTSIDE_VIEW);
    }

    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init(&it, view) == MIBTCP_OK);
    const size_t stride = mibtcp_layout_known(kind).stride;
    const size_t rows_end = mibtcp_layout_known(kind).header + (size_t)mibtcp_view_count(view) * stride;
    mibtcp_cursor beyond = mibtcp_iter_cursor(&it);
    /* A row boundary one row past the last (as an integer: no pointer past the allocation). */
    beyond.next_ = (const uint8_t *)((uintptr_t)data + rows_end + stride);
    mibtcp_error err;
    memset(&err, 0, sizeof err);
    FUZZ_REQUIRE(mibtcp_iter_sync(&it, beyond, &err) == MIBTCP_ERR_BAD_ARGUMENT);
    FUZZ_REQUIRE(err.status == MIBTCP_ERR_BAD_ARGUMENT && err.row == MIBTCP_NO_ROW);
    mibtcp_iter no_stride = it;
    no_stride.stride_ = 0;
    FUZZ_REQUIRE(mibtcp_iter_sync(&no_stride, mibtcp_iter_cursor(&it), NULL) == MIBTCP_ERR_BAD_ARGUMENT);
    err.status = MIBTCP_OK;
    FUZZ_REQUIRE(mibtcp_iter_sync_sized(&it, sizeof it + 1, beyond, &err, sizeof err) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_iter_sync_sized(&it, sizeof it, beyond, &err, sizeof err - 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(err.status == MIBTCP_OK);

    mibtcp_cursor cur = mibtcp_iter_cursor(&it);
    const uint8_t *row = NULL;
    FUZZ_REQUIRE(mibtcp_cursor_next(&cur, &row) && row == data + mibtcp_layout_known(kind).header);
    FUZZ_REQUIRE(mibtcp_iter_sync(&it, cur, NULL) == MIBTCP_OK);
    mibtcp_record next;
    const mibtcp_status more = mibtcp_iter_next_record(&it, &next);
    FUZZ_REQUIRE((more == MIBTCP_OK) == (mibtcp_view_count(view) > 1));
    FUZZ_REQUIRE(more != MIBTCP_OK || (next.index == 1 && data + next.offset == row + stride));
}

/* NULL pointers, struct sizes that are not the library's, and kinds that
 * are none: ERR_NULL_ARGUMENT, ERR_ABI_MISMATCH or ERR_UNKNOWN_KIND, never
 * a crash or a write. */
static void check_null_and_unknown(const uint8_t *data, size_t size)
{
    mibtcp_view view;
    mibtcp_open(&view, data, size, MIBTCP_KIND_TCP4_PID, MIBTCP_POLICY_LENIENT, NULL);
    mibtcp_record rec;
    FUZZ_REQUIRE(mibtcp_view_count(NULL) == 0 && mibtcp_view_kind(NULL) == MIBTCP_KIND_UNKNOWN);
    FUZZ_REQUIRE(mibtcp_view_trailing(NULL) == 0);
    FUZZ_REQUIRE(mibtcp_view_record(NULL, 0, &rec) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_view_record(&view, 0, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_iter_init(NULL, &view) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_iter_next_record(NULL, &rec) == MIBTCP_ERR_NULL_ARGUMENT);
    mibtcp_iter it;
    FUZZ_REQUIRE(mibtcp_iter_init(&it, &view) == MIBTCP_OK);
    if (mibtcp_iter_next_record(&it, &rec) == MIBTCP_OK) {
        require_iterator_arguments(&view, &it, data + rec.offset);
        require_forged_iterators_refused(&view, data, size);
        require_forged_views_stay_inside(&view, data);
    }
    uint64_t words[16];
    memset(words, 0xff, sizeof words);
    mibtcp_module_info_words(NULL, words);
    for (size_t i = 0; i < 16; ++i) {
        FUZZ_REQUIRE(words[i] == 0);
    }
    mibtcp_module_info_words(data, NULL);

    mibtcp_row_layout layout;
    FUZZ_REQUIRE(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, NULL, sizeof layout) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_kind_layout_sized(MIBTCP_KIND_TCP4_PID, &layout, sizeof layout + 4) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_kind_layout(MIBTCP_KIND_UNKNOWN, &layout) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_iter_open(NULL, data, size, MIBTCP_KIND_TCP4_PID, MIBTCP_POLICY_LENIENT, NULL) ==
                 MIBTCP_ERR_NULL_ARGUMENT);
    mibtcp_error err;
    err.status = MIBTCP_OK;
    FUZZ_REQUIRE(mibtcp_iter_open_sized(&it, sizeof it - 1, data, size, MIBTCP_KIND_TCP4_PID, MIBTCP_POLICY_LENIENT,
                                        &err, sizeof err) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_iter_error_sized(&it, sizeof it, &err, sizeof err + 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(err.status == MIBTCP_OK);
    FUZZ_REQUIRE(mibtcp_iter_error(NULL, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_iter_check_more(NULL) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_table_input input = fuzz_table_input_read(data, size);
    if (FUZZ_EXHAUSTIVE || (input.params.flags & FLAG_ARGUMENTS)) {
        fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input.table, input.len, MIBTCP_KIND_UNKNOWN);
        check_bad_arguments(exact.data, exact.len);
        check_null_and_unknown(exact.data, exact.len);
        fuzz_buffer_free(&exact);
    }
    if (FUZZ_EXHAUSTIVE) {
        for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
            check_every_chain(input.table, input.len, fuzz_kind_at(k));
        }
    } else {
        check_chosen_chain(&input);
    }
    return 0;
}
