/* The carving scanner. A table is a run of consecutive candidate rows at its
 * kind's stride, so every (kind, offset modulo stride) has one run state that
 * rows extend or end; a run's first row looks back at the dwNumEntries before
 * it. Positions are examined in increasing order, each exactly once, so the
 * hits cannot depend on how the image is split into windows.
 *
 * Two paths examine positions. Near window edges (where a row straddles the
 * previous window, kept in carry_) every position is tried for every kind.
 * Inside a window, a prefilter first classifies every DWORD (state-like,
 * port-like, upper half zero, at most 3) into bitmaps, ANDs them into one
 * candidate bit per row position and kind, then ANDs candidate bits at the
 * stride to keep only positions that start enough consecutive candidates; only
 * those are tried. A candidate bit is a necessary condition of a plausible
 * row, and positions beyond a span count as candidates, so the prefilter never
 * hides a run the exhaustive path would report. */
#include <string.h>

/* x86-64 always has SSE2 (and is little-endian): the one loop that sees
 * every byte of an image classifies four DWORDs per instruction there.
 * Elsewhere the portable loop below does the same. */
#if defined(__SSE2__) && !defined(MIBTCP_NO_SIMD)
#include <emmintrin.h>
#define MIBTCPI_SSE2 1
#endif

#include "carve/carve_evidence.h"
#include "carve/carver_state.h"
#include "common/layout.h"
#include "mibtcp_fast.h"

#define MAX_STRIDE 192u
#define MAX_HEADER 8u
#define MAX_ROWS_BEYOND_PAGE 65536u
/* Positions are examined once MAX_STRIDE bytes after them (and MAX_HEADER
 * before them) are in hand, so every kind's row is whole. */
#define CARRY_CAPACITY (sizeof(((struct mibtcp_carver *)0)->carry_))
#define PER_KIND (sizeof(((struct mibtcp_carver *)0)->min_header_) / sizeof(uint32_t))

_Static_assert(MIBTCP_HEADER_KIND_END <= PER_KIND, "per-kind arrays of mibtcp_carver hold every kind");
_Static_assert(CARRY_CAPACITY >= 2 * (MAX_STRIDE + MAX_HEADER + 4) + 64, "carry holds a tail and a new head");

/* Prefilter geometry: positions per span, and the longest run of candidate
 * rows it requires (longer minimums still need at least this many). */
#define SPAN_POSITIONS 16384u
#define PREFILTER_MAX_ROWS 16u
#define WORD_BITS 64u
#define CLASS_WORDS ((SPAN_POSITIONS + MAX_STRIDE / 4u + WORD_BITS - 1u) / WORD_BITS)

enum dword_class { CLASS_STATE, CLASS_HIGH_ZERO, CLASS_PORT, CLASS_SMALL, CLASS_COUNT };

/* ---- configuration ---- */

typedef struct min_rows {
    uint32_t header, orphan, structure;
} min_rows;

/* Runs of these kinds without a matching dwNumEntries are never reported by
 * default: arrays of (DWORD, small DWORD) pairs look just like them. */
#define HEADER_REQUIRED UINT32_MAX
/* A udp6-basic table is, byte for byte, a tcp4-pid table whose PIDs are
 * ports (same stride, same header, the PID where the port is), and a udp6-pid
 * table a tcp4-row2 one: their structure alone never decides. */
#define NEVER UINT32_MAX

/* Fewest rows: a table with a matching dwNumEntries and enough content
 * evidence; an orphan run with enough content evidence; a table whose
 * dwNumEntries (before the run or in its first rows) lands exactly on the
 * end of its candidates, whatever its content: twice the longest such run
 * measured where no table of the kind was (bench/counted_thresholds.py
 * --structure: ELF libraries, process memory of real programs, files
 * (binaries, static archives, Wine's PE DLLs), text, random, zeros, two
 * Wine agents polling the tables, an image of tables of the other kinds),
 * rounded up to a multiple of 8, at least 24, and never
 * lower than a count used before (a larger sample finds longer runs);
 * doc/design.md gives the figures. */
static const min_rows default_min_rows[MIBTCP_HEADER_KIND_END] = {
    [MIBTCP_KIND_TCP4_MODULE] = {2, 3, 32},
    [MIBTCP_KIND_TCP6_MODULE] = {2, 3, 144},
    [MIBTCP_KIND_TCP4_PID] = {3, 5, 88},
    [MIBTCP_KIND_TCP6_PID] = {3, 4, 104},
    [MIBTCP_KIND_TCP4_BASIC] = {3, 5, 64},
    [MIBTCP_KIND_TCP6_BASIC] = {3, 4, 32},
    [MIBTCP_KIND_TCP4_ROW2] = {3, 4, 24},
    [MIBTCP_KIND_TCP6_ROW2] = {3, 4, 24},
    [MIBTCP_KIND_UDP4_MODULE] = {3, 6, 256},
    [MIBTCP_KIND_UDP6_MODULE] = {3, 6, 80},
    [MIBTCP_KIND_UDP4_PID] = {4, HEADER_REQUIRED, 768},
    [MIBTCP_KIND_UDP6_PID] = {4, HEADER_REQUIRED, NEVER},
    [MIBTCP_KIND_UDP4_BASIC] = {4, HEADER_REQUIRED, 2624},
    [MIBTCP_KIND_UDP6_BASIC] = {4, HEADER_REQUIRED, NEVER},
};

/* A table whose dwNumEntries lands exactly on the end of its run of
 * candidates is reported from one row, when its score reaches what that many
 * rows need (mibtcpi_carve_counted_needed_bits(): measured, like the rows
 * above). */
#define DEFAULT_COUNTED_ROWS 1u

