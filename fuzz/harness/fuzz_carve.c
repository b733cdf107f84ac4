/* fuzz_carve: the carving scanner against a naive one, and against itself
 * over other splits of the same image.
 *
 * Input: 10 parameter bytes, then the image.
 *   byte 0     selector: bits 0-2 the alignment, bits 3-5 and 6-7 the image's
 *              base offset (around page boundaries, high in the 64-bit
 *              space), bit 5 also: the kinds of bytes 1-4 (else every kind,
 *              or under a fuzzing engine the one kind bytes 1-4 choose)
 *   bytes 1-4  kinds
 *   byte 5     bits 0-2: the minimum rows (0: the defaults); bit 3: check
 *              argument handling; bit 4: stop the scan early; bit 5 (replay
 *              engine only: it scans 8 MiB): a run longer than the scanner
 *              keeps, the first 4 KiB fed over and over
 *   bytes 6-9  feeding: bits 0-1 how (one window, one byte at a time for
 *              short images, small or large windows of sizes drawn from
 *              the rest as a seed); bit 2: two regions (a gap at a place
 *              the seed chooses); the seed also chooses where an early
 *              stop falls
 *
 * Under a fuzzing engine one input scans once, fed as it chooses, the
 * image cut to FUZZ_KIND_BYTES over the kinds it scans, and compares the
 * hits with reference_carver.c's (images up to ORACLE_MAX_LEN bytes).
 * The replay engine (exhaustive.h) scans every way (one window, small and
 * large split windows, byte by byte up to 4096 bytes), compares them
 * all with each other and with the reference, and runs the argument and
 * early-stop checks for every input.
 *
 * Invariants besides equal hit lists: every hit lies inside the image,
 * covers header + rows * stride bytes of an enabled kind, scores at least
 * the "not a table" alternative with a confidence of at most 100; a table
 * hit (header, not page-truncated) starts with a dwNumEntries equal to its
 * rows and validates under the lenient policy; while windows are fed,
 * mibtcp_carve_open_from() names a row already fed, or none; the scanner is
 * idle after mibtcp_carve_finish(); a callback that stops the scan has seen
 * exactly the first hits of the full scan, and feeding after it does
 * nothing; bad arguments are refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp_fast.h"
#include "oracles/reference_carver.h"
#include "support/exhaustive.h"
#include "support/fuzz_bytes.h"
#include "support/input_variants.h"
#include "support/invariant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_HITS 1024
#define BYTEWISE_MAX_LEN 1024u
#define BYTEWISE_MAX_LEN_REPLAY 4096u
/* The reference is O(n * kinds) with a bounds check per read: under a
 * fuzzing engine only small images go through it. */
#define ORACLE_MAX_LEN 4096u
/* Under a fuzzing engine, at most this many kinds x image bytes per scan:
 * kinds are scanned independently, so a scan of many kinds checks what
 * scans of each alone check, plus their interplay (one loop over positions,
 * the prefilter's classes shared, hits and an early stop in order across
 * kinds), which a short image shows as well as a long one. Images of the
 * longest input the fuzzers make (max_len, 8 KiB) get two kinds; all 14
 * see their first 1,170 bytes, still past the carry into the prefilter. */
#define FUZZ_KIND_BYTES (2u * 8192u)

/* Small windows (mostly under 100 bytes) go through the scanner's carry,
 * its exhaustive path; large ones (256-4095 bytes) through its prefilter,
 * stitched to the carry at every boundary. */
enum feeding { FEED_WHOLE, FEED_BYTEWISE, FEED_SPLIT, FEED_LARGE_SPLIT };
#define OPTION_CHECK_ARGUMENTS 0x08u
#define OPTION_STOP_EARLY 0x10u
#define OPTION_LONG_RUN 0x20u
/* The image's first LONG_RUN_WINDOW bytes fed again and again, past the
 * longest run the scanner keeps (2^20 rows of 8 bytes, 8 MiB). */
#define LONG_RUN_WINDOW 4096u
#define LONG_RUN_WINDOWS (((UINT64_C(1) << 20) * 8u) / LONG_RUN_WINDOW + 2u)
#define FEED_TWO_REGIONS 0x04u

