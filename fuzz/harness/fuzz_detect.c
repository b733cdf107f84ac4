/* fuzz_detect: mibtcp_detect(), mibtcp_evidence_of(), mibtcp_row_evidence()
 * and mibtcp_rows_evidence() on the table as is, at an odd address or with
 * its count fitted to a kind, at a candidate capacity, as the input chooses
 * (input_params.h), comparing the evidence API and the row scorer for the
 * chosen kind; the replay engine runs every variant, every kind's fitted
 * count, every capacity and every kind's comparisons.
 *
 * Invariants: every kind is a candidate once when the input has 4 bytes or
 * more (none below), best evidence first; `valid` exactly when mibtcp_open()
 * accepts it (lenient); the evidence equals mibtcp_evidence_of()'s total and
 * its rows and trailing bytes; for a table whose rows fit, the evidence is the
 * run scorer's for the rows plus the length arithmetic (and +-1 bit of header
 * padding); probabilities (the kinds' and "not a table") are percentages
 * summing to at most 100, not growing down the ranking; "decided" never comes
 * without positive evidence above MIBTCP_DETECT_THRESHOLD_BITS and a lead of
 * MIBTCP_DETECT_MARGIN_BITS, "ambiguous" below the threshold only for a
 * buffer the leading kind fills exactly with a valid table; a smaller capacity writes exactly a prefix of the
 * full ranking and nothing past it (the candidate array is an exact-size
 * allocation), with written <= capacity and written <= total; the same bytes
 * at another address rank the same; the row scorer reads only its row. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mibtcp_fast.h"
#include "support/input_params.h"
#include "support/input_variants.h"
#include "support/invariant.h"
#include "support/table_mutator_hooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ranking {
    mibtcp_status status;
    mibtcp_detection detection;
    mibtcp_candidate candidates[FUZZ_KIND_COUNT];
} ranking;

enum {
    THRESHOLD = MIBTCP_DETECT_THRESHOLD_BITS * MIBTCP_EVIDENCE_PER_BIT,
    MARGIN = MIBTCP_DETECT_MARGIN_BITS * MIBTCP_EVIDENCE_PER_BIT
};

static bool same_candidate(const mibtcp_candidate *a, const mibtcp_candidate *b)
{
    return a->kind == b->kind && a->evidence == b->evidence && a->confidence == b->confidence && a->valid == b->valid &&
           a->rows_promised == b->rows_promised && a->rows_present == b->rows_present && a->trailing == b->trailing;
}

static void require_same_ranking(const ranking *a, const ranking *b)
{
    FUZZ_REQUIRE(a->status == b->status && a->detection.total == b->detection.total &&
                 a->detection.written == b->detection.written && a->detection.verdict == b->detection.verdict &&
                 a->detection.not_a_table == b->detection.not_a_table);
    for (size_t i = 0; i < a->detection.written; ++i) {
        FUZZ_REQUIRE(same_candidate(&a->candidates[i], &b->candidates[i]));
    }
}

/* The evidence API agrees with the ranking, and the run scorer with the rows. */
/* The scorers' evidence, once they said MIBTCP_OK. */
static int32_t row_evidence(mibtcp_kind kind, const uint8_t *row)
{
    int32_t e = 0;
    FUZZ_REQUIRE(mibtcp_row_evidence(kind, row, &e) == MIBTCP_OK);
    return e;
}

static int64_t rows_evidence(mibtcp_kind kind, const uint8_t *rows, size_t count)
{
    int64_t e = 0;
    FUZZ_REQUIRE(mibtcp_rows_evidence(kind, rows, count, &e) == MIBTCP_OK);
    return e;
}

static void require_consistent_evidence(const mibtcp_candidate *c, const uint8_t *buf, size_t len)
{
    mibtcp_evidence e;
    FUZZ_REQUIRE(mibtcp_evidence_of(buf, len, c->kind, &e) == MIBTCP_OK);
    FUZZ_REQUIRE(e.kind == c->kind && e.total == c->evidence);
    FUZZ_REQUIRE(e.rows_promised == c->rows_promised && e.rows_present == c->rows_present);
    FUZZ_REQUIRE(e.trailing == c->trailing && e.rows_present <= e.rows_promised);
    FUZZ_REQUIRE(e.slack_unexplained <= e.trailing && e.slack_fill <= e.trailing);
    /* A table whose rows all fit: its evidence is the run scorer's for the rows,
     * plus the length arithmetic, plus +-1 bit for the header padding of 8-byte headers. */
    const size_t header = mibtcp_layout_known(c->kind).header;
    if (e.rows_present > 0 && e.rows_present == e.rows_promised) {
        const int64_t header_part = e.total - e.length - rows_evidence(c->kind, buf + header, e.rows_present);
        FUZZ_REQUIRE(header == 4 ? header_part == 0
                                 : header_part == MIBTCP_EVIDENCE_PER_BIT || header_part == -MIBTCP_EVIDENCE_PER_BIT);
    }
}