mibtcp_status mibtcp_carve_counted_min_score(mibtcp_kind kind, uint32_t rows, int64_t *bits)
{
    if (bits == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (mibtcpi_layout_of(kind) == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    *bits = mibtcpi_carve_counted_needed_bits(kind, rows) / MIBTCP_EVIDENCE_PER_BIT;
    return MIBTCP_OK;
}

mibtcp_status mibtcp_carve_default_min_rows(mibtcp_kind kind, bool header, uint32_t *rows)
{
    if (rows == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (mibtcpi_layout_of(kind) == NULL) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    *rows = header ? default_min_rows[kind].header : default_min_rows[kind].orphan;
    return MIBTCP_OK;
}

static uint32_t gcd32(uint32_t a, uint32_t b)
{
    while (b != 0) {
        const uint32_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

static bool kind_enabled(const mibtcp_carver *c, unsigned k)
{
    return (c->kinds_ >> k & 1u) != 0;
}

/* Positions are visited at this step: the alignment's common part with 4. */
static uint32_t position_step(const mibtcp_carver *c)
{
    return gcd32(c->align_, 4);
}

size_t mibtcp_carver_size(void)
{
    return sizeof(struct mibtcp_carver);
}

/* What the header promises callers: malloc()'s alignment is enough. */
_Static_assert(_Alignof(struct mibtcp_carver) <= _Alignof(max_align_t), "a malloc()ed workspace holds a carver");

mibtcp_status mibtcp_carve_init_sized(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                                      size_t config_size, mibtcp_carve_fn fn, void *ctx, mibtcp_carver **out)
{
    if (workspace == NULL || fn == NULL || out == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (config_size != sizeof *config) {
        return MIBTCP_ERR_ABI_MISMATCH;
    }
    if (workspace_size < sizeof(struct mibtcp_carver)) {
        return MIBTCP_ERR_WORKSPACE_TOO_SMALL;
    }
    /* The carver's own alignment (of uint64_t and pointers): callers are told
     * to give _Alignof(max_align_t), which covers it (asserted above). */
    if ((uintptr_t)workspace % _Alignof(struct mibtcp_carver) != 0) {
        return MIBTCP_ERR_BAD_ARGUMENT;
    }
    const uint32_t all_kinds = ((UINT32_C(1) << MIBTCP_HEADER_KIND_END) - 1u) & ~UINT32_C(1);
    const uint32_t kinds = config != NULL && config->kinds != 0 ? config->kinds : all_kinds;
    const uint32_t align = config != NULL && config->align != 0 ? config->align : 4u;
    if ((kinds & ~all_kinds) != 0) {
        return MIBTCP_ERR_UNKNOWN_KIND;
    }
    if (align > MIBTCP_CARVE_MAX_ALIGN) {
        return MIBTCP_ERR_BAD_ARGUMENT;
    }
    mibtcp_carver *carver = workspace;
    memset(carver, 0, sizeof *carver);
    carver->fn_ = fn;
    carver->ctx_ = ctx;
    carver->kinds_ = kinds;
    carver->align_ = align;
    uint32_t slot = 0;
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END; k++) {
        const mibtcpi_layout *l = &mibtcpi_layouts[k];
        const uint32_t fixed = config != NULL ? config->min_rows : 0;
        carver->min_header_[k] = fixed != 0 ? fixed : default_min_rows[k].header;
        carver->min_orphan_[k] = fixed != 0 ? fixed : default_min_rows[k].orphan;
        carver->min_counted_[k] = fixed != 0 ? fixed : DEFAULT_COUNTED_ROWS;
#ifdef MIBTCPI_MEASURE_STRUCTURE_ROWS
        /* bench/counted_thresholds.py --structure: every counted run decides, to measure how long backgrounds form them. */
        carver->structure_rows_[k] = MIBTCPI_MEASURE_STRUCTURE_ROWS;
#else
        carver->structure_rows_[k] = default_min_rows[k].structure;
#endif
        /* runs_ holds one state per kind and byte offset modulo stride, as
         * many as the strides add up to (MIBTCPI_RUN_STATES). */
        carver->slot_base_[k] = (uint16_t)slot;
        /* Tables start at multiples of align, so rows at header + multiples of gcd(align, stride). */
        carver->row_modulus_[k] = (uint16_t)gcd32(align, l->stride);
        carver->row_residue_[k] = (uint16_t)(l->header % carver->row_modulus_[k]);
        slot += l->stride;
    }
    *out = carver;
    return MIBTCP_OK;
}

/* ---- runs ---- */

static mibtcpi_carve_run *run_of(mibtcp_carver *c, unsigned k, uint64_t offset)
{
    return &c->runs_[c->slot_base_[k] + offset % mibtcpi_layouts[k].stride];
}

static bool row_eligible(const mibtcp_carver *c, unsigned k, uint64_t offset)
{
    return offset % c->row_modulus_[k] == c->row_residue_[k];
}

/* A table is at most this many rows (a million connections), at least the
 * kind's minimum with a header; a longer run is cut into runs this long,
 * which keeps row counts and evidence sums far from overflowing. */
#define MAX_COUNTED_ROWS (UINT32_C(1) << 20)
#define COUNT_SLOTS (sizeof(((mibtcpi_carve_run *)0)->counts_) / sizeof(mibtcpi_carve_count))

/* The evidence of rows of a run, with a count (header) or without, once
 * the run's own evidence is added; reportable when it reaches the "not a
 * table" alternative with the minimum rows. */
/* Fewest rows of a hit: a table's, or an orphan run's; an orphan run that
 * starts or ends exactly at a page boundary is a piece of a table a page
 * split, and the boundary explains its edge as a count would, so it needs
 * only a table's rows (kinds never reported without a count excepted). */
static uint32_t fewest_rows(const mibtcp_carver *c, unsigned k, bool header, bool exact, bool page_edge)
{
    if (header && exact) {
        return c->min_counted_[k];
    }
    if (header || (page_edge && c->min_orphan_[k] != HEADER_REQUIRED)) {
        return c->min_header_[k];
    }
    return c->min_orphan_[k];
}

/* Counts are noted before a run's first EARLY_COUNTS rows (the bytes before
 * a table may pass for rows: the DWORD before a count and the count itself
 * read as a udp4-basic row) and after rows that weigh against a table. */
#define EARLY_COUNTS 4u

/* Is a table of @p rows whose dwNumEntries lands exactly on the end of the
 * run of candidates after it (@p exact) decided by its structure alone? Only
 * a count before the run or in its first rows decides: one deep inside a
 * long run of candidates (a value of an array of small records that equals
 * the records left) is what such arrays form at any length. */
static bool structure_decides(const mibtcp_carver *c, unsigned k, const mibtcpi_carve_count *count, bool exact,
                              uint32_t rows)
{
    return count != NULL && exact && count->first_ < EARLY_COUNTS && rows >= c->structure_rows_[k];
}

static int64_t hit_score(const mibtcp_carver *c, unsigned k, const mibtcpi_carve_run *run, uint64_t start,
                         uint32_t rows, const mibtcpi_carve_count *count, bool exact, int64_t score, bool *reportable)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    const bool header = count != NULL;
    const uint64_t end = start + (uint64_t)rows * l->stride;
    const bool page_edge = start % MIBTCP_CARVE_PAGE_SIZE == 0 || end % MIBTCP_CARVE_PAGE_SIZE == 0;
    score += header ? mibtcpi_carve_header_bits(count->padding_clean_ != 0, l->header > 4) : 0;
    score += mibtcpi_carve_run_bits(l, run->rows_, run->specific_);
    /* A count that ends its run exactly needs what its rows need (measured);
     * one that ends inside a run (stale rows after a table) a table's bits. */
#ifdef MIBTCPI_MEASURE_COUNTED_SCORES
    /* bench/counted_thresholds.py: every counted table, to measure how well backgrounds score. */
    const int64_t counted_needed = INT64_MIN;
#else
    const int64_t counted_needed = mibtcpi_carve_counted_needed_bits((mibtcp_kind)k, rows);
#endif
    const int64_t needed = header && exact ? counted_needed
                                           : (MIBTCPI_NOT_A_TABLE_BITS + (header ? 0 : MIBTCPI_ORPHAN_EXTRA_BITS)) *
                                                 MIBTCP_EVIDENCE_PER_BIT;
    /* An orphan run below its kind's structure count needs its rows to weigh
     * for a table each, on average, not only in sum. */
    const bool dense = header || rows >= c->structure_rows_[k] ||
                       score >= (int64_t)rows * MIBTCPI_ORPHAN_ROW_BITS * MIBTCP_EVIDENCE_PER_BIT;
    *reportable = rows > 0 && rows >= fewest_rows(c, k, header, exact, page_edge) &&
                  ((score >= needed && dense) || structure_decides(c, k, count, exact, rows));
    return score;
}

static void emit(mibtcp_carver *c, unsigned k, const mibtcpi_carve_run *run, uint64_t start, uint32_t rows,
                 const mibtcpi_carve_count *count, bool exact, int64_t score)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    const bool header = count != NULL;
    const uint64_t end = start + (uint64_t)rows * l->stride;
    bool reportable;
    score = hit_score(c, k, run, start, rows, count, exact, score, &reportable);
    if (!reportable || c->stopped_) {
        return;
    }
    mibtcp_carve_hit hit;
    hit.offset = header ? start - l->header : start;
    hit.length = (uint64_t)rows * l->stride + (header ? l->header : 0);
    hit.kind = (mibtcp_kind)k;
    hit.rows = rows;
    hit.header = header;
    hit.page_truncated = end % MIBTCP_CARVE_PAGE_SIZE == 0;
    hit.page_start = !header && start % MIBTCP_CARVE_PAGE_SIZE == 0;
    hit.score = score / MIBTCP_EVIDENCE_PER_BIT;
    hit.structure = structure_decides(c, k, count, exact, rows);
    int64_t belief = hit.score;
    if (hit.structure) {
        const int64_t structure = mibtcpi_carve_structure_bits(rows - c->structure_rows_[k]);
        belief = structure > belief ? structure : belief;
    } else if (header && exact) {
        const int64_t counted = mibtcpi_carve_counted_belief_bits((mibtcp_kind)k, rows, score);
        belief = counted > belief ? counted : belief;
    }
    hit.confidence = mibtcpi_carve_confidence(belief);
    if (!c->fn_(c->ctx_, &hit)) {
        c->stopped_ = true;
    }
}

/* Can the count head a table? One before the run can. One inside it leaves
 * the rows before it out of the table (and, when its table ends before the
 * run does, the rows after it): it heads the table when its own rows weigh
 * for a table and the rows it leaves out weigh less than a count does,
 * which explains them as bytes around a table that passed for rows (the
 * DWORD before a table's count and the count itself read as a row of a
 * narrow kind, a heap header, stale slack). Rows that weigh more are real
 * rows, and the count one of their fields. Asked once the run holds the
 * count's rows (through_ is set). */
static bool count_credible(const mibtcpi_layout *l, const mibtcpi_carve_run *run, const mibtcpi_carve_count *n)
{
    if (n->first_ == 0) {
        return true;
    }
    const int64_t count_bits = mibtcpi_carve_header_bits(n->padding_clean_ != 0, l->header > 4);
    return n->through_ > n->before_ && n->before_ < count_bits &&
           (n->end_ == run->rows_ || run->score_ - n->through_ < count_bits);
}

/* The count whose table ends where the run ends (*exact: the longest such
 * table); else one whose table ends inside the run (slack, stale rows after
 * it); else, for a run cut at a page, the count before the run promising
 * more rows than the page holds. A count heads a table when it is credible,
 * or when it ends the run exactly over enough rows for the structure to
 * decide (a run that goes on past a count's rows is what long arrays of
 * records form: relocation tables run on for thousands of rows). */
static const mibtcpi_carve_count *matching_count(const mibtcp_carver *c, unsigned k, const mibtcpi_carve_run *run,
                                                 bool page_truncated, bool *exact)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    /* Counts are noted in the order of their first rows, so the first that
     * fits heads the longest table. By the third pass a count before the
     * run promises more rows than the run has (the others fit before). */
    for (int pass = 0; pass < 3; pass++) {
        for (uint32_t i = 0; i < run->counts_used_; i++) {
            const mibtcpi_carve_count *n = &run->counts_[i];
            const bool fits = pass == 0 ? n->end_ == run->rows_
                              : pass == 1
                                  ? n->end_ < run->rows_
                                  : n->first_ == 0 && page_truncated && n->end_ - run->rows_ <= MAX_ROWS_BEYOND_PAGE;
            const bool decides = pass == 0 && structure_decides(c, k, n, true, run->rows_ - n->first_);
            if (fits && (decides || count_credible(l, run, n))) {
                *exact = pass == 0;
                return n;
            }
        }
    }
    *exact = false;
    return NULL;
}

/* A run ends: the table a count heads (the rows before and after it are
 * orphan runs of their own), or the whole run as an orphan. */
static void close_run(mibtcp_carver *c, unsigned k, mibtcpi_carve_run *run)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    const uint64_t end = run->start_ + (uint64_t)run->rows_ * l->stride;
    bool exact;
    const mibtcpi_carve_count *count = matching_count(c, k, run, end % MIBTCP_CARVE_PAGE_SIZE == 0, &exact);
    if (count == NULL) {
        emit(c, k, run, run->start_, run->rows_, NULL, false, run->score_);
    } else {
        const uint32_t table_end = count->end_ < run->rows_ ? count->end_ : run->rows_;
        const int64_t through = count->end_ < run->rows_ ? count->through_ : run->score_;
        emit(c, k, run, run->start_, count->first_, NULL, false, count->before_);
        emit(c, k, run, run->start_ + (uint64_t)count->first_ * l->stride, table_end - count->first_, count, exact,
             through - count->before_);
        emit(c, k, run, run->start_ + (uint64_t)table_end * l->stride, run->rows_ - table_end, NULL, false,
             run->score_ - through);
    }
    run->rows_ = 0;
    run->counts_used_ = 0;
}

/* Remember the count at p (ending where row `first` of the run starts), if
 * it could head a reportable table. A table's count lies before the run
 * (first 0), inside one of the run's first EARLY_COUNTS rows (stray bytes
 * before a table that passed for rows of it), or after a row whose evidence
 * is against a table (@p after_junk: candidates that are no table, such as a
 * relocation array, a table's rows seen at another phase or small-integer
 * records, may go on for many rows before a table). A run keeps the
 * COUNT_SLOTS latest such counts, the one before it always: counts inside a
 * table's own rows (PIDs, ports) come after rows with evidence for it, so
 * they do not push the table's count out. */
static void note_count(const mibtcp_carver *c, unsigned k, mibtcpi_carve_run *run, const uint8_t *p, uint64_t at,
                       uint32_t first, bool after_junk)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    const uint32_t count = mibtcp_load_le32(p);
    /* Tables start at multiples of align: a count anywhere else heads none
     * (rows are examined at every offset a table's rows may have, which for
     * kinds whose stride is not a multiple of align is more than that). */
    const uint32_t fewest = c->min_counted_[k] < c->min_header_[k] ? c->min_counted_[k] : c->min_header_[k];
    if ((first >= EARLY_COUNTS && !after_junk) || at % c->align_ != 0 || count < fewest || count > MAX_COUNTED_ROWS) {
        return;
    }
    if (run->counts_used_ == COUNT_SLOTS) {
        /* Drop the oldest count noted after junk that heads no table yet (one
         * whose rows are all in and weigh for a table does), else the oldest
         * noted after junk; keep the order of first rows. The counts of the
         * run's first rows stay: a table's own count is often one of them
         * (bytes before it pass for a row, its count a field of that row),
         * and the counts inside its rows, noted after rows that weigh
         * against a table, must not push it out before its rows are in. */
        uint32_t drop = COUNT_SLOTS;
        for (uint32_t i = 0; i < COUNT_SLOTS && drop == COUNT_SLOTS; i++) {
            const mibtcpi_carve_count *n = &run->counts_[i];
            const bool heads_table = n->end_ <= run->rows_ && n->through_ > n->before_;
            drop = n->first_ >= EARLY_COUNTS && !heads_table ? i : drop;
        }
        for (uint32_t i = 0; i < COUNT_SLOTS && drop == COUNT_SLOTS; i++) {
            drop = run->counts_[i].first_ >= EARLY_COUNTS ? i : drop;
        }
        memmove(&run->counts_[drop], &run->counts_[drop + 1], (COUNT_SLOTS - drop - 1) * sizeof run->counts_[0]);
        run->counts_used_--;
    }
    const mibtcpi_carve_count noted = {first + count, first, run->score_, 0,
                                       (uint8_t)(l->header <= 4 || mibtcp_load_le32(p + 4) == 0)};
    run->counts_[run->counts_used_++] = noted;
}

