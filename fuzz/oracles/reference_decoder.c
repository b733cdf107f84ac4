#include "oracles/reference_decoder.h"

#include <string.h>

#include "support/invariant.h"

static uint64_t byte_at(const uint8_t *buf, size_t len, uint64_t position)
{
    FUZZ_REQUIRE(position < len); /* the reference itself must never over-read */
    return buf[position];
}

/* Little-endian: the byte at the highest address is the most significant. */
static uint64_t unsigned_at(const uint8_t *buf, size_t len, uint64_t position, uint64_t size)
{
    uint64_t value = 0;
    for (uint64_t i = size; i > 0; --i) {
        value = value * 256u + byte_at(buf, len, position + i - 1u);
    }
    return value;
}

static uint32_t dword_at(const uint8_t *buf, size_t len, uint64_t position)
{
    return (uint32_t)unsigned_at(buf, len, position, 4);
}

static int64_t signed_qword_at(const uint8_t *buf, size_t len, uint64_t position)
{
    uint64_t value = unsigned_at(buf, len, position, 8);
    if (value <= (uint64_t)INT64_MAX) {
        return (int64_t)value;
    }
    return -(int64_t)(UINT64_MAX - value) - 1; /* two's complement, spelled out */
}

static bool state_is_valid(uint64_t state)
{
    return (state >= 1 && state <= 12) || state == 100;
}

static ref_verdict rejected_at(mibtcp_status status, int64_t row, mibtcp_field field, uint64_t offset, uint64_t value)
{
    ref_verdict verdict;
    memset(&verdict, 0, sizeof verdict);
    verdict.status = status;
    verdict.row = row;
    verdict.field = field;
    verdict.offset = offset;
    verdict.value = value;
    return verdict;
}

/* The error a single field of a row raises under @p policy, or MIBTCP_OK. */
static mibtcp_status field_error(mibtcp_field field, uint64_t value, mibtcp_policy policy)
{
    bool strict = policy == MIBTCP_POLICY_STRICT;
    switch (field) {
    case MIBTCP_FIELD_STATE: return state_is_valid(value) ? MIBTCP_OK : MIBTCP_ERR_BAD_STATE;
    case MIBTCP_FIELD_OFFLOAD_STATE: return value <= 3 ? MIBTCP_OK : MIBTCP_ERR_BAD_OFFLOAD_STATE;
    case MIBTCP_FIELD_LOCAL_PORT:
    case MIBTCP_FIELD_REMOTE_PORT: return strict && value > 0xFFFFu ? MIBTCP_ERR_PORT_HIGH_BITS : MIBTCP_OK;
    case MIBTCP_FIELD_FLAGS: return strict && value > 1u ? MIBTCP_ERR_UDP_FLAGS : MIBTCP_OK;
    default: return MIBTCP_OK;
    }
}

ref_verdict ref_validate(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy)
{
    const kit_layout *layout = kit_layout_of(kind);
    FUZZ_REQUIRE(layout != NULL && buf != NULL);
    if (len < 4) {
        return rejected_at(MIBTCP_ERR_TOO_SHORT, MIBTCP_NO_ROW, MIBTCP_FIELD_NUM_ENTRIES, 0, len);
    }
    uint64_t count = dword_at(buf, len, 0);
    uint64_t rows_end = layout->header + count * layout->stride; /* < 2^41: cannot wrap */
    if (count > 0 && rows_end > len) {
        return rejected_at(MIBTCP_ERR_COUNT_EXCEEDS_BUFFER, MIBTCP_NO_ROW, MIBTCP_FIELD_NUM_ENTRIES, 0, count);
    }
    if (policy == MIBTCP_POLICY_STRICT && rows_end != len) {
        if (rows_end > len) { /* count 0 in a buffer that ends inside the header padding */
            return rejected_at(MIBTCP_ERR_LENGTH_MISMATCH, MIBTCP_NO_ROW, MIBTCP_FIELD_HEADER_PADDING, len, len);
        }
        return rejected_at(MIBTCP_ERR_LENGTH_MISMATCH, MIBTCP_NO_ROW, MIBTCP_FIELD_TRAILING, rows_end, len - rows_end);
    }
    for (uint64_t row = 0; row < count; ++row) {
        uint64_t row_start = layout->header + row * layout->stride;
        for (uint64_t at = 0; at < layout->stride; ++at) {
            for (size_t i = 0; i < KIT_MAX_PLACES && layout->places[i].field != MIBTCP_FIELD_NONE; ++i) {
                const kit_place *place = &layout->places[i];
                if (place->offset != at || place->size != 4) {
                    continue;
                }
                uint64_t value = dword_at(buf, len, row_start + at);
                mibtcp_status status = field_error(place->field, value, policy);
                if (status != MIBTCP_OK) {
                    return rejected_at(status, (int64_t)row, place->field, row_start + at, value);
                }
            }
        }
    }
    ref_verdict verdict = rejected_at(MIBTCP_OK, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0);
    verdict.count = (uint32_t)count;
    verdict.trailing = len > rows_end ? len - rows_end : 0;
    return verdict;
}