typedef struct hit_list {
    mibtcp_carve_hit hits[MAX_HITS];
    size_t count;
    bool overflow;
    size_t stop_after; /* the callback stops the scan at this many hits (0: never) */
} hit_list;

static bool collect(void *ctx, const mibtcp_carve_hit *hit)
{
    hit_list *l = ctx;
    if (l->count == MAX_HITS) {
        l->overflow = true;
        return false;
    }
    l->hits[l->count++] = *hit;
    return l->count != l->stop_after;
}

static int compare_hits(const void *a, const void *b)
{
    const mibtcp_carve_hit *x = a, *y = b;
    if (x->offset != y->offset) {
        return x->offset < y->offset ? -1 : 1;
    }
    if (x->kind != y->kind) {
        return x->kind < y->kind ? -1 : 1;
    }
    return x->length < y->length ? -1 : x->length > y->length;
}

static bool same_hit(const mibtcp_carve_hit *a, const mibtcp_carve_hit *b)
{
    return a->offset == b->offset && a->length == b->length && a->kind == b->kind && a->rows == b->rows &&
           a->header == b->header && a->page_truncated == b->page_truncated && a->page_start == b->page_start &&
           a->score == b->score && a->confidence == b->confidence && a->structure == b->structure;
}

/* How one scan is fed: the image's bytes, where they sit, how they are cut. */
typedef struct feed_plan {
    const uint8_t *image;
    size_t len;
    uint64_t base;
    size_t cut;   /* bytes of the first region; len: one region */
    uint64_t gap; /* offset space between the regions */
    enum feeding how;
    uint32_t seed;
} feed_plan;

/* Window sizes drawn from a small generator seeded by the input. */
static size_t next_window(uint32_t *state, bool large)
{
    *state = *state * 1103515245u + 12345u;
    const uint32_t r = *state >> 16;
    if (large) {
        return 256u + r % 3840u;
    }
    return 1u + (r % 8u == 0 ? r % 700u : r % 97u);
}

static uint64_t offset_of(const feed_plan *plan, size_t at)
{
    return plan->base + at + (at >= plan->cut ? plan->gap : 0);
}

/* What the carver says, once it said MIBTCP_OK. */
static uint64_t open_from(const mibtcp_carver *carver)
{
    uint64_t from = 0;
    FUZZ_REQUIRE(mibtcp_carve_open_from(carver, &from) == MIBTCP_OK);
    return from;
}

static uint32_t default_min_rows(mibtcp_kind kind, bool header)
{
    uint32_t rows = 0;
    FUZZ_REQUIRE(mibtcp_carve_default_min_rows(kind, header, &rows) == MIBTCP_OK);
    return rows;
}

static void feed_region(mibtcp_carver *carver, const feed_plan *plan, size_t from, size_t to, uint32_t *state)
{
    unsigned feeds = 0;
    for (size_t at = from; at < to;) {
        size_t n = plan->how == FEED_WHOLE      ? to - from
                   : plan->how == FEED_BYTEWISE ? 1
                                                : next_window(state, plan->how == FEED_LARGE_SPLIT);
        n = n < to - at ? n : to - at;
        FUZZ_REQUIRE(mibtcp_carve_feed(carver, plan->image + at, n, offset_of(plan, at)) == MIBTCP_OK);
        at += n;
        /* Every row of an open run has been fed (the shard logic relies on
         * it). Not after every feed: the answer costs a look at every run. */
        if (++feeds % 64u == 1u || at == to) {
            const uint64_t open = open_from(carver);
            FUZZ_REQUIRE(open == UINT64_MAX ||
                         (open >= offset_of(plan, from) && open < offset_of(plan, from) + (at - from)));
        }
    }
}

/* Every carver is placed in one workspace of mibtcp_carver_size() bytes,
 * allocated once (a carver is ~400 KB: not per input). */
static void *workspace(void)
{
    static void *bytes;
    if (bytes == NULL) {
        /* Zeroed: the refusal checks compare its first bytes before any carve has written them. */
        bytes = calloc(1, mibtcp_carver_size());
        FUZZ_REQUIRE(bytes != NULL);
    }
    return bytes;
}