/* Examine the row of kind k at offset (its stride bytes at row; the header
 * bytes before it readable when they lie inside the region). */
static void examine_in(mibtcp_carver *c, unsigned k, mibtcpi_carve_run *run, uint64_t offset, const uint8_t *row)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    mibtcpi_row_evidence ev;
    run->next_ = offset + l->stride;
    if (!mibtcpi_carve_row(l, row, &ev)) {
        if (run->rows_ > 0) {
            close_run(c, k, run);
        }
        return;
    }
    if (run->rows_ == MAX_COUNTED_ROWS) {
        close_run(c, k, run);
    }
    if (run->rows_ == 0) {
        run->start_ = offset;
        run->score_ = 0;
        run->specific_ = 0;
        if (offset - c->region_start_ >= l->header) {
            note_count(c, k, run, row - l->header, offset - l->header, 0, false);
        }
    } else {
        ev.bits += mibtcpi_carve_sequence_bits(run->keys_, run->rows_ - 1, l->tcp, run->order_, &ev);
    }
    run->rows_++;
    run->specific_ += ev.specific;
    run->score_ += ev.bits;
    for (uint32_t i = 0; i < run->counts_used_; i++) {
        if (run->counts_[i].end_ == run->rows_) {
            run->counts_[i].through_ = run->score_;
        }
    }
    /* A ring of the last rows' keys; the first row fills every slot, so a
     * slot the run has not reached repeats a row before. */
    if (run->rows_ == 1) {
        for (size_t i = 0; i < MIBTCPI_RECENT_KEYS; i++) {
            run->keys_[i] = ev.key;
        }
    }
    run->keys_[(run->rows_ - 1) % MIBTCPI_RECENT_KEYS] = ev.key;
    run->order_ = ev.order;
    /* A small count can itself pass for part of a row: a table may start after this one. */
    note_count(c, k, run, row + l->stride - l->header, offset + l->stride - l->header, run->rows_, ev.bits < 0);
}

