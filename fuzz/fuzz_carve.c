/* fuzz_carve: the carving scanner over the input as one window, split into
 * windows of fuzzer-chosen sizes, and fed one byte at a time (which sends
 * every position through the scanner's exhaustive path, the naive
 * examine-every-offset-for-every-kind scan, instead of its prefilter).
 *
 * Invariants: the scans report the same hits (the whole window and, as
 * bit 0 of the split seed chooses, the split or, for short images, the
 * bytewise feeding; all three in the replay engine); every hit lies inside
 * the image, covers header + rows * stride bytes of an enabled kind, scores
 * at least the "not a table" alternative with a confidence of at most 100;
 * a table hit (header, not page-truncated) starts with a dwNumEntries equal
 * to its rows and validates under the lenient policy; the scanner is idle
 * after mibtcp_carve_finish(); bad arguments are refused. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exhaustive.h"
#include "fuzz_bytes.h"
#include "input_variants.h"
#include "invariant.h"
#include "mibtcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_HITS 1024
#define BYTEWISE_MAX_LEN 1024u

typedef struct hit_list {
    mibtcp_carve_hit hits[MAX_HITS];
    size_t count;
    bool overflow;
} hit_list;

static bool collect(void *ctx, const mibtcp_carve_hit *hit)
{
    hit_list *l = ctx;
    if (l->count == MAX_HITS) {
        l->overflow = true;
        return false;
    }
    l->hits[l->count++] = *hit;
    return true;
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
           a->score == b->score && a->confidence == b->confidence;
}

/* Window sizes drawn from a small generator seeded by the input. */
static size_t next_window(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    const uint32_t r = *state >> 16;
    return 1u + (r % 8u == 0 ? r % 700u : r % 97u);
}

static void scan(mibtcp_carver *carver, const mibtcp_carve_config *config, const uint8_t *image, size_t len,
                 uint64_t base, uint32_t split, hit_list *out)
{
    out->count = 0;
    out->overflow = false;
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver, config, collect, out) == MIBTCP_OK);
    uint32_t state = split;
    for (size_t at = 0; at < len;) {
        size_t n = split == 0 ? len : split == 1 ? 1 : next_window(&state);
        n = n < len - at ? n : len - at;
        FUZZ_REQUIRE(mibtcp_carve_feed(carver, image + at, n, base + at) == MIBTCP_OK);
        at += n;
    }
    mibtcp_carve_finish(carver);
    FUZZ_REQUIRE(mibtcp_carve_open_from(carver) == UINT64_MAX);
    qsort(out->hits, out->count, sizeof out->hits[0], compare_hits);
}

static void require_sound(const hit_list *l, const mibtcp_carve_config *config, const uint8_t *image, size_t len,
                          uint64_t base)
{
    for (size_t i = 0; i < l->count; ++i) {
        const mibtcp_carve_hit *h = &l->hits[i];
        const uint64_t header = h->header ? mibtcp_kind_header_size(h->kind) : 0;
        FUZZ_REQUIRE(config->kinds == 0 || (config->kinds >> h->kind & 1u) != 0);
        FUZZ_REQUIRE(h->rows >= 1 && h->length == header + (uint64_t)h->rows * mibtcp_kind_stride(h->kind));
        FUZZ_REQUIRE(h->offset >= base && h->offset - base <= len && h->length <= len - (h->offset - base));
        FUZZ_REQUIRE(h->score >= MIBTCP_CARVE_MIN_SCORE_BITS && h->confidence >= 50 && h->confidence <= 100);
        FUZZ_REQUIRE(config->min_rows == 0 || h->rows >= config->min_rows);
        FUZZ_REQUIRE(config->min_rows != 0 || h->rows >= mibtcp_carve_default_min_rows(h->kind, h->header));
        FUZZ_REQUIRE(h->page_truncated == ((h->offset + h->length) % MIBTCP_CARVE_PAGE_SIZE == 0));
        if (h->header && !h->page_truncated) {
            const uint8_t *table = image + (h->offset - base);
            mibtcp_view view;
            FUZZ_REQUIRE(fuzz_load_le32(table) == h->rows);
            FUZZ_REQUIRE(mibtcp_open(&view, table, (size_t)h->length, h->kind, MIBTCP_POLICY_LENIENT, NULL) ==
                         MIBTCP_OK);
            FUZZ_REQUIRE(mibtcp_view_count(&view) == h->rows);
        }
    }
}

