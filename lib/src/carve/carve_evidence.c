/* Carving's row test and the evidence of runs, on top of the detection model.
 *
 * Structure decides which bytes may be a row; content only weighs. A row is
 * a candidate by what the API itself guarantees for its kind, and nothing
 * else (doc/design.md gives the SDK fact behind each rule): a local port
 * DWORD of 1..65535 (a listed socket is bound; the port is a USHORT widened
 * into a DWORD), for TCP a state of MIB_TCP_STATE (1..12, or 100) and a
 * remote port DWORD with zero upper bits, for row2 kinds an offload state of
 * TCP_CONNECTION_OFFLOAD_STATE (0..3), for UDP module kinds dwFlags with no
 * bit but SpecificPortBind. Addresses, scope ids, PIDs, ports, timestamps,
 * module info and sort order are evidence in bits from one model,
 * mibtcp_row_evidence() (the scoring mibtcp_detect() uses), never a reason
 * to end a run: other producers than Windows (Wine reports PID 0 and scope
 * ids such as 0x1000), real networks (hosts of a /16 ending in .0 or .255,
 * NAT64, 6to4, Teredo) and agents that copy and rewrite tables break every
 * content prior. Across rows, carving adds: a repeated row (for UDP, a
 * repeated port) and rows out of Windows' sort order count against, and so
 * does a UDP run in which no socket is bound to a specific address; a
 * matching dwNumEntries counts for. All in MIBTCP_EVIDENCE_PER_BIT units. */
#include "carve/carve_evidence.h"

#include "common/plausible.h"
#include "detect/evidence.h"
#include "mibtcp_fast.h"

#define BITS(x) ((int32_t)(MIBTCP_EVIDENCE_PER_BIT * (x)))

enum {
    /* A count that lands exactly on the rows found: about 2^-16 for unrelated DWORDs before a run. */
    EVIDENCE_COUNT_MATCHES = BITS(16),
    EVIDENCE_HEADER_PADDING_DIRTY = BITS(-2),
    EVIDENCE_REPEATED_ROW = BITS(-8),
    EVIDENCE_RECURRING_ROW = BITS(-2),
    EVIDENCE_RECURRING_ENDPOINT = BITS(-4),
    EVIDENCE_OUT_OF_ORDER = BITS(-4),
    /* Per row of a UDP run in which no socket is bound to a specific address:
     * arrays of (0, small number) pairs never are. */
    EVIDENCE_UDP_ALL_WILDCARD = BITS(-8),
    /* A structure-decided table's belief at its decisive row count, over the
     * alternative: no background produced one (about 99.6 %). */
    STRUCTURE_MARGIN_BITS = 8,
};

static uint32_t field32(const mibtcpi_layout *l, const uint8_t *row, mibtcp_field field)
{
    return mibtcp_load_le32(row + l->fields[field].offset);
}

static bool has(const mibtcpi_layout *l, mibtcp_field field)
{
    return l->fields[field].size != 0;
}

/* Does the row meet what the API guarantees for every row of its kind?
 * Nothing about content. */
static bool candidate(const mibtcpi_layout *l, const uint8_t *row)
{
    const uint32_t local_port = field32(l, row, MIBTCP_FIELD_LOCAL_PORT);
    if (local_port == 0 || mibtcpi_port_high_bits(local_port)) {
        return false;
    }
    if (l->tcp && (!mibtcpi_state_ok(field32(l, row, MIBTCP_FIELD_STATE)) ||
                   mibtcpi_port_high_bits(field32(l, row, MIBTCP_FIELD_REMOTE_PORT)))) {
        return false;
    }
    if (has(l, MIBTCP_FIELD_OFFLOAD_STATE) && !mibtcpi_offload_state_ok(field32(l, row, MIBTCP_FIELD_OFFLOAD_STATE))) {
        return false;
    }
    return !has(l, MIBTCP_FIELD_FLAGS) || mibtcpi_udp_flags_known(field32(l, row, MIBTCP_FIELD_FLAGS));
}

