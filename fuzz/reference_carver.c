#include "reference_carver.h"

#include <stdbool.h>
#include <string.h>

#include "invariant.h"
#include "kit_layout.h"

#define BITS(x) ((int64_t)(x) * MIBTCP_EVIDENCE_PER_BIT)
#define MAX_TABLE_ROWS (UINT64_C(1) << 20)
#define MAX_ROWS_BEYOND_PAGE 65536u
#define COUNTED_ROWS 4u /* the count before the run and those ending its first three rows */
#define PAGE MIBTCP_CARVE_PAGE_SIZE
/* FILETIMEs of 1995-01-01 and 2100-01-01: (Unix seconds + 11644473600) * 10^7. */
#define FILETIME_1995 ((INT64_C(788918400) + INT64_C(11644473600)) * INT64_C(10000000))
#define FILETIME_2100 ((INT64_C(4102444800) + INT64_C(11644473600)) * INT64_C(10000000))

typedef struct image {
    const uint8_t *bytes;
    size_t len;
    uint64_t base;
} image;

static uint8_t byte_at(const image *im, uint64_t at)
{
    FUZZ_REQUIRE(at >= im->base && at - im->base < im->len); /* the reference itself must never over-read */
    return im->bytes[at - im->base];
}

static uint64_t unsigned_at(const image *im, uint64_t at, unsigned size)
{
    uint64_t value = 0;
    for (unsigned i = size; i > 0; --i) {
        value = value * 256u + byte_at(im, at + i - 1u);
    }
    return value;
}

static uint32_t dword_at(const image *im, uint64_t at)
{
    return (uint32_t)unsigned_at(im, at, 4);
}

static bool all_zero(const image *im, uint64_t at, uint64_t size)
{
    for (uint64_t i = 0; i < size; ++i) {
        if (byte_at(im, at + i) != 0) {
            return false;
        }
    }
    return true;
}

/* ---- one row ---- */

/* The place of @p field in rows of @p l, or NULL: looked up once per kind
 * and field (kit_place_of() walks the layout, and this runs per byte). */
static const kit_place *place_of(const kit_layout *l, mibtcp_field field)
{
    static const kit_place *places[KIT_KIND_COUNT + 1][KIT_FIELD_COUNT];
    static bool known[KIT_KIND_COUNT + 1];
    if (!known[l->kind]) {
        for (int f = 0; f < KIT_FIELD_COUNT; ++f) {
            places[l->kind][f] = kit_place_of(l, (mibtcp_field)f);
        }
        known[l->kind] = true;
    }
    return places[l->kind][field];
}

static uint64_t field_offset(const kit_layout *l, mibtcp_field field)
{
    const kit_place *place = place_of(l, field);
    FUZZ_REQUIRE(place != NULL);
    return place->offset;
}

static bool has(const kit_layout *l, mibtcp_field field)
{
    return place_of(l, field) != NULL;
}

static uint32_t field_dword(const image *im, const kit_layout *l, uint64_t row, mibtcp_field field)
{
    return dword_at(im, row + field_offset(l, field));
}

static bool ipv4_plausible(const image *im, uint64_t a)
{
    const uint8_t first = byte_at(im, a), last = byte_at(im, a + 3);
    return all_zero(im, a, 4) || (first >= 1 && first <= 223 && last != 0 && last != 255);
}

static bool ipv6_plausible(const image *im, uint64_t a, uint32_t scope)
{
    const uint8_t first = byte_at(im, a);
    const bool link_local = first == 0xFE && byte_at(im, a + 1) == 0x80 && all_zero(im, a + 2, 6);
    if (link_local) {
        return scope >= 1 && scope <= 0xFFFF;
    }
    if (scope != 0) {
        return false;
    }
    if ((first >= 0x20 && first <= 0x2F) || first == 0xFC || first == 0xFD) {
        return !all_zero(im, a + 8, 8); /* global unicast or unique local, with an interface id */
    }
    if (!all_zero(im, a, 10)) {
        return false;
    }
    if (byte_at(im, a + 10) == 0xFF && byte_at(im, a + 11) == 0xFF) {
        return ipv4_plausible(im, a + 12); /* ::ffff:a.b.c.d */
    }
    return all_zero(im, a + 10, 5) && byte_at(im, a + 15) <= 1; /* :: or ::1 */
}