/* The same, for the run of the row's phase. */
static void examine(mibtcp_carver *c, unsigned k, uint64_t offset, const uint8_t *row)
{
    examine_in(c, k, run_of(c, k, offset), offset, row);
}

/* ---- the exhaustive path: every position, every kind ---- */

static uint64_t round_up(uint64_t offset, uint32_t step)
{
    const uint64_t r = offset % step;
    return r == 0 ? offset : offset + (step - r);
}

/* Examine positions [pos_, limit) whose bytes lie in data (image offsets
 * [data_start, data_end)); at the region's end (final) rows shorter than
 * MAX_STRIDE still fit. Kind by kind: each kind's runs see their positions
 * in increasing order, which is all that hits depend on. */
static void examine_all(mibtcp_carver *c, const uint8_t *data, uint64_t data_start, uint64_t data_end, uint64_t limit)
{
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END && c->pos_ < limit; k++) {
        if (!kind_enabled(c, k)) {
            continue;
        }
        const uint32_t modulus = c->row_modulus_[k];
        const uint32_t stride = mibtcpi_layouts[k].stride;
        /* The first position at or after pos_ where rows of k may start, and
         * its phase (offset modulo stride: which run it extends). */
        uint64_t p = c->pos_ + (c->row_residue_[k] + modulus - c->pos_ % modulus) % modulus;
        uint32_t phase = (uint32_t)(p % stride);
        for (; p < limit && stride <= data_end - p && !c->stopped_; p += modulus) {
            examine_in(c, k, &c->runs_[c->slot_base_[k] + phase], p, data + (p - data_start));
            phase = phase + modulus < stride ? phase + modulus : phase + modulus - stride;
        }
    }
    if (c->pos_ < limit) {
        c->pos_ = round_up(limit - c->pos_, position_step(c)) + c->pos_;
    }
}

