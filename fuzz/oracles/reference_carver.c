#include "oracles/reference_carver.h"

#include <stdbool.h>
#include <string.h>

#include "kit_layout.h"
#include "support/invariant.h"

#define BITS(x) ((int64_t)(x)*MIBTCP_EVIDENCE_PER_BIT)
#define MAX_TABLE_ROWS (UINT64_C(1) << 20)
#define MAX_ROWS_BEYOND_PAGE 65536u
#define EARLY 4u /* counts before a run's first rows that are always noted */
#define SLOTS 8u /* counts a run keeps */
/* mibtcp.h: the rows at which a count that ends a run of candidates decides alone. */
static const uint32_t structure_rows[KIT_KIND_COUNT + 1] = {
    [MIBTCP_KIND_TCP4_MODULE] = 32,  [MIBTCP_KIND_TCP6_MODULE] = 144,       [MIBTCP_KIND_TCP4_PID] = 88,
    [MIBTCP_KIND_TCP6_PID] = 104,    [MIBTCP_KIND_TCP4_BASIC] = 64,         [MIBTCP_KIND_TCP6_BASIC] = 32,
    [MIBTCP_KIND_TCP4_ROW2] = 24,    [MIBTCP_KIND_TCP6_ROW2] = 24,          [MIBTCP_KIND_UDP4_MODULE] = 256,
    [MIBTCP_KIND_UDP6_MODULE] = 80,  [MIBTCP_KIND_UDP4_PID] = 768,          [MIBTCP_KIND_UDP6_PID] = UINT32_MAX,
    [MIBTCP_KIND_UDP4_BASIC] = 2624, [MIBTCP_KIND_UDP6_BASIC] = UINT32_MAX,
};
#define PAGE MIBTCP_CARVE_PAGE_SIZE

typedef struct image {
    const uint8_t *bytes;
    size_t len;
    uint64_t base;
} image;

/* The @p size bytes at image offset @p at, checked: the reference itself must
 * never over-read (one check per read, not per byte: this runs per position). */
static const uint8_t *bytes_at(const image *im, uint64_t at, uint64_t size)
{
    FUZZ_REQUIRE(at >= im->base && at - im->base <= im->len && im->len - (at - im->base) >= size);
    return im->bytes + (at - im->base);
}