static bool address_plausible(const image *im, const kit_layout *l, uint64_t row, mibtcp_field addr,
                              mibtcp_field scope)
{
    const uint64_t a = row + field_offset(l, addr);
    return l->family == MIBTCP_FAMILY_IPV6 ? ipv6_plausible(im, a, field_dword(im, l, row, scope))
                                           : ipv4_plausible(im, a);
}

static uint64_t address_size(const kit_layout *l)
{
    return l->family == MIBTCP_FAMILY_IPV6 ? 16u : 4u;
}

static bool tcp_plausible(const image *im, const kit_layout *l, uint64_t row)
{
    const uint32_t state = field_dword(im, l, row, MIBTCP_FIELD_STATE);
    const uint32_t remote_port = field_dword(im, l, row, MIBTCP_FIELD_REMOTE_PORT);
    const bool local_set = !all_zero(im, row + field_offset(l, MIBTCP_FIELD_LOCAL_ADDR), address_size(l));
    const bool remote_set = !all_zero(im, row + field_offset(l, MIBTCP_FIELD_REMOTE_ADDR), address_size(l));
    if (!((state >= 1 && state <= 12) || state == 100) || remote_port > 0xFFFF ||
        !address_plausible(im, l, row, MIBTCP_FIELD_REMOTE_ADDR, MIBTCP_FIELD_REMOTE_SCOPE_ID)) {
        return false;
    }
    if (state >= 3 && state <= 11 && (remote_port == 0 || !remote_set || !local_set)) {
        return false; /* connected: both ends */
    }
    if (state == 2 && (remote_port != 0 || remote_set)) {
        return false; /* listening: no remote end */
    }
    return !has(l, MIBTCP_FIELD_OFFLOAD_STATE) || field_dword(im, l, row, MIBTCP_FIELD_OFFLOAD_STATE) <= 3;
}

static bool row_plausible(const image *im, const kit_layout *l, uint64_t row)
{
    const uint32_t local_port = field_dword(im, l, row, MIBTCP_FIELD_LOCAL_PORT);
    if (local_port == 0 || local_port > 0xFFFF ||
        !address_plausible(im, l, row, MIBTCP_FIELD_LOCAL_ADDR, MIBTCP_FIELD_LOCAL_SCOPE_ID)) {
        return false;
    }
    if (l->is_tcp && !tcp_plausible(im, l, row)) {
        return false;
    }
    if (has(l, MIBTCP_FIELD_PID)) {
        const uint32_t pid = field_dword(im, l, row, MIBTCP_FIELD_PID);
        const uint32_t state = l->is_tcp ? field_dword(im, l, row, MIBTCP_FIELD_STATE) : 0;
        if (pid % 4 != 0 || pid > 0xFFFFFF || (pid == 0 && !(l->is_tcp && (state == 11 || state == 12)))) {
            return false;
        }
    }
    if (has(l, MIBTCP_FIELD_CREATED)) {
        const int64_t created = (int64_t)unsigned_at(im, row + field_offset(l, MIBTCP_FIELD_CREATED), 8);
        if (created != 0 && (created < FILETIME_1995 || created >= FILETIME_2100)) {
            return false;
        }
    }
    return !has(l, MIBTCP_FIELD_FLAGS) || field_dword(im, l, row, MIBTCP_FIELD_FLAGS) <= 1;
}

/* ---- rows in a run ---- */

typedef struct row_key {
    uint32_t local_port, remote_port, local_tail, remote_tail;
} row_key;

static row_key key_of(const image *im, const kit_layout *l, uint64_t row)
{
    row_key key = {field_dword(im, l, row, MIBTCP_FIELD_LOCAL_PORT), 0, 0, 0};
    if (l->is_tcp) {
        const uint64_t tail = address_size(l) - 4u;
        key.remote_port = field_dword(im, l, row, MIBTCP_FIELD_REMOTE_PORT);
        key.local_tail = dword_at(im, row + field_offset(l, MIBTCP_FIELD_LOCAL_ADDR) + tail);
        key.remote_tail = dword_at(im, row + field_offset(l, MIBTCP_FIELD_REMOTE_ADDR) + tail);
    }
    return key;
}

static bool same_key(row_key a, row_key b)
{
    return a.local_port == b.local_port && a.remote_port == b.remote_port && a.local_tail == b.local_tail &&
           a.remote_tail == b.remote_tail;
}

/* Does row b sort below row a? Windows sorts by local address, then port
 * (network order, so byte by byte); IPv6 rows are judged by their first 4
 * address bytes alone. */