/* ---- the prefiltered path ---- */

typedef struct span {
    const uint8_t *data; /* image offset base */
    uint64_t base;
    uint64_t data_end; /* bytes readable up to here */
    uint64_t from, to; /* positions examined */
} span;

static uint64_t shifted_word(const uint64_t *bits, size_t words, size_t bit)
{
    const size_t w = bit / WORD_BITS;
    const unsigned s = (unsigned)(bit % WORD_BITS);
    const uint64_t lo = w < words ? bits[w] : ~UINT64_C(0);
    if (s == 0) {
        return lo;
    }
    const uint64_t hi = w + 1 < words ? bits[w + 1] : ~UINT64_C(0);
    return lo >> s | hi << (WORD_BITS - s);
}

/* The same at a bit index that may lie before the bitmap's first bit (by
 * less than a word): bits before it are unknown, so they count as set. */
static uint64_t shifted_word_from(const uint64_t *bits, size_t words, int64_t bit)
{
    if (bit >= 0) {
        return shifted_word(bits, words, (size_t)bit);
    }
    const unsigned back = (unsigned)-bit;
    return bits[0] << back | ((UINT64_C(1) << back) - 1u);
}

/* dst[i] &= src[i + shift] for every bit of dst; bits past src count as set.
 * Safe in place (dst == src): word w reads only words w and above. */
static void and_shifted(uint64_t *dst, size_t dst_words, const uint64_t *src, size_t src_words, size_t shift)
{
    for (size_t w = 0; w < dst_words; w++) {
        dst[w] &= shifted_word(src, src_words, w * WORD_BITS + shift);
    }
}

/* Bit j: the DWORD j (of 64 at p, count readable) is port-like: 1..65535. Two
 * DWORDs per 64-bit load, branch-free: this loop sees every byte of the image. */
static uint64_t port_word(const uint8_t *p, unsigned count)
{
    uint64_t port = 0;
    unsigned j = 0;
#ifdef MIBTCPI_SSE2
    /* Four DWORDs per step (little-endian, unaligned loads): upper half zero and lower half not. */
    const __m128i upper = _mm_set1_epi32((int)0xFFFF0000u), lower = _mm_set1_epi32(0xFFFF);
    const __m128i zero = _mm_setzero_si128();
    for (; j + 4 <= count; j += 4) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 4 * j));
        const __m128i upper_zero = _mm_cmpeq_epi32(_mm_and_si128(x, upper), zero);
        const __m128i lower_zero = _mm_cmpeq_epi32(_mm_and_si128(x, lower), zero);
        const int lanes = _mm_movemask_ps(_mm_castsi128_ps(_mm_andnot_si128(lower_zero, upper_zero)));
        port |= (uint64_t)(unsigned)lanes << j;
    }