static uint32_t dword_at(const image *im, uint64_t at)
{
    const uint8_t *p = bytes_at(im, at, 4);
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool all_zero(const image *im, uint64_t at, uint64_t size)
{
    const uint8_t *p = bytes_at(im, at, size);
    for (uint64_t i = 0; i < size; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

/* ---- one row ---- */

/* Where the fields the rules read lie in rows of one kind: kit_place_of()
 * walks the layout, so each kind's are looked up once, not per position. */
typedef struct row_fields {
    const kit_layout *layout;
    uint64_t local_port, local_addr;
    uint64_t state, remote_port, remote_addr; /* TCP */
    const kit_place *offload_state, *flags;   /* NULL: rows of the kind have none */
} row_fields;

static uint64_t field_offset(const kit_layout *l, mibtcp_field field)
{
    const kit_place *place = kit_place_of(l, field);
    FUZZ_REQUIRE(place != NULL);
    return place->offset;
}

static const row_fields *fields_of(mibtcp_kind kind)
{
    static row_fields fields[KIT_KIND_COUNT + 1];
    row_fields *f = &fields[kind];
    if (f->layout == NULL) {
        const kit_layout *l = kit_layout_of(kind);
        FUZZ_REQUIRE(l != NULL);
        f->local_port = field_offset(l, MIBTCP_FIELD_LOCAL_PORT);
        f->local_addr = field_offset(l, MIBTCP_FIELD_LOCAL_ADDR);
        if (l->is_tcp) {
            f->state = field_offset(l, MIBTCP_FIELD_STATE);
            f->remote_port = field_offset(l, MIBTCP_FIELD_REMOTE_PORT);
            f->remote_addr = field_offset(l, MIBTCP_FIELD_REMOTE_ADDR);
        }
        f->offload_state = kit_place_of(l, MIBTCP_FIELD_OFFLOAD_STATE);
        f->flags = kit_place_of(l, MIBTCP_FIELD_FLAGS);
        f->layout = l;
    }
    return f;
}

static uint64_t address_size(const kit_layout *l)
{
    return l->family == MIBTCP_FAMILY_IPV6 ? 16u : 4u;
}

/* What the API guarantees of every row of its kind, and nothing about content. */
static bool row_plausible(const image *im, const row_fields *f, uint64_t row)
{
    const uint32_t local_port = dword_at(im, row + f->local_port);
    if (local_port == 0 || local_port > 0xFFFF) {
        return false;
    }
    if (f->layout->is_tcp) {
        const uint32_t state = dword_at(im, row + f->state);
        if (!((state >= 1 && state <= 12) || state == 100) || dword_at(im, row + f->remote_port) > 0xFFFF) {
            return false;
        }
    }
    if (f->offload_state != NULL && dword_at(im, row + f->offload_state->offset) > 3) {
        return false;
    }
    return f->flags == NULL || dword_at(im, row + f->flags->offset) <= 1;
}

/* ---- rows in a run ---- */

typedef struct row_key {
    uint32_t local_port, remote_port, local_tail, remote_tail;
} row_key;

static row_key key_of(const image *im, const row_fields *f, uint64_t row)
{
    const uint64_t tail = address_size(f->layout) - 4u;
    row_key key = {dword_at(im, row + f->local_port), 0, dword_at(im, row + f->local_addr + tail), 0};
    if (f->layout->is_tcp) {
        key.remote_port = dword_at(im, row + f->remote_port);
        key.remote_tail = dword_at(im, row + f->remote_addr + tail);
    }
    return key;
}

/* The same endpoints: both ports and address tails. */
static bool same_endpoints(row_key a, row_key b)
{
    return a.local_port == b.local_port && a.remote_port == b.remote_port && a.local_tail == b.local_tail &&
           a.remote_tail == b.remote_tail;
}

/* A repeat: TCP rows by their endpoints, UDP rows by their port. */
static bool repeats(const kit_layout *l, row_key a, row_key b)
{
    return l->is_tcp ? same_endpoints(a, b) : a.local_port == b.local_port;
}

/* Does row b sort below row a? Windows sorts by local address, then port
 * (network order, so byte by byte); IPv6 rows are judged by their first 4
 * address bytes alone. */
static bool sorts_below(const image *im, const row_fields *f, uint64_t a, uint64_t b)
{
    uint8_t ka[6], kb[6];
    const unsigned n = f->layout->family == MIBTCP_FAMILY_IPV4 ? 6u : 4u;
    memcpy(ka, bytes_at(im, a + f->local_addr, 4), 4);
    memcpy(kb, bytes_at(im, b + f->local_addr, 4), 4);
    memcpy(ka + 4, bytes_at(im, a + f->local_port, 2), 2);
    memcpy(kb + 4, bytes_at(im, b + f->local_port, 2), 2);
    return memcmp(kb, ka, n) < 0;
}

/* ---- the run rules ---- */

typedef struct rules {
    const kit_layout *layout;
    const row_fields *fields;
    uint32_t min_header, min_orphan, structure_rows;
    uint32_t min_counted; /* rows of a table whose count ends its run exactly */
    uint32_t align;       /* tables, and so their counts, start at multiples of this */
} rules;

typedef struct sink {
    mibtcp_carve_hit *hits;
    size_t capacity, count;
} sink;

typedef struct ref_run {
    uint64_t start; /* first row */
    uint32_t rows;
    int64_t evidence[1 + REF_CARVE_MAX_LEN / 8]; /* evidence[i]: rows 0 .. i - 1 (strides are at least 8) */
    row_key keys[REF_CARVE_MAX_LEN / 8];         /* keys[i]: row i's */
    uint32_t specific;
} ref_run;

/* A dwNumEntries noted before row `first` of a run. */
typedef struct ref_count {
    uint32_t first, end;
    bool padding_clean;
} ref_count;

static uint32_t confidence_of(int64_t belief_bits)
{
    const int64_t excess = belief_bits - MIBTCP_CARVE_MIN_SCORE_BITS;
    if (excess >= 16) {
        return 100;
    }
    if (excess <= -16) {
        return 0;
    }
    const uint64_t odds = UINT64_C(1) << (excess + 16);
    return (uint32_t)(100u * odds / (odds + (UINT64_C(1) << 16)));
}

static int64_t header_bits(const kit_layout *l, bool padding_clean)
{
    return BITS(16) - (l->header > 4 && !padding_clean ? BITS(2) : 0);
}

/* Rows [from, to) of the run, a table (header; exact: its count ends the
 * run) or an orphan run. */
static void piece(const rules *r, const ref_run *run, uint32_t from, uint32_t to, const ref_count *count, bool exact,
                  sink *out)
{
    const kit_layout *l = r->layout;
    const bool header = count != NULL;
    const uint32_t rows = to - from;
    const uint64_t first = run->start + (uint64_t)from * l->stride;
    const uint64_t end = run->start + (uint64_t)to * l->stride;
    int64_t score = run->evidence[to] - run->evidence[from];
    if (header) {
        score += header_bits(l, count->padding_clean);
    }
    if (!l->is_tcp && run->specific == 0) {
        score -= BITS(8) * run->rows;
    }
    /* Pieces of a table a page split: an orphan run starting or ending at a
     * page boundary needs a table's rows, unless orphans are never reported. */
    const bool page_edge = first % PAGE == 0 || end % PAGE == 0;
    const uint32_t fewest = header && exact                                        ? r->min_counted
                            : header || (page_edge && r->min_orphan != UINT32_MAX) ? r->min_header
                                                                                   : r->min_orphan;
    const bool structure = header && exact && count->first < EARLY && rows >= r->structure_rows;
    /* A count that ends its run exactly needs its kind's measured score for
     * its rows; orphan runs need 8 bits more than a table (mibtcp.h). */
    int64_t counted_bits = 0;
    FUZZ_REQUIRE(mibtcp_carve_counted_min_score(l->kind, rows, &counted_bits) == MIBTCP_OK);
    const int64_t needed = header && exact ? BITS(counted_bits) : BITS(MIBTCP_CARVE_MIN_SCORE_BITS + (header ? 0 : 8));
    /* Orphan runs shorter than the structure count: 6 bits a row on average too. */
    const bool dense = header || rows >= r->structure_rows || score >= BITS(6) * (int64_t)rows;
    if (rows == 0 || rows < fewest || ((score < needed || !dense) && !structure)) {
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
        h->structure = structure;
        int64_t belief = h->score;
        if (structure) {
            const uint32_t beyond = rows - r->structure_rows < 64 ? rows - r->structure_rows : 64;
            const int64_t by_structure = MIBTCP_CARVE_MIN_SCORE_BITS + 8 + (int64_t)beyond;
            belief = by_structure > belief ? by_structure : belief;
        } else if (header && exact) {
            /* At its threshold, 8 bits over what the backgrounds formed, as a structure hit at its count. */
            const int64_t by_count =
                MIBTCP_CARVE_MIN_SCORE_BITS + 8 + (score - BITS(counted_bits)) / MIBTCP_EVIDENCE_PER_BIT;
            belief = by_count > belief ? by_count : belief;
        }
        h->confidence = confidence_of(belief);
    }
    out->count++;
}

/* A count inside the run heads a table only when its rows weigh for one and
 * the rows it leaves out (before; after, when it ends before the run) weigh
 * less than a count. */
static bool credible(const kit_layout *l, const ref_run *run, const ref_count *c)
{
    if (c->first == 0) {
        return true;
    }
    const int64_t count = header_bits(l, c->padding_clean);
    return run->evidence[c->end] - run->evidence[c->first] > 0 && run->evidence[c->first] - run->evidence[0] < count &&
           (c->end == run->rows || run->evidence[run->rows] - run->evidence[c->end] < count);
}

static void close_run(const image *im, const rules *r, const ref_run *run, sink *out)
{
    const kit_layout *l = r->layout;
    const uint32_t rows = run->rows;
    const bool ends_at_page = (run->start + (uint64_t)rows * l->stride) % PAGE == 0;
    /* The counts the run keeps, in order of first row: the one before it,
     * those before its first EARLY rows and those after a row whose evidence
     * is negative; at most SLOTS, the oldest of the latter dropped first
     * unless its rows are all in and weigh for a table. */
    ref_count counts[SLOTS];
    uint32_t used = 0;
    for (uint32_t f = 0; f <= rows; ++f) {
        const uint64_t row = run->start + (uint64_t)f * l->stride;
        const bool after_junk = f > 0 && run->evidence[f] - run->evidence[f - 1] < 0;
        if ((f >= EARLY && !after_junk) || row - im->base < l->header || (row - l->header) % r->align != 0) {
            continue;
        }
        const uint32_t value = dword_at(im, row - l->header);
        if (value < (r->min_counted < r->min_header ? r->min_counted : r->min_header) || value > MAX_TABLE_ROWS) {
            continue;
        }
        if (used == SLOTS) {
            uint32_t drop = SLOTS;
            for (uint32_t i = 0; i < SLOTS && drop == SLOTS; ++i) {
                const bool heads = counts[i].end <= f && run->evidence[counts[i].end] > run->evidence[counts[i].first];
                drop = counts[i].first >= EARLY && !heads ? i : drop;
            }
            for (uint32_t i = 0; i < SLOTS && drop == SLOTS; ++i) {
                drop = counts[i].first >= EARLY ? i : drop;
            }
            memmove(&counts[drop], &counts[drop + 1], (SLOTS - drop - 1) * sizeof counts[0]);
            used--;
        }
        counts[used].first = f;
        counts[used].end = f + value;
        counts[used].padding_clean = l->header <= 4 || dword_at(im, row - 4) == 0;
        used++;
    }
    /* A count heads a table when credible, or when it ends the run exactly
     * over at least the kind's structure rows and lies before the run's first
     * EARLY rows. */
    const ref_count *table = NULL;
    bool exact = false;
    for (uint32_t i = 0; i < used && table == NULL; ++i) {
        const bool decides = counts[i].first < EARLY && counts[i].end - counts[i].first >= r->structure_rows;
        if (counts[i].end == rows && (credible(l, run, &counts[i]) || decides)) {
            table = &counts[i];
            exact = true;
        }
    }
    for (uint32_t i = 0; i < used && table == NULL; ++i) {
        if (counts[i].end < rows && credible(l, run, &counts[i])) {
            table = &counts[i];
        }
    }
    if (table == NULL && used > 0 && counts[0].first == 0 && ends_at_page &&
        counts[0].end - rows <= MAX_ROWS_BEYOND_PAGE) {
        table = &counts[0];
    }
    if (table == NULL) {
        piece(r, run, 0, rows, NULL, false, out);
        return;
    }
    const uint32_t end = table->end < rows ? table->end : rows;
    piece(r, run, 0, table->first, NULL, false, out);
    piece(r, run, table->first, end, table, exact, out);
    piece(r, run, end, rows, NULL, false, out);
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
        plausible[i] = row_plausible(im, r->fields, im->base + i);
    }
    for (size_t i = 0; i < im->len; ++i) {
        if (!plausible[i] || (i >= l->stride && plausible[i - l->stride])) {
            continue; /* not the first row of a run */
        }
        run->start = im->base + i;
        run->rows = 0;
        run->specific = 0;
        run->evidence[0] = 0;
        for (size_t at = i; at < im->len && plausible[at]; at += (size_t)l->stride) {
            const uint64_t row = im->base + at;
            const uint32_t n = run->rows;
            int32_t row_evidence = 0;
            FUZZ_REQUIRE(mibtcp_row_evidence(l->kind, im->bytes + at, &row_evidence) == MIBTCP_OK);
            int64_t evidence = row_evidence;
            const row_key key = key_of(im, r->fields, row);
            run->keys[n] = key;
            uint32_t repeated_at = 0; /* the nearest row back that this one repeats */
            for (uint32_t back = 8; back >= 1; --back) {
                repeated_at = back <= n && repeats(l, key, run->keys[n - back]) ? back : repeated_at;
            }
            if (repeated_at != 0) {
                const bool endpoint = same_endpoints(key, run->keys[n - repeated_at]);
                evidence -= repeated_at <= 2 ? BITS(8) : endpoint ? BITS(4) : BITS(2);
            } else if (n >= 1 && sorts_below(im, r->fields, row - l->stride, row)) {
                evidence -= BITS(4);
            }
            run->specific += !all_zero(im, row + r->fields->local_addr, address_size(l));
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
        uint32_t header_rows = fixed, orphan_rows = fixed;
        if (fixed == 0) {
            FUZZ_REQUIRE(mibtcp_carve_default_min_rows(kind, true, &header_rows) == MIBTCP_OK);
            FUZZ_REQUIRE(mibtcp_carve_default_min_rows(kind, false, &orphan_rows) == MIBTCP_OK);
        }
        /* mibtcp.h: a table whose count ends its run exactly needs one row, or min_rows when set. */
        const row_fields *fields = fields_of(kind);
        const rules r = {fields->layout,          fields, header_rows, orphan_rows, structure_rows[k],
                         fixed != 0 ? fixed : 1u, align};
        carve_kind(&im, &r, align, &run, &out);
    }
    return out.count;
}
