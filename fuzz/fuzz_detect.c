/* fuzz_detect: mibtcp_detect() on the table as is, at an odd address or
 * with its count fitted to a kind, at a candidate capacity, as the input
 * chooses (input_params.h); the replay engine runs every variant, every
 * kind's fitted count and every capacity.
 *
 * Invariants: the candidates are exactly the kinds whose dwNumEntries rows
 * fit (mibtcp_open() fails with neither ERR_TOO_SHORT nor
 * ERR_COUNT_EXCEEDS_BUFFER), each once, best score first, `valid` exactly
 * when mibtcp_open() accepts it (lenient), with the view's rows and trailing
 * bytes when valid; confidences are percentages that do not grow
 * down the ranking; the status follows from the number of candidates and the
 * lead of the first (MIBTCP_DETECT_MARGIN_BITS); a smaller capacity writes
 * exactly a prefix of the full ranking and nothing past it (the candidate
 * array is an exact-size allocation) and changes neither status nor count;
 * the same bytes at another address rank the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input_params.h"
#include "input_variants.h"
#include "invariant.h"
#include "mibtcp.h"
#include "table_mutator_hooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct ranking {
    mibtcp_status status;
    size_t found;
    mibtcp_candidate candidates[FUZZ_KIND_COUNT];
} ranking;

static bool same_candidate(const mibtcp_candidate *a, const mibtcp_candidate *b)
{
    const mibtcp_detect_evidence *x = &a->evidence, *y = &b->evidence;
    return a->kind == b->kind && a->score == b->score && a->confidence == b->confidence && a->valid == b->valid &&
           x->rows == y->rows && x->states_invalid == y->states_invalid && x->offloads_invalid == y->offloads_invalid &&
           x->scope_ids == y->scope_ids && x->scope_ids_large == y->scope_ids_large &&
           x->trailing == y->trailing && x->states == y->states && x->states_reserved == y->states_reserved &&
           x->ports == y->ports && x->ports_high_bits == y->ports_high_bits && x->pids == y->pids &&
           x->pids_unaligned == y->pids_unaligned && x->timestamps == y->timestamps &&
           x->timestamps_zero == y->timestamps_zero && x->timestamps_implausible == y->timestamps_implausible &&
           x->paddings == y->paddings && x->paddings_dirty == y->paddings_dirty && x->flags == y->flags &&
           x->flags_unknown == y->flags_unknown && x->offloads == y->offloads &&
           x->listen_remote_set == y->listen_remote_set;
}

static void require_same_ranking(const ranking *a, const ranking *b)
{
    FUZZ_REQUIRE(a->status == b->status && a->found == b->found);
    for (size_t i = 0; i < a->found; ++i) {
        FUZZ_REQUIRE(same_candidate(&a->candidates[i], &b->candidates[i]));
    }
}

static void require_consistent_with_open(const ranking *full, const uint8_t *buf, size_t len)
{
    size_t accepted = 0;
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        mibtcp_kind kind = fuzz_kind_at(k);
        mibtcp_view view;
        const mibtcp_status status = mibtcp_open(&view, buf, len, kind, MIBTCP_POLICY_LENIENT, NULL);
        const bool valid = status == MIBTCP_OK;
        const bool fits = status != MIBTCP_ERR_TOO_SHORT && status != MIBTCP_ERR_COUNT_EXCEEDS_BUFFER;
        size_t listed = 0;
        for (size_t i = 0; i < full->found; ++i) {
            const mibtcp_candidate *candidate = &full->candidates[i];
            if (candidate->kind != kind) {
                continue;
            }
            ++listed;
            FUZZ_REQUIRE(candidate->valid == valid);
            if (valid) {
                FUZZ_REQUIRE(candidate->evidence.rows == mibtcp_view_count(&view));
                FUZZ_REQUIRE(candidate->evidence.trailing == mibtcp_view_trailing(&view));
            }
        }
        FUZZ_REQUIRE(listed == (fits ? 1u : 0u));
        accepted += fits ? 1u : 0u;
    }
    FUZZ_REQUIRE(full->found == accepted);
}

static void require_ordered(const ranking *full)
{
    uint32_t confidence_sum = 0;
    for (size_t i = 0; i < full->found; ++i) {
        const mibtcp_candidate *candidate = &full->candidates[i];
        FUZZ_REQUIRE(candidate->confidence <= 100);
        confidence_sum += candidate->confidence;
        if (i > 0) {
            FUZZ_REQUIRE(candidate->score <= full->candidates[i - 1].score);
            FUZZ_REQUIRE(candidate->confidence <= full->candidates[i - 1].confidence);
        }
    }
    FUZZ_REQUIRE(confidence_sum <= 100);
}

static void require_status(const ranking *full)
{
    if (full->found == 0) {
        FUZZ_REQUIRE(full->status == MIBTCP_ERR_NOT_DETECTED);
    } else if (full->found == 1) {
        FUZZ_REQUIRE(full->status == MIBTCP_OK);
    } else {
        int64_t lead = full->candidates[0].score - full->candidates[1].score;
        if (lead > MIBTCP_DETECT_MARGIN_BITS) {
            FUZZ_REQUIRE(full->status == MIBTCP_OK);
        } else if (lead < MIBTCP_DETECT_MARGIN_BITS) {
            FUZZ_REQUIRE(full->status == MIBTCP_ERR_AMBIGUOUS);
        } else {
            FUZZ_REQUIRE(full->status == MIBTCP_OK || full->status == MIBTCP_ERR_AMBIGUOUS);
        }
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
    size_t found = SIZE_MAX;
    FUZZ_REQUIRE(mibtcp_detect(buf, len, candidates, capacity, &found) == full->status);
    FUZZ_REQUIRE(found == full->found);
    for (size_t i = 0; i < capacity && i < found; ++i) {
        FUZZ_REQUIRE(same_candidate(&candidates[i], &full->candidates[i]));
    }
    free(candidates);
}

static ranking rank(const uint8_t *buf, size_t len)
{
    ranking full;
    memset(&full, 0, sizeof full);
    full.found = SIZE_MAX;
    full.status = mibtcp_detect(buf, len, full.candidates, FUZZ_KIND_COUNT, &full.found);
    return full;
}

/* Capacities: the one @p capacity_choice picks below the full count, or all. */
static ranking check_detect(const uint8_t *buf, size_t len, uint8_t capacity_choice)
{
    ranking full = rank(buf, len);
    FUZZ_REQUIRE(full.found <= FUZZ_KIND_COUNT);
    require_consistent_with_open(&full, buf, len);
    require_ordered(&full);
    require_status(&full);
    if (FUZZ_EXHAUSTIVE) {
        for (size_t capacity = 0; capacity <= full.found; ++capacity) {
            require_prefix_at_capacity(&full, buf, len, capacity);
        }
    } else {
        require_prefix_at_capacity(&full, buf, len, capacity_choice % (full.found + 1u));
    }
    ranking again = rank(buf, len);
    require_same_ranking(&full, &again);
    return full;
}