void ref_large_scope_ids(const uint8_t *buf, size_t len, mibtcp_kind kind, ref_scope_fn fn, void *ctx)
{
    const kit_layout *layout = kit_layout_of(kind);
    FUZZ_REQUIRE(layout != NULL && buf != NULL);
    if (len < 4) {
        return;
    }
    uint64_t count = dword_at(buf, len, 0);
    for (uint64_t row = 0; row < count; ++row) {
        uint64_t row_start = layout->header + row * layout->stride;
        if (row_start + layout->stride > len) {
            return;
        }
        /* Buffer order, because the layouts list places in row order. */
        for (size_t i = 0; i < KIT_MAX_PLACES && layout->places[i].field != MIBTCP_FIELD_NONE; ++i) {
            const kit_place *place = &layout->places[i];
            FUZZ_REQUIRE(i == 0 || place->offset > layout->places[i - 1].offset);
            bool is_scope = place->field == MIBTCP_FIELD_LOCAL_SCOPE_ID || place->field == MIBTCP_FIELD_REMOTE_SCOPE_ID;
            if (!is_scope) {
                continue;
            }
            uint64_t value = dword_at(buf, len, row_start + place->offset);
            if (value > 0xFFFFu) {
                fn(ctx, (int64_t)row, place->field, row_start + place->offset, value);
            }
        }
    }
}

/* Where a field of row @p index starts in the buffer, or UINT64_MAX if the kind has none. */
static uint64_t place_in_buffer(const kit_layout *layout, uint32_t index, mibtcp_field field)
{
    const kit_place *place = kit_place_of(layout, field);
    if (place == NULL) {
        return UINT64_MAX;
    }
    return layout->header + (uint64_t)index * layout->stride + place->offset;
}

static uint32_t dword_field(const uint8_t *buf, size_t len, const kit_layout *layout, uint32_t index,
                            mibtcp_field field)
{
    uint64_t position = place_in_buffer(layout, index, field);
    return position == UINT64_MAX ? 0 : dword_at(buf, len, position);
}

/* The port sits in network byte order in the low 16 bits of the DWORD. */
static uint16_t port_of(uint32_t port_raw)
{
    uint32_t first_byte = port_raw % 256u;
    uint32_t second_byte = (port_raw / 256u) % 256u;
    return (uint16_t)(first_byte * 256u + second_byte);
}

static void read_endpoint(const uint8_t *buf, size_t len, const kit_layout *layout, uint32_t index, mibtcp_field addr,
                          mibtcp_field port, mibtcp_field scope, mibtcp_endpoint *out)
{
    const kit_place *addr_place = kit_place_of(layout, addr);
    if (addr_place == NULL) {
        return;
    }
    out->family = layout->family;
    uint64_t at = place_in_buffer(layout, index, addr);
    for (uint64_t i = 0; i < addr_place->size; ++i) {
        out->addr[i] = (uint8_t)byte_at(buf, len, at + i);
    }
    out->port_raw = dword_field(buf, len, layout, index, port);
    out->port = port_of(out->port_raw);
    out->scope_id = dword_field(buf, len, layout, index, scope);
}

void ref_read_row(const uint8_t *buf, size_t len, mibtcp_kind kind, uint32_t index, mibtcp_record *out)
{
    const kit_layout *layout = kit_layout_of(kind);
    FUZZ_REQUIRE(layout != NULL);
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->index = index;
    out->offset = layout->header + (uint64_t)index * layout->stride;
    for (size_t i = 0; i < KIT_MAX_PLACES && layout->places[i].field != MIBTCP_FIELD_NONE; ++i) {
        out->present |= (uint32_t)1 << layout->places[i].field;
    }
    out->state = dword_field(buf, len, layout, index, MIBTCP_FIELD_STATE);
    read_endpoint(buf, len, layout, index, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_PORT,
                  MIBTCP_FIELD_LOCAL_SCOPE_ID, &out->local);
    read_endpoint(buf, len, layout, index, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_PORT,
                  MIBTCP_FIELD_REMOTE_SCOPE_ID, &out->remote);
    out->pid = dword_field(buf, len, layout, index, MIBTCP_FIELD_PID);
    out->offload_state = dword_field(buf, len, layout, index, MIBTCP_FIELD_OFFLOAD_STATE);
    out->flags = dword_field(buf, len, layout, index, MIBTCP_FIELD_FLAGS);
    uint64_t created = place_in_buffer(layout, index, MIBTCP_FIELD_CREATED);
    out->created = created == UINT64_MAX ? 0 : signed_qword_at(buf, len, created);
    uint64_t module_info = place_in_buffer(layout, index, MIBTCP_FIELD_MODULE_INFO);
    for (uint64_t i = 0; module_info != UINT64_MAX && i < MIBTCP_MODULE_INFO_SIZE; ++i) {
        out->module_info[i] = (uint8_t)byte_at(buf, len, module_info + i);
    }
}
