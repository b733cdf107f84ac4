/* The evidence model: how much a buffer's bytes say for "a table of kind K"
 * against "unrelated bytes".
 *
 * Each check compares how often a real table passes it with how often the
 * data detection meets instead passes it: text, machine code and binaries,
 * random bytes, zero-filled memory and arrays of small integers. The weight
 * of a check is roughly log2(P(observation | table) / P(observation |
 * unrelated bytes)), rounded and then tuned on the calibration corpus that
 * tests/lib/test_detect_rates.c builds (the README gives the measured rates):
 *
 *  - a state DWORD in 1..12 is +6 bits: random bytes and text almost never
 *    hold one, but small-integer arrays often do, so it cannot be worth the
 *    28 bits the raw probability suggests; any other state is -8;
 *  - addresses weigh by class: private IPv4 ranges, loopback, IPv6 ::1,
 *    link-local fe80::/64 and ::ffff:a.b.c.d say a lot, global, unique-local
 *    and NAT64 addresses a little (global ones whose interface id ends in
 *    two zero bytes count against); an IPv4 address
 *    ending in .0 or starting with 0, and IPv6 addresses in no assigned
 *    range, are what small integers and pointers look like and count against;
 *    addresses made of printable ASCII are what text looks like;
 *  - a port DWORD says little by its clean upper 16 bits (zeros and small
 *    integers have them too), a little more by being in the ranges Windows
 *    uses, and counts against when it is 0 where a port must be set, a
 *    multiple of 256 (a small integer read in network order) or ends in the
 *    byte 0x7f (the upper half of a 64-bit user-space pointer, 0x00007fXX...);
 *  - a PID that is a multiple of 4 below 2^22 is +3, one that is not a
 *    multiple of 4 is -5 (Windows PIDs always are);
 *  - a FILETIME in 2000..2040 is +8 bits (about 2^-11 of random 64-bit
 *    values, never text or small integers);
 *  - module info whose words 1..15 are zero is +3 (+4 with a small word 0),
 *    anything else there -4;
 *  - offload states 0..3 and UDP flags 0/1 are +2; other values count against;
 *  - a LISTEN row with no remote end, and padding that is zero, +1 each; a
 *    connected row (SYN_SENT..TIME_WAIT) without a peer is -8, one without a
 *    local address -4;
 *  - a row identical to the row before it earns nothing and costs 4 bits.
 *
 * The length arithmetic adds what the rows cannot: an exact fit of header
 * plus dwNumEntries rows is worth log2(stride) - 1 bits (the chance that an
 * unrelated count lands exactly on the length); trailing bytes that are one
 * repeated byte (zeros, a fill byte such as 0xa5) or whole rows that score as
 * rows of the kind (stale rows of an earlier, larger call) are normal slack
 * and cost nothing; other trailing bytes cost 2 bits plus 1 bit per 8 bytes,
 * so a kind that explains 20 of 478 bytes gains nothing. A count larger than
 * the rows that fit costs 4 bits plus 2 bits per doubling of the shortfall:
 * the rows present are still scored, so a cut table keeps its kind. */
#include <string.h>

#include "common/layout.h"
#include "common/plausible.h"
#include "detect/evidence.h"
#include "mibtcp_fast.h"

#define BITS(x) ((int32_t)(MIBTCP_EVIDENCE_PER_BIT * (x)))

/* FILETIME of 2000-01-01 and 2040-01-01 (UTC): the years real bind times fall in. */
#define FILETIME_2000 INT64_C(125911584000000000)
#define FILETIME_2040 INT64_C(138534624000000000)

/* Counts a check into its tally when the caller wants the reasons; with a
 * NULL tally (the hot path) the compiler drops the bookkeeping. */
static inline int32_t tally(mibtcp_check_tally *t, int32_t evidence)
{
    if (t != NULL) {
        t->checked++;
        t->passed += evidence >= 0;
        t->evidence += evidence;
    }
    return evidence;
}

static inline bool printable(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x20 || p[i] > 0x7e) {
            return false;
        }
    }
    return true;
}

/* Not memcmp(): compilers may turn it into bcmp, outside the short list of
 * C library symbols the library may use (tests/support/library_purity.cmake). */
static bool same_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return false;
        }
    }
    return true;
}

static inline int32_t state_evidence(uint32_t state)
{
    if (state >= 1 && state <= 12) {
        return BITS(6);
    }
    return state == MIBTCP_STATE_RESERVED ? BITS(3) : BITS(-8);
}

