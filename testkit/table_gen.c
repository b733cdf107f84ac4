#include <string.h>

#include "table_gen.h"

#include "kit_layout.h"

/* splitmix64: tiny, integer-only, identical on every host and compiler. */
typedef struct rng {
    uint64_t state;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(rng_next(r) % n);
}

/* The port DWORD, with garbage in its upper 16 bits if asked. */
static uint32_t port_dword(uint16_t port, bool high_bits)
{
    return kit_port_dword(port) | (high_bits ? UINT32_C(0xcccc0000) : 0);
}

void gen_anomalies_init(gen_anomalies *a)
{
    static const gen_anomalies none;
    *a = none;
    for (size_t i = 0; i < GEN_ROW_ANOMALY_COUNT; i++) {
        a->row[i] = GEN_NO_ROW;
    }
}

size_t gen_table_size(mibtcp_kind kind, uint32_t rows, const gen_anomalies *a, bool *too_big)
{
    const kit_layout *layout = kit_layout_of(kind);
    const uint64_t header = layout->header;
    const uint64_t stride = layout->stride;
    /* rows < 2^32 and stride <= 192: the product fits in 64 bits. */
    uint64_t size = header + (uint64_t)rows * stride;
    *too_big = false;
    if (a->trailing > UINT64_MAX - size || size + a->trailing > SIZE_MAX) {
        *too_big = true;
        return 0;
    }
    size += a->trailing;
    size = a->truncate >= size ? 0 : size - a->truncate;
    return (size_t)size;
}

typedef struct field_writer {
    const kit_layout *layout;
    uint8_t *row;
    mibtcp_record *record; /* what was written, field by field */
} field_writer;

static bool has(const field_writer *w, mibtcp_field f)
{
    return kit_place_of(w->layout, f) != NULL;
}

/* Only for fields the kind has. */
static uint8_t *at(const field_writer *w, mibtcp_field f)
{
    return w->row + kit_place_of(w->layout, f)->offset;
}

static void record32(mibtcp_record *r, mibtcp_field f, uint32_t v)
{
    switch (f) {
    case MIBTCP_FIELD_STATE: r->state = v; break;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID: r->local.scope_id = v; break;
    case MIBTCP_FIELD_REMOTE_SCOPE_ID: r->remote.scope_id = v; break;
    case MIBTCP_FIELD_PID: r->pid = v; break;
    case MIBTCP_FIELD_OFFLOAD_STATE: r->offload_state = v; break;
    case MIBTCP_FIELD_FLAGS: r->flags = v; break;
    default: /* ports are recorded, raw and in host order, by their writer */ break;
    }
}

static void put32(const field_writer *w, mibtcp_field f, uint32_t v)
{
    if (has(w, f)) {
        kit_store_le(at(w, f), v, 4);
        record32(w->record, f, v);
    }
}

/* Addresses that look like a real host's: loopback, private ranges,
 * documentation ranges, link-local IPv6 with a scope id. */
static void put_addr(const field_writer *w, rng *r, mibtcp_field addr, mibtcp_field scope, bool unspecified, bool local)
{
    uint8_t *p = at(w, addr);
    mibtcp_endpoint *ep = addr == MIBTCP_FIELD_LOCAL_ADDR ? &w->record->local : &w->record->remote;
    ep->family = w->layout->family;
    if (w->layout->family == MIBTCP_FAMILY_IPV4) {
        static const uint8_t bases[][4] = {{127, 0, 0, 1}, {10, 0, 0, 0}, {192, 168, 1, 0}, {203, 0, 113, 0}};
        if (unspecified) {
            memset(p, 0, 4);
            return; /* the record's address is already zero */
        }
        memcpy(p, bases[local ? rng_below(r, 3) : 1 + rng_below(r, 3)], 4);
        if (p[0] != 127) {
            p[3] = (uint8_t)(1 + rng_below(r, 254));
        }
        memcpy(ep->addr, p, 4);
        return;
    }
    memset(p, 0, 16);
    uint32_t scope_id = 0;
    if (!unspecified) {
        const uint32_t pick = rng_below(r, local ? 3 : 2);
        if (pick == 2) {
            p[15] = 1; /* ::1 */
        } else if (pick == 0 && local) {
            p[0] = 0xfe, p[1] = 0x80; /* link-local: needs a scope id */
            scope_id = 2 + rng_below(r, 20);
        } else {
            p[0] = 0x20, p[1] = 0x01, p[2] = 0x0d, p[3] = 0xb8;
        }
        if (p[15] != 1) {
            for (int i = 8; i < 16; i++) {
                p[i] = (uint8_t)rng_below(r, 256);
            }
        }
    }
    put32(w, scope, scope_id);
    memcpy(ep->addr, p, 16);
}