static bool sorts_below(const image *im, const kit_layout *l, uint64_t a, uint64_t b)
{
    const uint64_t address = field_offset(l, MIBTCP_FIELD_LOCAL_ADDR);
    const uint64_t port = field_offset(l, MIBTCP_FIELD_LOCAL_PORT);
    uint8_t ka[6], kb[6];
    const unsigned n = l->family == MIBTCP_FAMILY_IPV4 ? 6u : 4u;
    for (unsigned i = 0; i < 4; ++i) {
        ka[i] = byte_at(im, a + address + i);
        kb[i] = byte_at(im, b + address + i);
    }
    for (unsigned i = 0; i < 2; ++i) {
        ka[4 + i] = byte_at(im, a + port + i);
        kb[4 + i] = byte_at(im, b + port + i);
    }
    return memcmp(kb, ka, n) < 0;
}

/* ---- the run rules ---- */

typedef struct rules {
    const kit_layout *layout;
    uint32_t min_header, min_orphan;
} rules;

typedef struct sink {
    mibtcp_carve_hit *hits;
    size_t capacity, count;
} sink;

typedef struct ref_run {
    uint64_t start; /* first row */
    uint32_t rows;
    int64_t evidence[1 + REF_CARVE_MAX_LEN / 8]; /* evidence[i]: rows 0 .. i - 1 (strides are at least 8) */
    bool any_specific;
} ref_run;

static uint32_t confidence_of(int64_t score_bits)
{
    const int64_t excess = score_bits - MIBTCP_CARVE_MIN_SCORE_BITS;
    if (excess >= 16) {
        return 100;
    }
    const uint64_t odds = UINT64_C(1) << excess;
    return (uint32_t)(100u * odds / (odds + 1u));
}

/* Rows [from, to) of the run, a table (header) or an orphan run. */
static void piece(const image *im, const rules *r, const ref_run *run, uint32_t from, uint32_t to, bool header,
                  sink *out)
{
    const kit_layout *l = r->layout;
    const uint32_t rows = to - from;
    const uint64_t first = run->start + (uint64_t)from * l->stride;
    const uint64_t end = run->start + (uint64_t)to * l->stride;
    int64_t score = run->evidence[to] - run->evidence[from];
    if (header) {
        score += BITS(16);
        if (l->header > 4 && dword_at(im, first - 4) != 0) {
            score -= BITS(2);
        }
    }
    if (!l->is_tcp && !run->any_specific) {
        score -= BITS(8) * run->rows;
    }
    /* Pieces of a table a page split: an orphan run starting or ending at a
     * page boundary needs a table's rows, unless orphans are never reported. */
    const bool page_edge = first % PAGE == 0 || end % PAGE == 0;
    const uint32_t fewest = header || (page_edge && r->min_orphan != UINT32_MAX) ? r->min_header : r->min_orphan;
    if (rows == 0 || rows < fewest ||
        score < BITS(MIBTCP_CARVE_MIN_SCORE_BITS)) {
        return;
    }
    if (out->count < out->capacity) {
        mibtcp_carve_hit *h = &out->hits[out->count];
        memset(h, 0, sizeof *h);
        h->offset = header ? first - l->header : first;
        h->length = end - h->offset;
        h->kind = l->kind;
        h->rows = rows;
        h->header = header;
        h->page_truncated = end % PAGE == 0;
        h->page_start = !header && first % PAGE == 0;
        h->score = score / MIBTCP_EVIDENCE_PER_BIT;
        h->confidence = confidence_of(h->score);
    }
    out->count++;
}

/* Would the whole run be reported as an orphan run? */
static bool orphan_reported(const image *im, const rules *r, const ref_run *run)
{
    sink none = {NULL, 0, 0};
    piece(im, r, run, 0, run->rows, false, &none);
    return none.count > 0;
}