/* p: the 4 address bytes in network order. */
static inline int32_t ipv4_evidence(const uint8_t *p)
{
    if ((p[0] | p[1] | p[2] | p[3]) == 0) {
        return 0; /* 0.0.0.0: listeners have it, and so does zeroed memory */
    }
    if (p[0] == 127) {
        return BITS(4);
    }
    if (p[0] == 0 || (p[2] == 0 && p[3] == 0)) {
        return BITS(-5); /* a small integer, or a pointer's low bytes */
    }
    if (p[3] == 0 || p[3] == 255 || p[0] >= 240) {
        return BITS(-3);
    }
    if (printable(p, 4)) {
        return BITS(-2);
    }
    if (p[0] == 10 || (p[0] == 192 && p[1] == 168) || (p[0] == 172 && (p[1] & 0xf0) == 16) ||
        (p[0] == 169 && p[1] == 254)) {
        return BITS(3);
    }
    return p[0] >= 224 ? BITS(-1) : BITS(0.5);
}

static inline bool ipv6_link_local(const uint8_t *p)
{
    return p[0] == 0xfe && (p[1] & 0xc0) == 0x80;
}

static inline int32_t ipv6_evidence(const uint8_t *p)
{
    if (mibtcpi_all_zero(p, 15)) {
        return p[15] == 0 ? 0 : p[15] == 1 ? BITS(4) : BITS(-4); /* ::, ::1, small integers */
    }
    if (ipv6_link_local(p)) {
        return mibtcpi_all_zero(p + 2, 6) ? BITS(8) : BITS(1);
    }
    if (mibtcpi_all_zero(p, 10) && p[10] == 0xff && p[11] == 0xff) {
        return BITS(6); /* ::ffff:a.b.c.d */
    }
    if (printable(p, 16)) {
        return BITS(-4);
    }
    if ((p[0] & 0xe0) == 0x20 || (p[0] & 0xfe) == 0xfc) {
        /* Global unicast 2000::/3 (6to4 and Teredo included), unique local
         * fc00::/7; an interface id ending in two zero bytes is what a
         * little-endian integer looks like (real ones end in a host number,
         * random bits or a MAC address). */
        return p[14] == 0 && p[15] == 0 ? BITS(-4) : BITS(2);
    }
    if (p[0] == 0x00 && p[1] == 0x64 && p[2] == 0xff && p[3] == 0x9b) {
        return BITS(2); /* NAT64 64:ff9b::/96 */
    }
    if (p[0] == 0xfe && (p[1] & 0xc0) == 0xc0) {
        return 0; /* site-local fec0::/10: deprecated, still configured */
    }
    return p[0] == 0xff ? BITS(-1) : BITS(-4);
}

static inline int32_t scope_evidence(uint32_t scope, bool link_local)
{
    if (scope > 0xffff) {
        return BITS(-3); /* interface indices are small */
    }
    if (link_local) {
        return scope != 0 ? BITS(2) : BITS(-1);
    }
    return scope == 0 ? BITS(1) : BITS(-1);
}

/* Ports Windows hosts listen on or connect to all the time (DNS, DHCP,
 * Kerberos, NTP, RPC, NetBIOS, SNMP, LDAP, HTTPS, SMB, IKE, SSDP, RDP,
 * WS-Discovery, mDNS, LLMNR, WinRM, delivery optimisation, ...): a random
 * 16-bit value is one of these 32 about once in 2000 tries. */
/* clang-format off: one line per group of ports reads better than one per case */
static inline bool common_port(uint32_t port)
{
    switch (port) {
    case 22:
    case 25:
    case 53:
    case 67:
    case 68:
    case 80:
    case 88:
    case 123:
    case 135:
    case 137:
    case 138:
    case 139:
    case 161:
    case 389:
    case 443:
    case 445:
    case 464:
    case 500:
    case 993:
    case 1900:
    case 2179:
    case 3268:
    case 3389:
    case 3702:
    case 4500:
    case 5040:
    case 5050:
    case 5228:
    case 5353:
    case 5355:
    case 5357:
    case 5985:
    case 7680:
    case 8080: return true;
    default: return false;
    }
}
/* clang-format on */