static void put_port(const field_writer *w, mibtcp_endpoint *ep, mibtcp_field field, uint16_t port, bool high_bits)
{
    ep->port = port;
    ep->port_raw = port_dword(port, high_bits);
    put32(w, field, ep->port_raw);
}

static const uint32_t common_states[] = {2, 5, 5, 5, 11, 8, 6, 7};
static const uint16_t listen_ports[] = {80, 135, 443, 445, 3389, 5985, 139, 5040};
static const uint16_t remote_ports[] = {443, 80, 443, 8080, 22, 993};

/* 2020-01-01T00:00:00Z as FILETIME, plus up to ~6 years. */
#define FILETIME_2020 UINT64_C(132223104000000000)
#define TICKS_6_YEARS (UINT64_C(189216000) * 10000000u)

static void gen_row(const field_writer *w, rng *r, uint32_t index, const gen_anomalies *a)
{
    const bool tcp = w->layout->is_tcp;
    uint32_t state = common_states[rng_below(r, sizeof common_states / sizeof common_states[0])];
    if (!tcp || index == a->row[GEN_LISTEN_REMOTE]) {
        state = 2; /* UDP endpoints behave like listeners: bound, no peer */
    }
    const bool listening = state == 2;
    put_addr(w, r, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID, listening && rng_below(r, 2) == 0, true);
    const uint16_t local_port = listening ? listen_ports[rng_below(r, 8)] : (uint16_t)(49152 + rng_below(r, 16384));
    put_port(w, &w->record->local, MIBTCP_FIELD_LOCAL_PORT, local_port, a->port_high_bits);
    if (tcp) {
        const bool remote_set = !listening || index == a->row[GEN_LISTEN_REMOTE];
        put_addr(w, r, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID, !remote_set, false);
        const uint16_t remote_port = remote_set ? remote_ports[rng_below(r, 6)] : 0;
        put_port(w, &w->record->remote, MIBTCP_FIELD_REMOTE_PORT, remote_port, a->port_high_bits);
        if (index == a->row[GEN_BAD_STATE]) {
            state = 13;
        } else if (index == a->row[GEN_RESERVED_STATE]) {
            state = 100;
        }
        put32(w, MIBTCP_FIELD_STATE, state);
    }
    uint32_t pid = 4 * (1 + rng_below(r, 10000));
    if (index == a->row[GEN_ODD_PID]) {
        pid += 2;
    }
    put32(w, MIBTCP_FIELD_PID, pid);
    if (has(w, MIBTCP_FIELD_CREATED)) {
        uint64_t created = FILETIME_2020 + rng_next(r) % TICKS_6_YEARS;
        if (index == a->row[GEN_ZERO_TIMESTAMP]) {
            created = 0;
        } else if (index == a->row[GEN_BAD_TIMESTAMP]) {
            created = 1;
        }
        kit_store_le(at(w, MIBTCP_FIELD_CREATED), created, 8);
        w->record->created = (int64_t)created; /* generated values are below 2^63 */
    }
    if (has(w, MIBTCP_FIELD_MODULE_INFO)) {
        uint8_t *m = at(w, MIBTCP_FIELD_MODULE_INFO);
        for (size_t i = 0; i < MIBTCP_MODULE_INFO_SIZE; i += 8) {
            kit_store_le(m + i, rng_next(r), 8);
        }
        memcpy(w->record->module_info, m, MIBTCP_MODULE_INFO_SIZE);
    }
    put32(w, MIBTCP_FIELD_OFFLOAD_STATE, index == a->row[GEN_BAD_OFFLOAD] ? 7 : rng_below(r, 4));
    put32(w, MIBTCP_FIELD_FLAGS, index == a->row[GEN_BAD_FLAGS] ? UINT32_C(0x80000001) : rng_below(r, 2));
}