#endif
    for (; j + 2 <= count; j += 2) {
        const uint64_t x = mibtcp_load_le64(p + 4 * j);
        const uint64_t lo = ((x & 0xFFFF0000u) == 0) & ((x & 0xFFFFu) != 0);
        const uint64_t hi = ((x >> 48) == 0) & (((x >> 32) & 0xFFFFu) != 0);
        port |= (lo | hi << 1) << j;
    }
    if (j < count) {
        const uint32_t v = mibtcp_load_le32(p + 4 * j);
        port |= (uint64_t)((v >> 16) == 0 && v != 0) << j;
    }
    return port;
}

static void classify_word(const uint8_t *p, unsigned count, uint64_t *state, uint64_t *high_zero, uint64_t *small)
{
    uint64_t st = 0, hz = 0, sm = 0;
    unsigned j = 0;
#ifdef MIBTCPI_SSE2
    /* Unsigned comparisons as signed ones with the top bit flipped (SSE2 has no unsigned compare). */
    const __m128i flip = _mm_set1_epi32(INT32_MIN), one = _mm_set1_epi32(1);
    const __m128i below_state = _mm_set1_epi32(INT32_MIN + 12), below_small = _mm_set1_epi32(INT32_MIN + 4);
    const __m128i reserved = _mm_set1_epi32((int)MIBTCP_STATE_RESERVED), upper = _mm_set1_epi32((int)0xFFFF0000u);
    const __m128i zero = _mm_setzero_si128();
    for (; j + 4 <= count; j += 4) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 4 * j));
        const __m128i is_state = _mm_or_si128(_mm_cmplt_epi32(_mm_xor_si128(_mm_sub_epi32(x, one), flip), below_state),
                                              _mm_cmpeq_epi32(x, reserved));
        const __m128i is_high_zero = _mm_cmpeq_epi32(_mm_and_si128(x, upper), zero);
        const __m128i is_small = _mm_cmplt_epi32(_mm_xor_si128(x, flip), below_small);
        st |= (uint64_t)(unsigned)_mm_movemask_ps(_mm_castsi128_ps(is_state)) << j;
        hz |= (uint64_t)(unsigned)_mm_movemask_ps(_mm_castsi128_ps(is_high_zero)) << j;
        sm |= (uint64_t)(unsigned)_mm_movemask_ps(_mm_castsi128_ps(is_small)) << j;
    }
#endif
    for (; j < count; j++) {
        const uint32_t v = mibtcp_load_le32(p + 4 * j);
        st |= (uint64_t)((v - 1u) < 12u || v == MIBTCP_STATE_RESERVED) << j;
        hz |= (uint64_t)((v >> 16) == 0) << j;
        sm |= (uint64_t)(v <= 3u) << j;
    }
    *state = st;
    *high_zero = hz;
    *small = sm;
}

/* One bitmap per DWORD class for the DWORDs at d, d + 4, ...: n readable,
 * `words` words of bits; DWORDs past them are unknown, so in every class. Every kind needs a
 * port-like DWORD, and its other DWORDs lie within 64 of it, so the other
 * classes are only worth computing next to port-like DWORDs (elsewhere they
 * are left empty). @return false when no DWORD is port-like. */
static bool classify(const uint8_t *d, size_t n, size_t words, uint64_t classes[CLASS_COUNT][CLASS_WORDS])
{
    uint64_t any = 0;
    for (size_t w = 0; w < words; w++) {
        const size_t first = w * WORD_BITS;
        const unsigned count = first >= n ? 0u : n - first < WORD_BITS ? (unsigned)(n - first) : WORD_BITS;
        const uint64_t unknown = count == WORD_BITS ? 0 : ~UINT64_C(0) << count;
        classes[CLASS_PORT][w] = port_word(d + 4 * first, count) | unknown;
        any |= classes[CLASS_PORT][w] & ~unknown;
    }
    for (size_t w = 0; w < words; w++) {
        const size_t first = w * WORD_BITS;
        const unsigned count = first >= n ? 0u : n - first < WORD_BITS ? (unsigned)(n - first) : WORD_BITS;
        const uint64_t unknown = count == WORD_BITS ? 0 : ~UINT64_C(0) << count;
        const bool near_port = classes[CLASS_PORT][w] != 0 || (w > 0 && classes[CLASS_PORT][w - 1] != 0) ||
                               (w + 1 < words && classes[CLASS_PORT][w + 1] != 0);
        uint64_t state = 0, high_zero = 0, small = 0;
        if (near_port) {
            classify_word(d + 4 * first, count, &state, &high_zero, &small);
        }
        classes[CLASS_STATE][w] = state | unknown;
        classes[CLASS_HIGH_ZERO][w] = high_zero | unknown;
        classes[CLASS_SMALL][w] = small | unknown;
    }
    return any != 0;
}

/* Necessary conditions of a candidate row of l, as (class, field) pairs
 * (offload states 0..3 and UDP flags 0..1 are both at most 3). */
static size_t requirements(const mibtcpi_layout *l, enum dword_class cls[4], size_t dword[4])
{
    static const struct {
        mibtcp_field field;
        enum dword_class cls;
    } checks[] = {
        {MIBTCP_FIELD_LOCAL_PORT, CLASS_PORT},       {MIBTCP_FIELD_STATE, CLASS_STATE},
        {MIBTCP_FIELD_REMOTE_PORT, CLASS_HIGH_ZERO}, {MIBTCP_FIELD_OFFLOAD_STATE, CLASS_SMALL},
        {MIBTCP_FIELD_FLAGS, CLASS_SMALL},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0] && n < 4; i++) {
        if (l->fields[checks[i].field].size != 0) {
            cls[n] = checks[i].cls;
            dword[n] = l->fields[checks[i].field].offset / 4u;
            n++;
        }
    }
    return n;
}

/* Extend the run of kind k at offset while its rows lie before the span's end. */
static void follow(mibtcp_carver *c, const span *s, unsigned k, mibtcpi_carve_run *run)
{
    while (run->rows_ > 0 && run->next_ < s->to && !c->stopped_) {
        examine(c, k, run->next_, s->data + (run->next_ - s->base));
    }
}