/* @p may_be_zero: a remote port of a row without a remote end. */
static inline int32_t port_evidence(uint32_t raw, bool may_be_zero)
{
    if (raw > 0xffff) {
        return BITS(-2.5);
    }
    const uint32_t port = (raw & 0xff) << 8 | raw >> 8;
    if (port == 0) {
        return may_be_zero ? BITS(0.5) : BITS(-3);
    }
    if (common_port(port)) {
        return BITS(5);
    }
    if ((port & 0xff) == 0) {
        return BITS(-3); /* a multiple of 256: a small integer read in network order */
    }
    if ((port & 0xff) == 0x7f) {
        return BITS(-4); /* the upper half of an x86-64 user-space pointer, 0x00007fXX'XXXXXXXX */
    }
    /* Windows binds ephemeral ports from 49152 up; 1024..49151 holds a few
     * registered services, and three quarters of all random values. */
    return port >= 49152 ? BITS(1) : port < 1024 ? BITS(1) : BITS(-1.5);
}

static inline int32_t pid_evidence(uint32_t pid)
{
    if (pid % 4 != 0) {
        return BITS(-5);
    }
    if (pid == 0) {
        return 0;
    }
    return pid < (UINT32_C(1) << 22) ? BITS(3) : BITS(-2);
}

static inline int32_t timestamp_evidence(int64_t t)
{
    if (t == 0) {
        return BITS(-1);
    }
    if (t >= FILETIME_2000 && t < FILETIME_2040) {
        return BITS(8);
    }
    return t >= FILETIME_1995 && t < FILETIME_2100 ? BITS(2) : BITS(-6);
}

static inline int32_t module_info_evidence(const uint8_t *m)
{
    if (!mibtcpi_all_zero(m + 8, MIBTCP_MODULE_INFO_SIZE - 8)) {
        /* Windows and Wine leave words 1..15 zero; 120 other bytes are most
         * often more rows (a basic TCP table read at the module stride). */
        return BITS(-4);
    }
    return mibtcp_load_le64(m) <= UINT32_MAX ? BITS(4) : BITS(3);
}

static inline int32_t small_range_evidence(uint32_t value, uint32_t max, int32_t against)
{
    return value <= max ? BITS(2) : against;
}

static inline int32_t padding_evidence(uint32_t value)
{
    return value == 0 ? BITS(1) : BITS(-1);
}

#define T(member) (why != NULL ? &why->member : NULL)

/* Is the field (or hole) wholly within the first @p avail bytes of the row? */
static inline bool within(mibtcpi_slot slot, size_t avail)
{
    return slot.size != 0 && (size_t)slot.offset + slot.size <= avail;
}

/* One endpoint: address, scope id (IPv6), port; each only if within @p avail. */
static inline int32_t endpoint_evidence(const mibtcpi_layout *l, const uint8_t *row, size_t avail, mibtcp_field addr,
                                        mibtcp_field scope, mibtcp_field port, bool port_may_be_zero,
                                        mibtcp_evidence *why)
{
    const mibtcpi_slot *f = l->fields;
    const uint8_t *a = row + f[addr].offset;
    int32_t e = 0;
    if (!within(f[addr], avail)) {
        return 0;
    }
    if (l->family == MIBTCP_FAMILY_IPV6) {
        e += tally(T(address), ipv6_evidence(a));
        if (within(f[scope], avail)) {
            e += tally(T(scope_id), scope_evidence(mibtcp_load_le32(row + f[scope].offset), ipv6_link_local(a)));
        }
    } else {
        e += tally(T(address), ipv4_evidence(a));
    }
    if (within(f[port], avail)) {
        e += tally(T(port), port_evidence(mibtcp_load_le32(row + f[port].offset), port_may_be_zero));
    }
    return e;
}

/* The heart of the model: the fields of one row that lie within its first
 * @p avail bytes (the stride for a whole row; less for the cut last row of a
 * damaged table, so that it still counts for its kind). */