/* The evidence API is compared for @p evidence_kind's candidate (for every
 * candidate in the replay engine): each comparison rescans the table. */
static void require_consistent_with_open(const ranking *full, const uint8_t *buf, size_t len, mibtcp_kind evidence_kind)
{
    FUZZ_REQUIRE(full->detection.total == (len < 4 ? 0 : FUZZ_KIND_COUNT));
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        mibtcp_kind kind = fuzz_kind_at(k);
        mibtcp_view view;
        const bool valid = mibtcp_open(&view, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK;
        size_t listed = 0;
        for (size_t i = 0; i < full->detection.written; ++i) {
            const mibtcp_candidate *candidate = &full->candidates[i];
            if (candidate->kind != kind) {
                continue;
            }
            ++listed;
            FUZZ_REQUIRE(candidate->valid == valid);
            if (valid) {
                FUZZ_REQUIRE(candidate->rows_promised == mibtcp_view_count(&view));
                FUZZ_REQUIRE(candidate->trailing == mibtcp_view_trailing(&view));
            }
            if (FUZZ_EXHAUSTIVE || kind == evidence_kind) {
                require_consistent_evidence(candidate, buf, len);
            }
        }
        FUZZ_REQUIRE(listed == (len < 4 ? 0u : 1u));
    }
}

static void require_ordered(const ranking *full)
{
    uint32_t probability_sum = full->detection.not_a_table;
    FUZZ_REQUIRE(full->detection.not_a_table <= 100);
    for (size_t i = 0; i < full->detection.written; ++i) {
        const mibtcp_candidate *candidate = &full->candidates[i];
        FUZZ_REQUIRE(candidate->confidence <= 100);
        probability_sum += candidate->confidence;
        if (i > 0) {
            FUZZ_REQUIRE(candidate->evidence <= full->candidates[i - 1].evidence);
            FUZZ_REQUIRE(candidate->confidence <= full->candidates[i - 1].confidence);
        }
    }
    FUZZ_REQUIRE(probability_sum <= 100);
}

/* Does the leading kind fill the buffer exactly with a valid table (rows, or
 * its header alone) whose content does not weigh against it? */
static bool exact_table(const ranking *full, size_t len)
{
    const mibtcp_candidate *c = full->candidates;
    return full->detection.total > 0 && c[0].valid && c[0].trailing == 0 &&
           (c[0].rows_present >= 1 || len == mibtcp_layout_known(c[0].kind).header) &&
           (c[0].evidence > 0 || c[0].rows_promised == 0);
}

/* "Decided" only on positive evidence above the threshold and ahead by the
 * margin; below the threshold, ambiguous only for an exact valid table. */
static void require_verdict(const ranking *full, size_t len)
{
    const mibtcp_detection *d = &full->detection;
    const mibtcp_candidate *c = full->candidates;
    if (full->status == MIBTCP_OK) {
        FUZZ_REQUIRE(d->verdict == MIBTCP_VERDICT_DECIDED && d->total > 0);
        FUZZ_REQUIRE(c[0].evidence > 0 && c[0].evidence >= THRESHOLD);
        FUZZ_REQUIRE(d->total == 1 || c[0].evidence - c[1].evidence >= MARGIN);
    } else if (full->status == MIBTCP_ERR_AMBIGUOUS) {
        FUZZ_REQUIRE(d->verdict == MIBTCP_VERDICT_AMBIGUOUS && d->total > 1);
        FUZZ_REQUIRE((c[0].evidence >= THRESHOLD && c[0].evidence - c[1].evidence < MARGIN) ||
                     (c[0].evidence < THRESHOLD && exact_table(full, len)));
    } else {
        FUZZ_REQUIRE(full->status == MIBTCP_ERR_NOT_DETECTED && d->verdict == MIBTCP_VERDICT_NOT_A_TABLE);
        FUZZ_REQUIRE(d->total == 0 || (c[0].evidence < THRESHOLD && !exact_table(full, len)));
    }
}