static void require_same(const hit_list *a, const hit_list *b)
{
    FUZZ_REQUIRE(a->overflow == b->overflow);
    FUZZ_REQUIRE(a->overflow || a->count == b->count);
    for (size_t i = 0; !a->overflow && i < a->count; ++i) {
        FUZZ_REQUIRE(same_hit(&a->hits[i], &b->hits[i]));
    }
}

static void require_arguments_checked(mibtcp_carver *carver)
{
    mibtcp_carve_config config = {sizeof config, 0, 0, 0};
    hit_list unused;
    FUZZ_REQUIRE(mibtcp_carve_init(NULL, sizeof *carver, NULL, collect, &unused) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver, NULL, NULL, &unused) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver - 1, NULL, collect, &unused) ==
                 MIBTCP_ERR_OUTPUT_TRUNCATED);
    config.align = MIBTCP_CARVE_MAX_ALIGN + 1;
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver, &config, collect, &unused) == MIBTCP_ERR_BAD_ARGUMENT);
    config.align = 0;
    config.kinds = 1u; /* MIBTCP_KIND_UNKNOWN is no kind */
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver, &config, collect, &unused) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_carve_init(carver, sizeof *carver, NULL, collect, &unused) == MIBTCP_OK);
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, NULL, 1, 0) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_feed(carver, "x", 1, MIBTCP_CARVE_MAX_OFFSET) == MIBTCP_ERR_BAD_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_carve_default_min_rows(MIBTCP_KIND_UNKNOWN, true) == 0);
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        FUZZ_REQUIRE(mibtcp_carve_default_min_rows(fuzz_kind_at(k), true) >= 1);
        FUZZ_REQUIRE(mibtcp_carve_default_min_rows(fuzz_kind_at(k), false) >=
                     mibtcp_carve_default_min_rows(fuzz_kind_at(k), true));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t aligns[] = {4, 1, 2, 8, 16, 0, 4, 4};
    static mibtcp_carver carver;
    static hit_list whole, split, bytewise;
    fuzz_cursor cursor = fuzz_cursor_make(data, size);
    const uint8_t selector = fuzz_take_u8(&cursor);
    const uint32_t kinds = fuzz_take_u32(&cursor);
    const uint8_t min_rows = fuzz_take_u8(&cursor);
    const uint32_t split_seed = fuzz_take_u32(&cursor);
    /* Image offsets around page boundaries and high in the 64-bit space. */
    const uint64_t base = (uint64_t)(selector >> 3 & 7u) * 0x0FFFFFFFFFFFF000u / 7u + (selector >> 6) * 4092u;
    mibtcp_carve_config config = {sizeof config, 0, aligns[selector & 7u], min_rows & 3u};
    if ((selector & 0x20u) != 0) {
        config.kinds = kinds & 0x7FFEu;
    }
    const uint8_t *image = cursor.next;
    const size_t len = cursor.left;

    require_arguments_checked(&carver);
    scan(&carver, &config, image, len, base, 0, &whole);
    require_sound(&whole, &config, image, len, base);
    /* The whole window against one other way of feeding, as the input
     * chooses: bytewise feeding (the scanner's slow exhaustive path) up to
     * BYTEWISE_MAX_LEN bytes, split windows otherwise; the replay engine
     * (exhaustive.h) checks both, bytewise up to 4096 bytes. */
    const bool bytewise_chosen = (split_seed & 1u) != 0 && len <= BYTEWISE_MAX_LEN;
    if (FUZZ_EXHAUSTIVE || !bytewise_chosen) {
        scan(&carver, &config, image, len, base, split_seed | 2u, &split);
        require_same(&whole, &split);
    }
    if (FUZZ_EXHAUSTIVE ? len <= 4096u : bytewise_chosen) {
        scan(&carver, &config, image, len, base, 1, &bytewise);
        require_same(&whole, &bytewise);
    }
    return 0;
}
