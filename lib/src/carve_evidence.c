/* Row plausibility for carving, on top of the detection evidence model.
 *
 * A row's evidence is mibtcp_row_evidence(), the scoring mibtcp_detect()
 * uses, so carving and detection weigh the same bytes the same way against
 * the same "not a table" alternative. Carving adds two things a single buffer
 * does not need. First, hard requirements that no table Windows fills
 * violates (a bound socket has a local port and a unicast or wildcard local
 * address; Windows PIDs are multiples of 4; scope ids belong to link-local
 * addresses; TCP rows have no remote end when listening and both ends when
 * connected): they make the millions of candidate offsets of an image fail
 * fast. Second, evidence across rows: a repeated row (for UDP, a repeated
 * port), rows out of Windows' sort order, and a UDP run in which no socket is
 * bound to a specific address count against; a matching dwNumEntries counts
 * for. All in MIBTCP_EVIDENCE_PER_BIT units. */
#include "carve_evidence.h"

#include "load_le.h"
#include "plausible.h"

#define BITS(x) ((int32_t)((x) * MIBTCP_EVIDENCE_PER_BIT))

enum {
    /* A count that lands exactly on the rows found: about 2^-16 for unrelated DWORDs before a run. */
    EVIDENCE_COUNT_MATCHES = BITS(16),
    EVIDENCE_HEADER_PADDING_DIRTY = BITS(-2),
    EVIDENCE_REPEATED_ROW = BITS(-8),
    EVIDENCE_OUT_OF_ORDER = BITS(-4),
    /* Per row of a UDP run in which no socket is bound to a specific address:
     * arrays of (0, small number) pairs never are. */
    EVIDENCE_UDP_ALL_WILDCARD = BITS(-8),
};

#define TCP_STATE_SYN_SENT 3u
#define TCP_STATE_TIME_WAIT 11u
#define TCP_STATE_DELETE_TCB 12u
#define SCOPE_ID_MAX 0xFFFFu
/* Windows hands out PIDs from a handle table: far below this in practice. */
#define PID_MAX 0xFFFFFFu

static uint32_t field32(const mibtcpi_layout *l, const uint8_t *row, mibtcp_field field)
{
    return mibtcpi_load_le32(row + l->fields[field].offset);
}

static bool has(const mibtcpi_layout *l, mibtcp_field field)
{
    return l->fields[field].size != 0;
}

/* 0.0.0.0, or a unicast host address: first octet 1..223, last 1..254. */
static bool addr4_plausible(const uint8_t *a)
{
    return mibtcpi_all_zero(a, 4) || (a[0] != 0 && a[0] < 224 && a[3] != 0 && a[3] != 255);
}

/* IPv6 addresses Windows reports, with the scope id that goes with them:
 * :: and ::1 (scope 0), fe80::/64 (scope = an interface index), ::ffff:a.b.c.d
 * (scope 0), 2000::/4 and fc00::/7 with an interface id (scope 0). */
static bool addr6_plausible(const uint8_t *a, uint32_t scope)
{
    if (a[0] == 0xFE && a[1] == 0x80) {
        return mibtcpi_all_zero(a + 2, 6) && scope != 0 && scope <= SCOPE_ID_MAX;
    }
    if (scope != 0) {
        return false;
    }
    if ((a[0] & 0xF0) == 0x20 || (a[0] & 0xFE) == 0xFC) {
        return !mibtcpi_all_zero(a + 8, 8);
    }
    if (!mibtcpi_all_zero(a, 10)) {
        return false;
    }
    if (a[10] == 0xFF && a[11] == 0xFF) {
        return addr4_plausible(a + 12);
    }
    return a[10] == 0 && a[11] == 0 && mibtcpi_all_zero(a + 12, 3) && a[15] <= 1;
}

static bool addr_plausible(const mibtcpi_layout *l, const uint8_t *row, mibtcp_field addr, mibtcp_field scope)
{
    const uint8_t *a = row + l->fields[addr].offset;
    return l->family == MIBTCP_FAMILY_IPV6 ? addr6_plausible(a, field32(l, row, scope)) : addr4_plausible(a);
}

/* The System Idle Process (PID 0) owns only connections being torn down. */
static bool pid_zero_allowed(const mibtcpi_layout *l, uint32_t state)
{
    return l->tcp && (state == TCP_STATE_TIME_WAIT || state == TCP_STATE_DELETE_TCB);
}

static bool tcp_plausible(const mibtcpi_layout *l, const uint8_t *row, mibtcpi_row_key *key)
{
    const uint32_t state = field32(l, row, MIBTCP_FIELD_STATE);
    const uint32_t remote_port = field32(l, row, MIBTCP_FIELD_REMOTE_PORT);
    if (!mibtcpi_state_ok(state) || mibtcpi_port_high_bits(remote_port) ||
        !addr_plausible(l, row, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID)) {
        return false;
    }
    const mibtcpi_slot remote = l->fields[MIBTCP_FIELD_REMOTE_ADDR];
    const mibtcpi_slot local = l->fields[MIBTCP_FIELD_LOCAL_ADDR];
    const bool remote_unset = mibtcpi_all_zero(row + remote.offset, remote.size) && remote_port == 0;
    /* Connected sockets have both endpoints; listening ones no remote end. */
    if (state >= TCP_STATE_SYN_SENT && state <= TCP_STATE_TIME_WAIT &&
        (remote_port == 0 || mibtcpi_all_zero(row + remote.offset, remote.size) || mibtcpi_all_zero(row + local.offset, local.size))) {
        return false;
    }
    if ((state == TCP_STATE_LISTEN && !remote_unset) ||
        (has(l, MIBTCP_FIELD_OFFLOAD_STATE) && !mibtcpi_offload_state_ok(field32(l, row, MIBTCP_FIELD_OFFLOAD_STATE)))) {
        return false;
    }
    key->ports_ |= remote_port;
    key->remote_addr_ = mibtcpi_load_le32(row + remote.offset + remote.size - 4);
    return true;
}