static mibtcp_carver *start(const mibtcp_carve_config *config, void *ctx)
{
    mibtcp_carver *carver = NULL;
    FUZZ_REQUIRE(mibtcp_carve_init(workspace(), mibtcp_carver_size(), config, collect, ctx, &carver) == MIBTCP_OK);
    return carver;
}

/* @return the carver, idle after the scan. */
static mibtcp_carver *scan(const mibtcp_carve_config *config, const feed_plan *plan, hit_list *out)
{
    out->count = 0;
    out->overflow = false;
    mibtcp_carver *carver = start(config, out);
    uint32_t state = plan->seed | 2u;
    feed_region(carver, plan, 0, plan->cut, &state);
    feed_region(carver, plan, plan->cut, plan->len, &state);
    FUZZ_REQUIRE(mibtcp_carve_finish(carver) == MIBTCP_OK);
    FUZZ_REQUIRE(open_from(carver) == UINT64_MAX);
    return carver;
}

static void sort_hits(hit_list *l)
{
    qsort(l->hits, l->count, sizeof l->hits[0], compare_hits);
}

static void require_sound(const hit_list *l, const mibtcp_carve_config *config, const feed_plan *plan)
{
    for (size_t i = 0; i < l->count; ++i) {
        const mibtcp_carve_hit *h = &l->hits[i];
        const uint64_t header = h->header ? mibtcp_layout_known(h->kind).header : 0;
        const bool first = h->offset < offset_of(plan, plan->cut) || plan->cut == plan->len;
        const uint64_t start = first ? plan->base : offset_of(plan, plan->cut);
        const size_t region_len = first ? plan->cut : plan->len - plan->cut;
        FUZZ_REQUIRE(config->kinds == 0 || (config->kinds >> h->kind & 1u) != 0);
        FUZZ_REQUIRE(h->rows >= 1 && h->length == header + (uint64_t)h->rows * mibtcp_layout_known(h->kind).stride);
        FUZZ_REQUIRE(h->offset >= start && h->offset - start <= region_len &&
                     h->length <= region_len - (h->offset - start));
        /* A table whose count ends its run exactly needs its kind's counted score, from one row. */
        int64_t counted = 0;
        FUZZ_REQUIRE(mibtcp_carve_counted_min_score(h->kind, h->rows, &counted) == MIBTCP_OK);
        const bool by_count = h->header && h->score >= counted;
        FUZZ_REQUIRE(h->score >= MIBTCP_CARVE_MIN_SCORE_BITS || h->structure || by_count);
        FUZZ_REQUIRE(h->confidence >= 50 && h->confidence <= 100);
        FUZZ_REQUIRE(config->min_rows == 0 || h->rows >= config->min_rows);
        /* Pieces of page-split tables need only a table's rows. */
        FUZZ_REQUIRE(config->min_rows != 0 || h->rows >= default_min_rows(h->kind, true) || by_count);
        FUZZ_REQUIRE(
            config->min_rows != 0 || h->rows >= default_min_rows(h->kind, h->header) || by_count ||
            (h->offset % MIBTCP_CARVE_PAGE_SIZE == 0 || (h->offset + h->length) % MIBTCP_CARVE_PAGE_SIZE == 0));
        FUZZ_REQUIRE(h->page_truncated == ((h->offset + h->length) % MIBTCP_CARVE_PAGE_SIZE == 0));
        if (h->header && !h->page_truncated) {
            const uint8_t *table = plan->image + (h->offset - start) + (first ? 0 : plan->cut);
            mibtcp_view view;
            FUZZ_REQUIRE(fuzz_load_le32(table) == h->rows);
            FUZZ_REQUIRE(mibtcp_open(&view, table, (size_t)h->length, h->kind, MIBTCP_POLICY_LENIENT, NULL) ==
                         MIBTCP_OK);
            FUZZ_REQUIRE(mibtcp_view_count(&view) == h->rows);
        }
    }
}

/* Both sorted. */
static void require_same(const hit_list *a, const hit_list *b)
{
    FUZZ_REQUIRE(a->overflow == b->overflow);
    FUZZ_REQUIRE(a->overflow || a->count == b->count);
    for (size_t i = 0; !a->overflow && i < a->count; ++i) {
        FUZZ_REQUIRE(same_hit(&a->hits[i], &b->hits[i]));
    }
}