static inline int32_t row_evidence(const mibtcpi_layout *l, const uint8_t *row, size_t avail, mibtcp_evidence *why)
{
    const mibtcpi_slot *f = l->fields;
    int32_t e = 0;
    if (l->tcp && within(f[MIBTCP_FIELD_STATE], avail)) {
        const uint32_t state = mibtcp_load_le32(row + f[MIBTCP_FIELD_STATE].offset);
        e += tally(T(state), state_evidence(state));
        bool remote_empty = false, remote_known = within(f[MIBTCP_FIELD_REMOTE_PORT], avail);
        if (remote_known) {
            remote_empty =
                mibtcpi_all_zero(row + f[MIBTCP_FIELD_REMOTE_ADDR].offset, f[MIBTCP_FIELD_REMOTE_ADDR].size) &&
                mibtcp_load_le32(row + f[MIBTCP_FIELD_REMOTE_PORT].offset) == 0;
            /* A listener has no peer; a connection from SYN_SENT to TIME_WAIT has one. */
            if (state == 2) {
                e += tally(T(state_endpoints), remote_empty ? BITS(1) : BITS(-2));
            } else if (state >= 3 && state <= 11) {
                /* A connection has a peer and a local address of its own: a
                 * "connected" state over zeros is what small-integer records
                 * look like, so it takes back what the state gave. */
                const mibtcpi_slot remote = f[MIBTCP_FIELD_REMOTE_ADDR], local = f[MIBTCP_FIELD_LOCAL_ADDR];
                const bool no_peer = mibtcpi_all_zero(row + remote.offset, remote.size) ||
                                     mibtcp_load_le32(row + f[MIBTCP_FIELD_REMOTE_PORT].offset) == 0;
                const bool no_local = mibtcpi_all_zero(row + local.offset, local.size);
                e += tally(T(state_endpoints), no_peer ? BITS(-8) : no_local ? BITS(-4) : BITS(0.5));
            }
        }
        /* CLOSED, LISTEN and DELETE_TCB rows may have no remote port. */
        e += endpoint_evidence(l, row, avail, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID,
                               MIBTCP_FIELD_REMOTE_PORT, remote_empty || state == 1 || state == 2 || state == 12, why);
    } else if (l->tcp) {
        /* The state is last in IPv6 rows: endpoints of a cut row without it. */
        e += endpoint_evidence(l, row, avail, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID,
                               MIBTCP_FIELD_REMOTE_PORT, true, why);
    }
    e += endpoint_evidence(l, row, avail, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID, MIBTCP_FIELD_LOCAL_PORT,
                           false, why);
    if (within(f[MIBTCP_FIELD_PID], avail)) {
        e += tally(T(pid), pid_evidence(mibtcp_load_le32(row + f[MIBTCP_FIELD_PID].offset)));
    }
    if (within(f[MIBTCP_FIELD_CREATED], avail)) {
        e += tally(T(timestamp), timestamp_evidence(mibtcp_load_le64_signed(row + f[MIBTCP_FIELD_CREATED].offset)));
    }
    if (within(f[MIBTCP_FIELD_MODULE_INFO], avail)) {
        e += tally(T(module_info), module_info_evidence(row + f[MIBTCP_FIELD_MODULE_INFO].offset));
    }
    if (within(f[MIBTCP_FIELD_OFFLOAD_STATE], avail)) {
        e += tally(T(offload),
                   small_range_evidence(mibtcp_load_le32(row + f[MIBTCP_FIELD_OFFLOAD_STATE].offset), 3, BITS(-6)));
    }
    if (within(f[MIBTCP_FIELD_FLAGS], avail)) {
        e += tally(T(flags), small_range_evidence(mibtcp_load_le32(row + f[MIBTCP_FIELD_FLAGS].offset), 1, BITS(-4)));
    }
    for (size_t h = 0; h < MIBTCPI_MAX_HOLES; h++) {
        if (within(l->holes[h], avail)) {
            e += tally(T(padding), padding_evidence(mibtcp_load_le32(row + l->holes[h].offset)));
        }
    }
    return e;
}

int32_t mibtcpi_row_evidence_bits(const mibtcpi_layout *l, const uint8_t *row)
{
    return row_evidence(l, row, l->stride, NULL);
}

mibtcp_status mibtcp_row_evidence(mibtcp_kind kind, const uint8_t *row, int32_t *evidence)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    if (row == NULL || evidence == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (l == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    *evidence = mibtcpi_row_evidence_bits(l, row);
    return MIBTCP_OK;
}

/* A repeated row earns nothing and costs 4 bits: real tables never repeat a
 * row (ports and PIDs differ), zeroed or patterned memory does. */
static int64_t run_evidence(const mibtcpi_layout *l, const uint8_t *rows, size_t count, mibtcp_evidence *why)
{
    int64_t e = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *row = rows + i * l->stride;
        int32_t r = row_evidence(l, row, l->stride, why);
        if (i > 0 && same_bytes(row, row - l->stride, l->stride)) {
            r = tally(T(repeated_row), (r < 0 ? r : 0) - BITS(4));
        }
        e += r;
    }
    return e;
}