bool mibtcpi_carve_row(const mibtcpi_layout *l, const uint8_t *row, mibtcpi_row_evidence *ev)
{
    if (!candidate(l, row)) {
        return false;
    }
    const uint32_t local_port = field32(l, row, MIBTCP_FIELD_LOCAL_PORT);
    const mibtcpi_slot local = l->fields[MIBTCP_FIELD_LOCAL_ADDR];
    const uint8_t *addr = row + local.offset;
    /* The endpoints, by their ports and the last 4 address bytes of each
     * (enough to tell peers apart, and exact); UDP rows have no remote end. */
    mibtcpi_row_key key = {local_port << 16, mibtcp_load_le32(addr + local.size - 4), 0};
    if (l->tcp) {
        const mibtcpi_slot remote = l->fields[MIBTCP_FIELD_REMOTE_ADDR];
        key.ports_ |= field32(l, row, MIBTCP_FIELD_REMOTE_PORT);
        key.remote_addr_ = mibtcp_load_le32(row + remote.offset + remote.size - 4);
    }
    /* Sort key in host order: an IPv4 address, then the port; for IPv6 only
     * the address's first 4 bytes, which say nothing of the port on a tie. */
    const uint64_t addr_high = (uint64_t)addr[0] << 24 | (uint64_t)addr[1] << 16 | (uint64_t)addr[2] << 8 | addr[3];
    const uint64_t port_host = (local_port & 0xFFu) << 8 | (local_port >> 8);
    ev->bits = mibtcpi_row_evidence_bits(l, row);
    ev->key = key;
    ev->order = addr_high << 16 | (l->family == MIBTCP_FAMILY_IPV4 ? port_host : 0);
    ev->specific = !mibtcpi_all_zero(addr, local.size);
    return true;
}

int32_t mibtcpi_carve_sequence_bits(const mibtcpi_row_key recent[MIBTCPI_RECENT_KEYS], uint32_t last, bool tcp,
                                    uint64_t prev_order, const mibtcpi_row_evidence *row)
{
    /* What counts as a repeat: UDP tables rarely hold one port twice, TCP
     * ones do (one server port, many peers), so a TCP row repeats only with
     * both endpoints and a UDP row by its port. One or two back, a repeat is
     * what arrays of records do (they repeat or alternate values). Three to
     * eight back it costs less, as real UDP tables repeat a port on other
     * addresses, and more when the whole endpoint repeats: a TCP table read
     * at a UDP kind's stride repeats its endpoints every few rows (a tcp4-pid
     * row is three udp4-basic rows). One comparison per test: this runs
     * eight times per candidate row. */
    const uint32_t port_mask = tcp ? UINT32_MAX : 0;
    for (uint32_t back = 0; back < MIBTCPI_RECENT_KEYS; back++) {
        const mibtcpi_row_key *k = &recent[(last - back) % MIBTCPI_RECENT_KEYS];
        const uint32_t addresses = (row->key.local_addr_ ^ k->local_addr_) | (row->key.remote_addr_ ^ k->remote_addr_);
        if (((row->key.ports_ ^ k->ports_) | (addresses & port_mask)) == 0) {
            return back < 2         ? EVIDENCE_REPEATED_ROW
                   : addresses == 0 ? EVIDENCE_RECURRING_ENDPOINT
                                    : EVIDENCE_RECURRING_ROW;
        }
    }
    return row->order < prev_order ? EVIDENCE_OUT_OF_ORDER : 0;
}

int64_t mibtcpi_carve_run_bits(const mibtcpi_layout *l, uint32_t rows, uint32_t specific)
{
    return !l->tcp && specific == 0 ? (int64_t)rows * EVIDENCE_UDP_ALL_WILDCARD : 0;
}