/* @p scanned (sorted) against the naive scanner, region by region. */
static void require_reference(const hit_list *scanned, const mibtcp_carve_config *config, const feed_plan *plan)
{
    static hit_list reference;
    size_t found = ref_carve(plan->image, plan->cut, plan->base, config, reference.hits, MAX_HITS);
    if (found <= MAX_HITS && plan->cut < plan->len) {
        found += ref_carve(plan->image + plan->cut, plan->len - plan->cut, offset_of(plan, plan->cut), config,
                           reference.hits + found, MAX_HITS - found);
    }
    if (found > MAX_HITS || scanned->overflow) {
        return; /* too many hits to compare: the scan stops at MAX_HITS in report order */
    }
    reference.count = found;
    reference.overflow = false;
    sort_hits(&reference);
    require_same(scanned, &reference);
}

/* Stopping at hit n: the callback saw the full scan's first n hits (report
 * order), and a feed after that reports nothing. */
static void require_early_stop(const mibtcp_carve_config *config, const feed_plan *plan, const hit_list *full, size_t n)
{
    static hit_list stopped;
    stopped.stop_after = n;
    mibtcp_carver *carver = scan(config, plan, &stopped);
    stopped.stop_after = 0;
    FUZZ_REQUIRE(stopped.count == n);
    for (size_t i = 0; i < n; ++i) {
        FUZZ_REQUIRE(same_hit(&stopped.hits[i], &full->hits[i]));
    }
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, plan->image, plan->len, plan->base) == MIBTCP_OK);
    FUZZ_REQUIRE(mibtcp_carve_finish(carver) == MIBTCP_OK);
    FUZZ_REQUIRE(stopped.count == n);
}

/* A run of 2^20 and more rows (the image's first 4 KiB repeated, say
 * udp4-basic rows, stride 8, which 4096 is a multiple of) is cut, never
 * lost: its hits stay inside what was fed and cover it all. */
static void require_long_run_cut(const mibtcp_carve_config *config, const feed_plan *plan)
{
    static uint8_t window[LONG_RUN_WINDOW];
    static hit_list hits;
    memset(window, 0, sizeof window);
    memcpy(window, plan->image, plan->len < sizeof window ? plan->len : sizeof window);
    hits.count = 0;
    hits.overflow = false;
    mibtcp_carver *carver = start(config, &hits);
    for (uint64_t i = 0; i < LONG_RUN_WINDOWS; ++i) {
        FUZZ_REQUIRE(mibtcp_carve_feed(carver, window, sizeof window, plan->base + i * sizeof window) == MIBTCP_OK);
    }
    FUZZ_REQUIRE(mibtcp_carve_finish(carver) == MIBTCP_OK);
    for (size_t i = 0; i < hits.count; ++i) {
        const mibtcp_carve_hit *h = &hits.hits[i];
        FUZZ_REQUIRE(h->offset >= plan->base &&
                     h->length <= LONG_RUN_WINDOWS * sizeof window - (h->offset - plan->base));
        FUZZ_REQUIRE(h->rows <= UINT32_C(1) << 20);
    }
}

/* Checked before anything is written: the workspace keeps its bytes and
 * *carver its value on every refusal. */
static void require_refused(void *bytes, size_t size, const mibtcp_carve_config *config, size_t config_size,
                            mibtcp_carve_fn fn, mibtcp_status expected)
{
    static uint8_t before[64];
    hit_list unused;
    mibtcp_carver *carver = (mibtcp_carver *)before; /* any value: it must stay */
    if (bytes != NULL) {
        memcpy(before, bytes, sizeof before);
    }
    FUZZ_REQUIRE(mibtcp_carve_init_sized(bytes, size, config, config_size, fn, &unused, &carver) == expected);
    FUZZ_REQUIRE(carver == (mibtcp_carver *)before);
    FUZZ_REQUIRE(bytes == NULL || memcmp(before, bytes, sizeof before) == 0);
}