static void check_null_arguments(const uint8_t *buf, size_t len)
{
    mibtcp_candidate candidate;
    size_t found;
    FUZZ_REQUIRE(mibtcp_detect(NULL, len, &candidate, 1, &found) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_detect(buf, len, &candidate, 1, NULL) == MIBTCP_ERR_NULL_ARGUMENT);
    FUZZ_REQUIRE(mibtcp_detect(buf, len, NULL, 1, &found) == MIBTCP_ERR_NULL_ARGUMENT);
}

/* The chain the input chose; an unaligned table ranks as the exact one. */
static void check_chosen_chain(const fuzz_table_input *input)
{
    const fuzz_params *chosen = &input->params;
    fuzz_buffer buffer = fuzz_buffer_make(chosen->variant, input->table, input->len, chosen->kind);
    ranking ranked = check_detect(buffer.data, buffer.len, chosen->capacity);
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
    check_null_arguments(exact.data, exact.len);
    if (!FUZZ_EXHAUSTIVE) {
        fuzz_buffer_free(&exact);
        check_chosen_chain(&input);
        return 0;
    }
    fuzz_buffer unaligned = fuzz_buffer_make(FUZZ_VARIANT_UNALIGNED, input.table, input.len, MIBTCP_KIND_UNKNOWN);
    ranking at_exact = check_detect(exact.data, exact.len, input.params.capacity);
    ranking at_unaligned = check_detect(unaligned.data, unaligned.len, input.params.capacity);
    require_same_ranking(&at_exact, &at_unaligned);
    fuzz_buffer_free(&exact);
    fuzz_buffer_free(&unaligned);
    for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
        fuzz_buffer fitted = fuzz_buffer_make(FUZZ_VARIANT_COUNT_FITTED, input.table, input.len, fuzz_kind_at(k));
        check_detect(fitted.data, fitted.len, input.params.capacity);
        fuzz_buffer_free(&fitted);
    }
    return 0;
}