/* The score a table needs whose dwNumEntries lands exactly on the end of its
 * run of candidates, by kind and rows (the last column: 8 rows and more,
 * up to the kind's structure count). Measured (bench/counted_thresholds.py):
 * the best score such a counted run of that many rows or more formed where
 * no table of the kind was, plus 8 bits. The backgrounds: real non-table
 * memory and files (ELF libraries, the memory of python3, clang++, gdb,
 * Wine, pandas, perl and awk, this system's files, Wine's PE DLLs, text,
 * random, zeros: 7 GiB), the memory of Wine processes polling the tables
 * and an image of 6,738 independently generated tables in the same memory,
 * where rows of one kind read at another kind's stride are the background
 * (a PID or scope id that passes for a count). Never less than the count's
 * own 16 bits (content must not weigh against a table that only its count
 * carries), and, from the kind's minimum rows with a header up, never more
 * than a table's MIBTCP_CARVE_MIN_SCORE_BITS. */
/* clang-format off: one row per kind, one column per row count */
static const uint8_t counted_needed_bits[MIBTCP_HEADER_KIND_END][MIBTCPI_COUNTED_ROW_COLUMNS] = {
    [MIBTCP_KIND_TCP4_MODULE] = {33, 28, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP6_MODULE] = {45, 29, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP4_PID] = {44, 30, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP6_PID] = {52, 29, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP4_BASIC] = {48, 39, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP6_BASIC] = {49, 42, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP4_ROW2] = {45, 28, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_TCP6_ROW2] = {52, 17, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_UDP4_MODULE] = {34, 16, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_UDP6_MODULE] = {45, 16, 16, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_UDP4_PID] = {35, 30, 27, 16, 16, 16, 16, 16},
    [MIBTCP_KIND_UDP6_PID] = {53, 53, 53, 32, 32, 16, 16, 32},
    [MIBTCP_KIND_UDP4_BASIC] = {38, 38, 38, 32, 32, 32, 32, 32},
    [MIBTCP_KIND_UDP6_BASIC] = {46, 46, 40, 27, 16, 16, 16, 16},
};
/* clang-format on */

int64_t mibtcpi_carve_counted_needed_bits(mibtcp_kind kind, uint32_t rows)
{
    const uint32_t column = rows == 0                             ? 0
                            : rows <= MIBTCPI_COUNTED_ROW_COLUMNS ? rows - 1
                                                                  : MIBTCPI_COUNTED_ROW_COLUMNS - 1;
    return (int64_t)counted_needed_bits[kind][column] * MIBTCP_EVIDENCE_PER_BIT;
}

int64_t mibtcpi_carve_counted_belief_bits(mibtcp_kind kind, uint32_t rows, int64_t score)
{
    /* At its threshold a counted table is 8 bits above the best that the
     * backgrounds formed: the margin a structure-decided table has at its
     * decisive row count. */
    return MIBTCPI_NOT_A_TABLE_BITS + STRUCTURE_MARGIN_BITS +
           (score - mibtcpi_carve_counted_needed_bits(kind, rows)) / MIBTCP_EVIDENCE_PER_BIT;
}

int32_t mibtcpi_carve_header_bits(bool padding_clean, bool has_padding)
{
    return EVIDENCE_COUNT_MATCHES + (has_padding && !padding_clean ? EVIDENCE_HEADER_PADDING_DIRTY : 0);
}

int64_t mibtcpi_carve_structure_bits(uint32_t rows_beyond)
{
    /* At the decisive row count (twice the longest) no measured background formed such a table;
     * each row beyond it is at least one more bit (capped far from overflow). */
    const uint32_t beyond = rows_beyond < 64 ? rows_beyond : 64;
    return MIBTCPI_NOT_A_TABLE_BITS + STRUCTURE_MARGIN_BITS + (int64_t)beyond;
}

/* 100 * 2^e / (2^e + 1) for the excess e (in bits) of a score over the
 * alternative: 50 at e = 0, 100 from 16 up, 0 from -7 down. */
uint32_t mibtcpi_carve_confidence(int64_t score_bits)
{
    const int64_t excess = score_bits - MIBTCPI_NOT_A_TABLE_BITS;
    if (excess >= 16) {
        return 100;
    }
    if (excess <= -16) {
        return 0;
    }
    const uint64_t odds = UINT64_C(1) << (excess + 16); /* 2^(e + 16) */
    return (uint32_t)(100 * odds / (odds + (UINT64_C(1) << 16)));
}