/* A capacity below the full count: exactly the prefix, nothing past it. */
static void require_prefix_at_capacity(const ranking *full, const uint8_t *buf, size_t len, size_t capacity)
{
    mibtcp_candidate *candidates = NULL;
    if (capacity > 0) {
        candidates = malloc(capacity * sizeof *candidates);
        FUZZ_REQUIRE(candidates != NULL);
    }
    mibtcp_detection d;
    memset(&d, 0xa5, sizeof d);
    FUZZ_REQUIRE(mibtcp_detect(buf, len, candidates, capacity, &d) == full->status);
    FUZZ_REQUIRE(d.total == full->detection.total && d.verdict == full->detection.verdict);
    FUZZ_REQUIRE(d.written <= capacity && d.written <= d.total);
    FUZZ_REQUIRE(d.written == (capacity < d.total ? capacity : d.total));
    for (size_t i = 0; i < d.written; ++i) {
        FUZZ_REQUIRE(same_candidate(&candidates[i], &full->candidates[i]));
    }
    free(candidates);
}

static ranking rank(const uint8_t *buf, size_t len)
{
    ranking full;
    memset(&full, 0, sizeof full);
    full.status = mibtcp_detect(buf, len, full.candidates, FUZZ_KIND_COUNT, &full.detection);
    return full;
}

/* Capacities: the one @p capacity_choice picks up to the full count, or all. */
static ranking check_detect(const uint8_t *buf, size_t len, uint8_t capacity_choice, mibtcp_kind evidence_kind)
{
    ranking full = rank(buf, len);
    FUZZ_REQUIRE(full.detection.written == full.detection.total && full.detection.total <= FUZZ_KIND_COUNT);
    require_consistent_with_open(&full, buf, len, evidence_kind);
    require_ordered(&full);
    require_verdict(&full, len);
    if (FUZZ_EXHAUSTIVE) {
        for (size_t capacity = 0; capacity <= full.detection.total; ++capacity) {
            require_prefix_at_capacity(&full, buf, len, capacity);
        }
    } else {
        require_prefix_at_capacity(&full, buf, len, capacity_choice % (full.detection.total + 1u));
    }
    ranking again = rank(buf, len);
    require_same_ranking(&full, &again);
    return full;
}