mibtcp_status mibtcp_rows_evidence(mibtcp_kind kind, const uint8_t *rows, size_t count, int64_t *evidence)
{
    const mibtcpi_layout *l = mibtcpi_layout_of(kind);
    if ((rows == NULL && count > 0) || evidence == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (l == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    *evidence = count > 0 ? run_evidence(l, rows, count, NULL) : 0;
    return MIBTCP_OK;
}

/* 16 * log2(x) for x >= 1, to a sixteenth of a bit: integer part from the
 * highest set bit, fraction from the next four bits (linear in between). */
static int64_t log2_sixteenths(uint64_t x)
{
    int64_t whole = 0;
    while (x >> (whole + 1) != 0) {
        whole++;
    }
    const uint64_t next4 = whole >= 4 ? (x >> (whole - 4)) & 15 : (x << (4 - whole)) & 15;
    return whole * MIBTCP_EVIDENCE_PER_BIT + (int64_t)next4;
}

/* Trailing bytes: stale whole rows of the kind first (each different from
 * the row before it, @p prev or NULL), then one repeated fill byte;
 * whatever is left is unexplained. */
static int64_t slack_evidence(const mibtcpi_layout *l, const uint8_t *slack, size_t n, const uint8_t *prev,
                              mibtcp_evidence *why)
{
    int64_t e = 0;
    size_t at = 0;
    uint64_t stale = 0;
    while (n - at >= l->stride) {
        const int32_t r = row_evidence(l, slack + at, l->stride, NULL);
        if (r <= 0 || (prev != NULL && same_bytes(slack + at, prev, l->stride))) {
            break;
        }
        prev = slack + at;
        at += l->stride;
        stale++;
    }
    size_t fill = 0;
    while (at + fill < n && slack[at + fill] == slack[at]) {
        fill++;
    }
    const uint64_t unexplained = at + fill == n ? 0 : (uint64_t)(n - at);
    why->slack_stale_rows = stale;
    why->slack_fill = unexplained == 0 ? fill : 0;
    why->slack_unexplained = unexplained;
    if (unexplained != 0) {
        e -= BITS(2) + (int64_t)(unexplained * MIBTCP_EVIDENCE_PER_BIT / 8);
    }
    return e;
}

int64_t mibtcpi_table_evidence(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_evidence *why)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[kind];
    memset(why, 0, sizeof *why);
    why->kind = kind;
    if (len < 4) {
        return 0;
    }
    const uint32_t promised = mibtcp_load_le32(buf);
    const size_t fit = mibtcpi_rows_that_fit(l, len);
    const size_t present = promised < fit ? promised : fit;
    int64_t e = 0;
    if (l->header > 4 && len >= l->header && promised > 0) {
        e += tally(&why->padding, padding_evidence(mibtcp_load_le32(buf + 4)));
    }
    e += run_evidence(l, buf + l->header, present, why);
    int64_t length = 0;
    uint64_t trailing = 0;
    if (len < l->header) {
        /* Only a count of 0 fits before the header ends: nothing to weigh. */
        length = promised > 0 ? -(BITS(2) + 6 * log2_sixteenths(promised)) : 0;
    } else if (promised > fit) {
        /* Rows promised but missing: the table is damaged or not a table. The
         * fields of a cut last row still count for the kind. */
        const size_t rows_end = l->header + fit * l->stride;
        e += row_evidence(l, buf + rows_end, len - rows_end, why);
        length = -(BITS(2) + 6 * log2_sixteenths((uint64_t)promised - fit));
    } else {
        const size_t rows_end = l->header + present * l->stride; /* <= len: present <= fit */
        const size_t slack = len - rows_end;
        trailing = slack;
        if (slack == 0) {
            length = promised > 0 ? log2_sixteenths(l->stride) - BITS(3) : 0;
        } else {
            length = slack_evidence(l, buf + rows_end, slack, present > 0 ? buf + rows_end - l->stride : NULL, why);
        }
    }
    why->rows_promised = promised;
    why->rows_present = (uint32_t)present;
    why->trailing = trailing;
    why->length = length;
    why->total = e + length;
    return e + length;
}

mibtcp_status mibtcp_evidence_of_sized(const void *buf, size_t len, mibtcp_kind kind, mibtcp_evidence *evidence,
                                       size_t evidence_size)
{
    if (buf == NULL || evidence == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (evidence_size != sizeof *evidence) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (mibtcpi_layout_of(kind) == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    (void)mibtcpi_table_evidence(buf, len, kind, evidence);
    return MIBTCP_OK;
}