/* The UDP module rows' two holes. */
static void dirty_row_holes(const kit_layout *layout, uint8_t *row)
{
    for (unsigned h = 0; kit_hole(layout, h) != NULL; h++) {
        const kit_place *hole = kit_hole(layout, h);
        memset(row + hole->offset, 0xcc, (size_t)hole->size); /* what MSVC debug builds fill uninitialised stack with */
    }
}

static bool has_row_anomaly(const gen_anomalies *a, uint32_t index)
{
    for (size_t k = 0; k < GEN_ROW_ANOMALY_COUNT; k++) {
        if (a->row[k] == index) {
            return true;
        }
    }
    return false;
}

/* What the record says before the fields are written: every byte 0 (the
 * padding too, so records compare with memcmp()), then where the row is and
 * which fields the kit's layout gives it. */
static void record_of_row(mibtcp_record *record, const kit_layout *layout, uint32_t index, size_t offset)
{
    memset(record, 0, sizeof *record);
    record->kind = layout->kind;
    record->index = index;
    record->offset = offset;
    for (unsigned f = 0; f < KIT_FIELD_COUNT; f++) {
        record->present |= kit_place_of(layout, (mibtcp_field)f) != NULL ? MIBTCP_FIELD_BIT(f) : 0;
    }
}

void gen_table(mibtcp_kind kind, uint32_t rows, uint64_t seed, const gen_anomalies *a, uint8_t *out,
               mibtcp_record *records)
{
    bool too_big;
    const size_t size = gen_table_size(kind, rows, a, &too_big);
    const kit_layout *layout = kit_layout_of(kind);
    const size_t header = (size_t)layout->header;
    const size_t stride = (size_t)layout->stride;
    const size_t full = header + (size_t)rows * stride + (size_t)a->trailing;
    /* Build whole rows in a scratch row and copy what survives truncation. */
    uint8_t head[8] = {0};
    kit_store_le(head, a->count_override ? a->count : rows, 4);
    if (a->dirty_padding) {
        memset(head + 4, 0xcc, 4);
    }
    memcpy(out, head, size < header ? size : header);
    rng r = {seed};
    gen_anomalies plain = *a; /* the same table without row anomalies */
    for (size_t k = 0; k < GEN_ROW_ANOMALY_COUNT; k++) {
        plain.row[k] = GEN_NO_ROW;
    }
    uint8_t row[256];
    mibtcp_record scratch;
    for (uint32_t i = 0; i < rows; i++) {
        const size_t offset = header + (size_t)i * stride;
        if (offset >= size && records == NULL) {
            break;
        }
        mibtcp_record *record = records != NULL ? &records[i] : &scratch;
        record_of_row(record, layout, i, offset);
        memset(row, 0, stride);
        /* A row's anomalies may take fewer or more draws than a plain row:
         * later rows go on from where a plain row would have left the
         * generator, so an anomaly changes its own row and no other. */
        const bool anomalous = has_row_anomaly(a, i);
        rng after = r;
        if (anomalous) {
            uint8_t plain_row[256];
            mibtcp_record plain_record;
            gen_row(&(field_writer){layout, plain_row, &plain_record}, &after, i, &plain);
        }
        gen_row(&(field_writer){layout, row, record}, &r, i, a);
        if (anomalous) {
            r = after;
        }
        if (offset >= size) {
            continue;
        }
        if (a->dirty_padding) {
            dirty_row_holes(layout, row);
        }
        memcpy(out + offset, row, size - offset < stride ? size - offset : stride);
    }
    /* Trailing slack looks like what callers leave in over-allocated buffers. */
    for (size_t offset = header + (size_t)rows * stride; offset < full && offset < size; offset++) {
        out[offset] = (uint8_t)rng_next(&r);
    }
}