static void follow_open_runs(mibtcp_carver *c, const span *s, unsigned k)
{
    const uint32_t stride = mibtcpi_layouts[k].stride;
    for (uint32_t i = 0; i < stride; i++) {
        follow(c, s, k, &c->runs_[c->slot_base_[k] + i]);
    }
}

static uint32_t prefilter_rows(const mibtcp_carver *c, unsigned k)
{
    const uint32_t m = c->min_header_[k] < c->min_orphan_[k] ? c->min_header_[k] : c->min_orphan_[k];
    /* Minimum rows are at least 1 (mibtcp_carve_init()). */
    return m > PREFILTER_MAX_ROWS ? PREFILTER_MAX_ROWS : m;
}

/* Positions p0 + 4t (t < n) of kind k where enough candidate rows start. */
static void scan_kind(mibtcp_carver *c, const span *s, unsigned k, uint64_t p0, size_t n,
                      uint64_t classes[CLASS_COUNT][CLASS_WORDS], size_t class_words)
{
    const mibtcpi_layout *l = &mibtcpi_layouts[k];
    uint64_t runs[CLASS_WORDS];
    /* Bits past the span's positions count as candidates: shifted_word()
     * reads words past run_words as all set. */
    const size_t run_words = (n + WORD_BITS - 1u) / WORD_BITS;
    enum dword_class cls[4];
    size_t dword[4];
    const size_t nreq = requirements(l, cls, dword);
    bool any = false;
    for (size_t w = 0; w < run_words; w++) {
        const size_t first = w * WORD_BITS;
        /* first < n: run_words covers the positions and no more. */
        const uint64_t beyond = n - first < WORD_BITS ? ~UINT64_C(0) << (n - first) : 0;
        /* The local port first (requirements() lists it first): most words of
         * random bytes, text and zeros have no port-like DWORD, and then no
         * other class is worth reading. */
        uint64_t cand = ~UINT64_C(0);
        for (size_t r = 0; r < nreq && cand != 0; r++) {
            cand &= shifted_word(classes[cls[r]], class_words, first + dword[r]);
        }
        any |= (cand & ~beyond) != 0;
        runs[w] = cand | beyond;
    }
    if (!any) {
        return;
    }
    const size_t s_dwords = l->stride / 4u;
    const uint32_t m = prefilter_rows(c, k);
    /* Runs shorter than m are reported only as tables whose count ends them
     * exactly (counted tables need fewer rows than the prefilter asks for):
     * their first candidate has a count of fewer than m rows before one of
     * its first m - 1 rows (the count lies before a run's first rows or after
     * one of them). */
    const bool short_tables = c->min_counted_[k] < m;
    uint64_t short_starts[CLASS_WORDS];
    if (short_tables) {
        const int64_t header_dwords = (int64_t)(l->header / 4u);
        for (size_t w = 0; w < run_words; w++) {
            if (runs[w] == 0) {
                short_starts[w] = 0; /* most words hold no candidate: skip the count windows */
                continue;
            }
            /* Counts 1..3 (state-like 1..12 and small 0..3 DWORDs), before
             * row i of the run when rows 1 .. i are candidates too. */
            uint64_t counted = m - 1u <= 3u ? 0 : ~UINT64_C(0), rows_before = ~UINT64_C(0);
            for (uint32_t i = 0; i + 1u < m && counted != ~UINT64_C(0); i++) {
                if (i > 0) {
                    rows_before &= shifted_word(runs, run_words, w * WORD_BITS + i * s_dwords);
                }
                const int64_t at = (int64_t)(w * WORD_BITS + i * s_dwords) - header_dwords;
                counted |= rows_before & shifted_word_from(classes[CLASS_SMALL], class_words, at) &
                           shifted_word_from(classes[CLASS_STATE], class_words, at);
            }
            short_starts[w] = runs[w] & counted;
        }
    }
    /* runs[t] = AND of candidates t, t + s, ..., t + (m - 1) s, by doubling. */
    uint32_t have = 1;
    while (have * 2 <= m) {
        and_shifted(runs, run_words, runs, run_words, have * s_dwords);
        have *= 2;
    }
    if (have < m) {
        and_shifted(runs, run_words, runs, run_words, (m - have) * s_dwords);
    }
    for (size_t w = 0; short_tables && w < run_words; w++) {
        runs[w] |= short_starts[w];
    }
    for (size_t w = 0; w * WORD_BITS < n && !c->stopped_; w++) {
        uint64_t bits = runs[w];
        if (n - w * WORD_BITS < WORD_BITS) {
            bits &= ~(~UINT64_C(0) << (n - w * WORD_BITS));
        }
        while (bits != 0) {
            const unsigned j = (unsigned)__builtin_ctzll(bits);
            bits &= bits - 1;
            const uint64_t p = p0 + 4u * (w * WORD_BITS + j);
            mibtcpi_carve_run *run = run_of(c, k, p);
            if (!row_eligible(c, k, p) || p < run->next_) {
                continue;
            }
            examine(c, k, p, s->data + (p - s->base));
            follow(c, s, k, run);
        }
    }
}

static void examine_span(mibtcp_carver *c, const span *s)
{
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END; k++) {
        if (kind_enabled(c, k)) {
            follow_open_runs(c, s, k);
        }
    }
    uint64_t classes[CLASS_COUNT][CLASS_WORDS];
    const uint32_t step = position_step(c);
    for (uint32_t residue = 0; residue < 4; residue += step) {
        /* First position at or after from that is residue modulo 4. */
        const uint64_t p0 = s->from + ((residue + 4u - (uint32_t)(s->from % 4u)) % 4u);
        if (p0 >= s->to) {
            continue;
        }
        const size_t n = (size_t)((s->to - p0 + 3u) / 4u);
        /* The DWORDs that the rows of the positions' candidates start with. */
        const size_t class_words = (n + MAX_STRIDE / 4u + WORD_BITS - 1u) / WORD_BITS;
        if (!classify(s->data + (p0 - s->base), (size_t)((s->data_end - p0) / 4u), class_words, classes)) {
            continue;
        }
        for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END && !c->stopped_; k++) {
            if (kind_enabled(c, k)) {
                scan_kind(c, s, k, p0, n, classes, class_words);
            }
        }
    }
}