static void check_bad_arguments(const uint8_t *buf, size_t len)
{
    mibtcp_candidate candidate;
    mibtcp_detection d;
    FUZZ_REQUIRE(mibtcp_detect(NULL, len, &candidate, 1, &d) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_detect(buf, len, &candidate, 1, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_detect(buf, len, NULL, 1, &d) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_detect_sized(buf, len, &candidate, sizeof candidate, 1, &d, sizeof d + 1) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_detect_sized(buf, len, &candidate, sizeof candidate, 1, &d, sizeof d - 1) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_detect_sized(buf, len, &candidate, sizeof candidate - 1, 1, &d, sizeof d) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_detect_sized(buf, len, &candidate, sizeof candidate + 1, 1, &d, sizeof d) ==
                 MIBTCP_ERR_ABI_MISMATCH);
    mibtcp_evidence e;
    FUZZ_REQUIRE(mibtcp_evidence_of_sized(buf, len, MIBTCP_KIND_TCP4_PID, &e, sizeof e - 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_evidence_of(buf, len, MIBTCP_KIND_UNKNOWN, &e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_evidence_of_sized(buf, len, MIBTCP_KIND_TCP4_PID, &e, sizeof e + 1) == MIBTCP_ERR_ABI_MISMATCH);
    FUZZ_REQUIRE(mibtcp_evidence_of(NULL, len, MIBTCP_KIND_TCP4_PID, &e) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_evidence_of(buf, len, MIBTCP_KIND_TCP4_PID, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    int32_t row_e = 7;
    int64_t rows_e = 7;
    FUZZ_REQUIRE(mibtcp_row_evidence(MIBTCP_KIND_UNKNOWN, buf, &row_e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_rows_evidence(MIBTCP_KIND_UNKNOWN, buf, 1, &rows_e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_row_evidence(MIBTCP_KIND_TCP4_PID, NULL, &row_e) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_rows_evidence(MIBTCP_KIND_TCP4_PID, NULL, 1, &rows_e) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_row_evidence(MIBTCP_KIND_TCP4_PID, buf, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_rows_evidence(MIBTCP_KIND_TCP4_PID, buf, 1, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    /* Past the last kind, where a table indexed by kind would end. */
    const mibtcp_kind beyond = (mibtcp_kind)(FUZZ_KIND_COUNT + 1);
    FUZZ_REQUIRE(mibtcp_evidence_of(buf, len, beyond, &e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_row_evidence(beyond, buf, &row_e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(mibtcp_rows_evidence(beyond, buf, 1, &rows_e) == MIBTCP_ERR_UNKNOWN_KIND);
    FUZZ_REQUIRE(row_e == 7 && rows_e == 7); /* refusals write nothing */
}

/* A buffer too short for dwNumEntries scores nothing for any kind, and says
 * so (detection ranks no kind for it). */
static void check_short_evidence(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    if (len >= 4) {
        return;
    }
    mibtcp_evidence e;
    memset(&e, 0xa5, sizeof e);
    FUZZ_REQUIRE(mibtcp_evidence_of(buf, len, kind, &e) == MIBTCP_OK);
    FUZZ_REQUIRE(e.kind == kind && e.total == 0 && e.length == 0);
    FUZZ_REQUIRE(e.rows_promised == 0 && e.rows_present == 0 && e.trailing == 0);
    FUZZ_REQUIRE(e.slack_stale_rows == 0 && e.slack_fill == 0 && e.slack_unexplained == 0);
    FUZZ_REQUIRE(e.state.checked == 0 && e.repeated_row.checked == 0);
}

/* The row scorer of @p kind on every whole row-sized window of the input,
 * as a carving scanner calls it: no read past the window (ASan), and a run
 * of one row scores what the row scores. */
static void check_row_windows(const uint8_t *buf, size_t len, mibtcp_kind kind)
{
    const size_t stride = mibtcp_layout_known(kind).stride;
    for (size_t at = 0; at + stride <= len && at < 64; ++at) {
        FUZZ_REQUIRE(rows_evidence(kind, buf + at, 1) == row_evidence(kind, buf + at));
    }
    if (len >= stride) {
        (void)rows_evidence(kind, buf, len / stride);
    }
}

/* The chain the input chose; an unaligned table ranks as the exact one. */
static void check_chosen_chain(const fuzz_table_input *input)
{
    const fuzz_params *chosen = &input->params;
    fuzz_buffer buffer = fuzz_buffer_make(chosen->variant, input->table, input->len, chosen->kind);
    ranking ranked = check_detect(buffer.data, buffer.len, chosen->capacity, chosen->kind);
    if (chosen->variant == FUZZ_VARIANT_UNALIGNED) {
        fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input->table, input->len, chosen->kind);
        ranking at_exact = rank(exact.data, exact.len);
        require_same_ranking(&at_exact, &ranked);
        fuzz_buffer_free(&exact);
    }
    fuzz_buffer_free(&buffer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_table_input input = fuzz_table_input_read(data, size);
    fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input.table, input.len, MIBTCP_KIND_UNKNOWN);
    check_bad_arguments(exact.data, exact.len);
    if (!FUZZ_EXHAUSTIVE) {
        check_short_evidence(exact.data, exact.len, input.params.kind);
        check_row_windows(exact.data, exact.len, input.params.kind);
        fuzz_buffer_free(&exact);
        check_chosen_chain(&input);
        return 0;
    }
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        check_short_evidence(exact.data, exact.len, fuzz_kind_at(k));
        check_row_windows(exact.data, exact.len, fuzz_kind_at(k));
    }
    fuzz_buffer unaligned = fuzz_buffer_make(FUZZ_VARIANT_UNALIGNED, input.table, input.len, MIBTCP_KIND_UNKNOWN);
    ranking at_exact = check_detect(exact.data, exact.len, input.params.capacity, MIBTCP_KIND_UNKNOWN);
    ranking at_unaligned = check_detect(unaligned.data, unaligned.len, input.params.capacity, MIBTCP_KIND_UNKNOWN);
    require_same_ranking(&at_exact, &at_unaligned);
    fuzz_buffer_free(&exact);
    fuzz_buffer_free(&unaligned);
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        fuzz_buffer fitted = fuzz_buffer_make(FUZZ_VARIANT_COUNT_FITTED, input.table, input.len, fuzz_kind_at(k));
        check_detect(fitted.data, fitted.len, input.params.capacity, MIBTCP_KIND_UNKNOWN);
        fuzz_buffer_free(&fitted);
    }
    return 0;
}