static void require_arguments_checked(void)
{
    mibtcp_carve_config config = {0, 0, 0};
    const size_t size = mibtcp_carver_size();
    uint8_t *bytes = workspace();
    hit_list unused;
    FUZZ_REQUIRE(size > 0);
    require_refused(NULL, size, NULL, sizeof config, collect, MIBTCP_ERR_NULL_ARGUMENT);
    require_refused(bytes, size, NULL, sizeof config, NULL, MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_init(bytes, size, NULL, collect, &unused, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    require_refused(bytes, size, &config, sizeof config - 1, collect, MIBTCP_ERR_ABI_MISMATCH);
    require_refused(bytes, size, &config, sizeof config + 1, collect, MIBTCP_ERR_ABI_MISMATCH);
    require_refused(bytes, size - 1, NULL, sizeof config, collect, MIBTCP_ERR_WORKSPACE_TOO_SMALL);
    require_refused(bytes, 0, NULL, sizeof config, collect, MIBTCP_ERR_WORKSPACE_TOO_SMALL);
    require_refused(bytes + 1, size - 1, NULL, sizeof config, collect, MIBTCP_ERR_WORKSPACE_TOO_SMALL);
    /* Misaligned: malloc's pointer plus 1 or 2 is aligned for no pointer or uint64_t. */
    require_refused(bytes + 1, size, NULL, sizeof config, collect, MIBTCP_ERR_BAD_ARGUMENT);
    require_refused(bytes + 2, size, NULL, sizeof config, collect, MIBTCP_ERR_BAD_ARGUMENT);
    config.align = MIBTCP_CARVE_MAX_ALIGN + 1;
    require_refused(bytes, size, &config, sizeof config, collect, MIBTCP_ERR_BAD_ARGUMENT);
    config.align = 0;
    config.kinds = 1u; /* MIBTCP_KIND_UNKNOWN is no kind */
    require_refused(bytes, size, &config, sizeof config, collect, MIBTCP_ERR_UNKNOWN_KIND);
    mibtcp_carver *carver = NULL;
    FUZZ_REQUIRE(mibtcp_carve_init(bytes, size, NULL, collect, &unused, &carver) == MIBTCP_OK);
    FUZZ_REQUIRE(carver != NULL);
    FUZZ_REQUIRE(mibtcp_carve_feed(NULL, "x", 1, 0) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, NULL, 1, 0) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, NULL, 0, 0) == MIBTCP_OK);
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, "x", 1, MIBTCP_CARVE_MAX_OFFSET) == MIBTCP_ERR_BAD_ARGUMENT);
    uint64_t from = 7;
    FUZZ_REQUIRE(mibtcp_carve_open_from(NULL, &from) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_open_from(carver, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(from == 7);
    FUZZ_REQUIRE(mibtcp_carve_finish(NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_finish(carver) == MIBTCP_OK); /* no region yet */
    uint32_t rows = 7;
    FUZZ_REQUIRE(mibtcp_carve_default_min_rows(MIBTCP_KIND_UNKNOWN, true, &rows) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_carve_default_min_rows((mibtcp_kind)(KIT_KIND_COUNT + 1), false, &rows) ==
                 MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_carve_default_min_rows(MIBTCP_KIND_TCP4_PID, false, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(rows == 7);
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        FUZZ_REQUIRE(default_min_rows(fuzz_kind_at(k), true) >= 1);
        FUZZ_REQUIRE(default_min_rows(fuzz_kind_at(k), false) >= default_min_rows(fuzz_kind_at(k), true));
        /* A count's own bits at least, and never more than a table's bits from the kind's header minimum up. */
        int64_t bits = 0;
        FUZZ_REQUIRE(mibtcp_carve_counted_min_score(fuzz_kind_at(k), 1, &bits) == MIBTCP_OK && bits >= 16);
        FUZZ_REQUIRE(mibtcp_carve_counted_min_score(fuzz_kind_at(k), default_min_rows(fuzz_kind_at(k), true), &bits) ==
                         MIBTCP_OK &&
                     bits >= 16 && bits <= MIBTCP_CARVE_MIN_SCORE_BITS);
        FUZZ_REQUIRE(mibtcp_carve_counted_min_score(fuzz_kind_at(k), UINT32_MAX, &bits) == MIBTCP_OK && bits >= 16);
    }
    int64_t bits = 7;
    FUZZ_REQUIRE(mibtcp_carve_counted_min_score(MIBTCP_KIND_UNKNOWN, 1, &bits) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_carve_counted_min_score((mibtcp_kind)(KIT_KIND_COUNT + 1), 1, &bits) ==
                 MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_carve_counted_min_score(MIBTCP_KIND_TCP4_PID, 1, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(bits == 7);
}

/* How many kinds a scan with @p kinds looks for (0: all). */
static size_t kinds_scanned(uint32_t kinds)
{
    size_t n = 0;
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        n += (kinds >> fuzz_kind_at(k) & 1u) != 0;
    }
    return kinds == 0 ? FUZZ_KIND_COUNT : n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t aligns[] = {4, 1, 2, 8, 16, 0, 4, 4};
    static const uint32_t min_rows_choices[] = {0, 1, 2, 3, 0, 5, 9, 17};
    static hit_list first, other;
    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    const uint8_t selector = fuzz_take_u8(&cursor);
    const uint32_t kinds = fuzz_take_u32(&cursor);
    const uint8_t options = fuzz_take_u8(&cursor);
    const uint32_t feeding = fuzz_take_u32(&cursor);
    mibtcp_carve_config config = {0, aligns[selector & 7u], min_rows_choices[options & 7u]};
    if ((selector & 0x20u) != 0) {
        config.kinds = kinds & 0x7FFEu;
    } else if (!FUZZ_EXHAUSTIVE) {
        /* Kinds are scanned independently: one is as good as all, 14 times faster. */
        config.kinds = UINT32_C(1) << fuzz_kind_at(kinds % FUZZ_KIND_COUNT);
    }
    size_t len = cursor.left;
    if (!FUZZ_EXHAUSTIVE) {
        const size_t most = FUZZ_KIND_BYTES / kinds_scanned(config.kinds);
        len = len < most ? len : most;
    }
    feed_plan plan = {cursor.next, len, 0, len, 0, (enum feeding)(feeding & 3u), feeding};
    /* Image offsets around page boundaries and high in the 64-bit space. */
    plan.base = (uint64_t)(selector >> 3 & 7u) * 0x0FFFFFFFFFFFF000u / 7u + (selector >> 6) * 4092u;
    if ((feeding & FEED_TWO_REGIONS) != 0 && plan.len > 0) {
        plan.cut = (feeding >> 8) % plan.len;
        plan.gap = MIBTCP_CARVE_PAGE_SIZE + (feeding >> 24);
    }
    if (plan.how == FEED_BYTEWISE && plan.len > BYTEWISE_MAX_LEN) {
        plan.how = FEED_SPLIT;
    }

    if (FUZZ_EXHAUSTIVE || (options & OPTION_CHECK_ARGUMENTS) != 0) {
        require_arguments_checked();
    }
    scan(&config, &plan, &first);
    if ((FUZZ_EXHAUSTIVE || (options & OPTION_STOP_EARLY) != 0) && first.count > 0 && !first.overflow) {
        require_early_stop(&config, &plan, &first, (feeding >> 16) % first.count + 1);
    }
    sort_hits(&first);
    require_sound(&first, &config, &plan);
    if ((FUZZ_EXHAUSTIVE && plan.len <= REF_CARVE_MAX_LEN) || plan.len <= ORACLE_MAX_LEN) {
        require_reference(&first, &config, &plan);
    }
    if (FUZZ_EXHAUSTIVE && (options & OPTION_LONG_RUN) != 0) {
        require_long_run_cut(&config, &plan);
    }
    for (int how = FEED_WHOLE; FUZZ_EXHAUSTIVE && how <= FEED_LARGE_SPLIT; how++) {
        if (how == (int)plan.how || (how == FEED_BYTEWISE && plan.len > BYTEWISE_MAX_LEN_REPLAY)) {
            continue;
        }
        feed_plan alternative = plan;
        alternative.how = (enum feeding)how;
        scan(&config, &alternative, &other);
        sort_hits(&other);
        require_same(&first, &other);
    }
    return 0;
}