/* Positions [pos_, limit) of a window whose bytes start MAX_HEADER before pos_. */
static void examine_window(mibtcp_carver *c, const uint8_t *data, uint64_t base, uint64_t data_end, uint64_t limit)
{
    const uint32_t step = position_step(c);
    while (c->pos_ < limit && !c->stopped_) {
        const uint64_t room = (limit - c->pos_ + step - 1) / step;
        const uint64_t positions = room < SPAN_POSITIONS ? room : SPAN_POSITIONS;
        /* classify() reads DWORDs after the last position; at most CLASS_WORDS of them. */
        const uint64_t to = c->pos_ + positions * step;
        const uint64_t readable = data_end - c->pos_ < (uint64_t)CLASS_WORDS * WORD_BITS * 4u
                                      ? data_end
                                      : c->pos_ + (uint64_t)CLASS_WORDS * WORD_BITS * 4u;
        const span s = {data, base, readable, c->pos_, to};
        examine_span(c, &s);
        c->pos_ = to;
    }
}

/* ---- windows and regions ---- */

/* Keep the bytes from MAX_HEADER before pos_ (or the region's start) to end_. */
static void keep_tail(mibtcp_carver *c, const uint8_t *data, uint64_t data_start)
{
    /* pos_ is at most a position step past end_ - MAX_STRIDE: from <= end_. */
    const uint64_t from = c->pos_ - c->region_start_ >= MAX_HEADER ? c->pos_ - MAX_HEADER : c->region_start_;
    const size_t n = (size_t)(c->end_ - from);
    memmove(c->carry_, data + (from - data_start), n);
    c->carry_len_ = (uint32_t)n;
}

mibtcp_status mibtcp_carve_finish(mibtcp_carver *carver)
{
    if (carver == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (!carver->in_region_) {
        return MIBTCP_OK;
    }
    mibtcp_carver *c = carver;
    const uint64_t carry_start = c->end_ - c->carry_len_;
    examine_all(c, c->carry_, carry_start, c->end_, c->end_);
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END; k++) {
        for (uint32_t i = 0; kind_enabled(c, k) && i < mibtcpi_layouts[k].stride; i++) {
            mibtcpi_carve_run *run = &c->runs_[c->slot_base_[k] + i];
            if (run->rows_ > 0) {
                close_run(c, k, run);
            }
        }
    }
    memset(c->runs_, 0, sizeof c->runs_);
    c->in_region_ = false;
    c->carry_len_ = 0;
    return MIBTCP_OK;
}

mibtcp_status mibtcp_carve_feed(mibtcp_carver *carver, const void *buf, size_t len, uint64_t offset)
{
    if (carver == NULL || (buf == NULL && len > 0)) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    if (len == 0 || carver->stopped_) {
        return MIBTCP_OK;
    }
    if (offset > MIBTCP_CARVE_MAX_OFFSET - len) {
        return MIBTCP_ERR_BAD_ARGUMENT;
    }
    mibtcp_carver *c = carver;
    if (!c->in_region_ || offset != c->end_) {
        (void)mibtcp_carve_finish(c); /* c is not NULL: always MIBTCP_OK */
        c->in_region_ = true;
        c->region_start_ = offset;
        c->end_ = offset;
        c->pos_ = round_up(offset, position_step(c));
        c->carry_len_ = 0;
    }
    const uint8_t *window = buf;
    /* Positions whose rows straddle the previous window: exhaustively, from the carry. */
    const size_t take = len < CARRY_CAPACITY - c->carry_len_ ? len : CARRY_CAPACITY - c->carry_len_;
    const uint64_t carry_start = c->end_ - c->carry_len_;
    memcpy(c->carry_ + c->carry_len_, window, take);
    const uint64_t stitch_end = offset + take;
    const uint64_t ready = stitch_end - carry_start >= MAX_STRIDE ? stitch_end - MAX_STRIDE : carry_start;
    if (take == len) {
        examine_all(c, c->carry_, carry_start, stitch_end, ready);
        c->end_ = stitch_end;
        c->carry_len_ += (uint32_t)take;
        keep_tail(c, c->carry_, carry_start);
        return MIBTCP_OK;
    }
    /* The carry had room for more than MAX_STRIDE + MAX_HEADER new bytes, so
     * ready lies beyond offset + MAX_HEADER. */
    examine_all(c, c->carry_, carry_start, stitch_end, offset + MAX_HEADER);
    if (c->stopped_) {
        return MIBTCP_OK;
    }
    /* The rest of the window, prefiltered, straight from the caller's bytes. */
    c->end_ = offset + len;
    examine_window(c, window, offset, c->end_, c->end_ - MAX_STRIDE);
    if (c->stopped_) {
        return MIBTCP_OK; /* pos_ stayed in the window: its tail would not fit the carry */
    }
    keep_tail(c, window, offset);
    return MIBTCP_OK;
}

mibtcp_status mibtcp_carve_open_from(const mibtcp_carver *carver, uint64_t *from)
{
    if (carver == NULL || from == NULL) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    uint64_t earliest = UINT64_MAX;
    if (carver->stopped_) {
        *from = earliest; /* a stopped scan reports nothing more */
        return MIBTCP_OK;
    }
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCP_HEADER_KIND_END; k++) {
        for (uint32_t i = 0; kind_enabled(carver, k) && i < mibtcpi_layouts[k].stride; i++) {
            const mibtcpi_carve_run *run = &carver->runs_[carver->slot_base_[k] + i];
            if (run->rows_ > 0 && run->start_ < earliest) {
                earliest = run->start_;
            }
        }
    }
    *from = earliest;
    return MIBTCP_OK;
}