static void close_run(const image *im, const rules *r, const ref_run *run, sink *out)
{
    const kit_layout *l = r->layout;
    const uint32_t rows = run->rows;
    const bool ends_at_page = (run->start + (uint64_t)rows * l->stride) % PAGE == 0;
    /* counts[f]: the count before row f, 0 when there is none. */
    uint64_t counts[COUNTED_ROWS] = {0};
    for (uint32_t f = 0; f < COUNTED_ROWS && f <= rows; ++f) {
        const uint64_t row = run->start + (uint64_t)f * l->stride;
        if (row - im->base >= l->header) {
            const uint32_t value = dword_at(im, row - l->header);
            counts[f] = value >= r->min_header && value <= MAX_TABLE_ROWS ? value : 0;
        }
    }
    int table = -1;
    for (uint32_t f = 0; f < COUNTED_ROWS && table < 0; ++f) {
        if (counts[f] != 0 && f + counts[f] == rows) {
            table = (int)f;
        }
    }
    if (table < 0 && counts[0] != 0 &&
        (counts[0] < rows || (ends_at_page && counts[0] - rows <= MAX_ROWS_BEYOND_PAGE))) {
        table = 0;
    }
    if (table < 0 || (table > 0 && orphan_reported(im, r, run))) {
        piece(im, r, run, 0, rows, false, out);
        return;
    }
    const uint32_t first = (uint32_t)table;
    const uint32_t end = first + counts[first] < rows ? (uint32_t)(first + counts[first]) : rows;
    piece(im, r, run, 0, first, false, out);
    piece(im, r, run, first, end, true, out);
    piece(im, r, run, end, rows, false, out);
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
    return b == 0 ? a : gcd(b, a % b);
}

static void carve_kind(const image *im, const rules *r, uint32_t align, ref_run *run, sink *out)
{
    static bool plausible[REF_CARVE_MAX_LEN]; /* [i]: a row starts at image byte i */
    const kit_layout *l = r->layout;
    const uint32_t modulus = gcd(align, (uint32_t)l->stride);
    memset(plausible, 0, im->len);
    /* Rows start at offsets congruent to the header size modulo gcd(align, stride). */
    const size_t first = (size_t)((l->header % modulus + modulus - im->base % modulus) % modulus);
    for (size_t i = first; i < im->len && im->len - i >= l->stride; i += modulus) {
        plausible[i] = row_plausible(im, l, im->base + i);
    }
    for (size_t i = 0; i < im->len; ++i) {
        if (!plausible[i] || (i >= l->stride && plausible[i - l->stride])) {
            continue; /* not the first row of a run */
        }
        run->start = im->base + i;
        run->rows = 0;
        run->any_specific = false;
        run->evidence[0] = 0;
        for (size_t at = i; at < im->len && plausible[at]; at += (size_t)l->stride) {
            const uint64_t row = im->base + at;
            const uint32_t n = run->rows;
            int64_t evidence = mibtcp_row_evidence(l->kind, im->bytes + at);
            const row_key key = key_of(im, l, row);
            if ((n >= 1 && same_key(key, key_of(im, l, row - l->stride))) ||
                (n >= 2 && same_key(key, key_of(im, l, row - 2 * l->stride)))) {
                evidence -= BITS(8);
            } else if (n >= 1 && sorts_below(im, l, row - l->stride, row)) {
                evidence -= BITS(4);
            }
            run->any_specific |= !all_zero(im, row + field_offset(l, MIBTCP_FIELD_LOCAL_ADDR), address_size(l));
            run->evidence[n + 1] = run->evidence[n] + evidence;
            run->rows++;
        }
        close_run(im, r, run, out);
    }
}

size_t ref_carve(const uint8_t *bytes, size_t len, uint64_t base, const mibtcp_carve_config *config,
                 mibtcp_carve_hit *hits, size_t capacity)
{
    static ref_run run; /* large: not on the stack */
    const image im = {bytes, len, base};
    FUZZ_REQUIRE(len <= REF_CARVE_MAX_LEN);
    const uint32_t kinds = config != NULL && config->kinds != 0 ? config->kinds : UINT32_MAX;
    const uint32_t align = config != NULL && config->align != 0 ? config->align : 4u;
    const uint32_t fixed = config != NULL ? config->min_rows : 0;
    sink out = {hits, capacity, 0};
    for (int k = MIBTCP_KIND_UNKNOWN + 1; k <= KIT_KIND_COUNT; ++k) {
        const mibtcp_kind kind = (mibtcp_kind)k;
        if ((kinds >> k & 1u) == 0) {
            continue;
        }
        const rules r = {kit_layout_of(kind), fixed != 0 ? fixed : mibtcp_carve_default_min_rows(kind, true),
                         fixed != 0 ? fixed : mibtcp_carve_default_min_rows(kind, false)};
        carve_kind(&im, &r, align, &run, &out);
    }
    return out.count;
}