static bool owner_plausible(const mibtcpi_layout *l, const uint8_t *row)
{
    if (has(l, MIBTCP_FIELD_PID)) {
        const uint32_t pid = field32(l, row, MIBTCP_FIELD_PID);
        const uint32_t state = l->tcp ? field32(l, row, MIBTCP_FIELD_STATE) : 0;
        if ((pid & 3u) != 0 || pid > PID_MAX || (pid == 0 && !pid_zero_allowed(l, state))) {
            return false;
        }
    }
    if (has(l, MIBTCP_FIELD_CREATED)) {
        const int64_t created = mibtcpi_load_le64_signed(row + l->fields[MIBTCP_FIELD_CREATED].offset);
        if (created != 0 && (created < FILETIME_1995 || created >= FILETIME_2100)) {
            return false;
        }
    }
    return !has(l, MIBTCP_FIELD_FLAGS) || mibtcpi_udp_flags_known(field32(l, row, MIBTCP_FIELD_FLAGS));
}

bool mibtcpi_carve_row(mibtcp_kind kind, const mibtcpi_layout *l, const uint8_t *row, mibtcpi_row_evidence *ev)
{
    const uint32_t local_port = field32(l, row, MIBTCP_FIELD_LOCAL_PORT);
    if (local_port == 0 || mibtcpi_port_high_bits(local_port) ||
        !addr_plausible(l, row, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID)) {
        return false;
    }
    const mibtcpi_slot local = l->fields[MIBTCP_FIELD_LOCAL_ADDR];
    const uint8_t *addr = row + local.offset;
    /* UDP tables rarely hold one port twice; TCP ones do (one server port,
     * many peers), so a TCP row repeats only with both endpoints (the last 4
     * address bytes of each: enough to tell peers apart, and exact). */
    mibtcpi_row_key key = {local_port << 16, 0, 0};
    if (l->tcp) {
        key.local_addr_ = mibtcpi_load_le32(addr + local.size - 4);
    }
    if ((l->tcp && !tcp_plausible(l, row, &key)) || !owner_plausible(l, row)) {
        return false;
    }
    /* Sort key in host order: an IPv4 address, then the port; for IPv6 only
     * the address's first 4 bytes, which say nothing of the port on a tie. */
    const uint64_t addr_high = (uint64_t)addr[0] << 24 | (uint64_t)addr[1] << 16 | (uint64_t)addr[2] << 8 | addr[3];
    const uint64_t port_host = (local_port & 0xFFu) << 8 | (local_port >> 8);
    ev->bits = mibtcp_row_evidence(kind, row);
    ev->key = key;
    ev->order = addr_high << 16 | (l->family == MIBTCP_FAMILY_IPV4 ? port_host : 0);
    ev->specific = !mibtcpi_all_zero(addr, local.size);
    return true;
}

static bool same_key(const mibtcpi_row_key *a, const mibtcpi_row_key *b)
{
    return a->ports_ == b->ports_ && a->local_addr_ == b->local_addr_ && a->remote_addr_ == b->remote_addr_;
}

int32_t mibtcpi_carve_sequence_bits(const mibtcpi_row_key prev_keys[2], uint64_t prev_order,
                                    const mibtcpi_row_evidence *row)
{
    /* Two back as well: arrays of pairs often alternate between two values. */
    if (same_key(&row->key, &prev_keys[0]) || same_key(&row->key, &prev_keys[1])) {
        return EVIDENCE_REPEATED_ROW;
    }
    return row->order < prev_order ? EVIDENCE_OUT_OF_ORDER : 0;
}

int64_t mibtcpi_carve_run_bits(const mibtcpi_layout *l, uint32_t rows, uint32_t specific)
{
    return !l->tcp && specific == 0 ? (int64_t)rows * EVIDENCE_UDP_ALL_WILDCARD : 0;
}

int32_t mibtcpi_carve_header_bits(bool padding_clean, bool has_padding)
{
    return EVIDENCE_COUNT_MATCHES + (has_padding && !padding_clean ? EVIDENCE_HEADER_PADDING_DIRTY : 0);
}

/* 100 * 2^e / (2^e + 1) for the excess e (in bits) of a reported score
 * over the alternative: 50 at e = 0, 100 from 16 up. */
uint32_t mibtcpi_carve_confidence(uint64_t excess_bits)
{
    if (excess_bits >= 16) {
        return 100;
    }
    const uint64_t odds = UINT64_C(1) << excess_bits;
    return (uint32_t)(100 * odds / (odds + 1));
}
