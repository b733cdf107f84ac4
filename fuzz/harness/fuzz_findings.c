/* fuzz_findings: mibtcp_findings() of the table with the kind, policy and
 * buffer variant the input chooses (input_params.h); the replay engine runs
 * every kind, policy and variant.
 *
 * Invariants: the walk returns exactly mibtcp_open()'s status (also for bad
 * arguments); an ERROR finding is reported iff that status is not OK, and
 * severities follow the policy rules of mibtcp.h; findings come in buffer
 * order, point inside the buffer (or where it ends) and at rows the count declares, row
 * findings inside a row that lies wholly in the buffer; a row-level open
 * error is among the ERROR findings; a callback returning false stops the
 * walk at once (at the capacity parameter's finding, and at the last); the
 * walk is the same at an unaligned address as at the exact one; the
 * SCOPE_ID_LARGE findings are exactly those the reference decoder expects
 * (reference_decoder.c: every scope id above 0xFFFF in a whole row). */
#include <stdint.h>
#include <string.h>

#include "mibtcp_fast.h"
#include "oracles/reference_decoder.h"
#include "support/fuzz_bytes.h"
#include "support/input_params.h"
#include "support/input_variants.h"
#include "support/invariant.h"
#include "support/table_mutator_hooks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fingerprint of a sequence of SCOPE_ID_LARGE findings. */
typedef struct scope_tally {
    size_t count;
    uint64_t digest;
} scope_tally;

typedef struct walk_log {
    /* what the callback checks against */
    const uint8_t *buf;
    size_t len;
    mibtcp_kind kind;
    mibtcp_policy policy;
    size_t stop_after; /* the callback returns false on this finding */
    /* what it records */
    mibtcp_status status; /* of the walk */
    size_t seen;
    bool any_error;
    uint64_t last_offset;
    uint64_t digest;
    const mibtcp_error *open_error; /* row-level error of mibtcp_open(), or NULL */
    bool open_error_reported;
    scope_tally large_scope_ids;
} walk_log;

typedef enum severity_rule { ALWAYS_ERROR, ERROR_WHEN_STRICT, NEVER_ERROR, UNCONSTRAINED } severity_rule;

static severity_rule severity_rule_of(mibtcp_finding_code code)
{
    switch (code) {
    case MIBTCP_FINDING_BUFFER_TOO_SHORT:
    case MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER:
    case MIBTCP_FINDING_STATE_INVALID:
    case MIBTCP_FINDING_OFFLOAD_STATE_INVALID: return ALWAYS_ERROR;
    case MIBTCP_FINDING_PORT_HIGH_BITS:
    case MIBTCP_FINDING_TRAILING_WHOLE_ROWS:
    case MIBTCP_FINDING_TRAILING_PARTIAL:
    case MIBTCP_FINDING_HEADER_INCOMPLETE:
    case MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS: return ERROR_WHEN_STRICT;
    case MIBTCP_FINDING_TRUNCATED_ROW: return UNCONSTRAINED; /* always reported next to COUNT_EXCEEDS_BUFFER */
    default: return NEVER_ERROR;
    }
}

static uint64_t mix(uint64_t digest, uint64_t value)
{
    for (size_t i = 0; i < 8; ++i) {
        digest = (digest ^ ((value >> (8 * i)) & 0xffu)) * UINT64_C(0x100000001b3);
    }
    return digest;
}

#define DIGEST_START UINT64_C(0xcbf29ce484222325)

static void tally_scope_id(void *ctx, int64_t row, mibtcp_field field, uint64_t offset, uint64_t value)
{
    scope_tally *tally = ctx;
    uint64_t digest = mix(tally->digest, (uint64_t)row);
    digest = mix(digest, (uint64_t)field);
    digest = mix(digest, offset);
    tally->digest = mix(digest, value);
    ++tally->count;
}

static void check_row_finding(const walk_log *log, const mibtcp_finding *finding)
{
    FUZZ_REQUIRE(log->len >= 4);
    FUZZ_REQUIRE(finding->row >= 0 && (uint64_t)finding->row < fuzz_load_le32(log->buf));
    if (finding->code == MIBTCP_FINDING_TRUNCATED_ROW) {
        return;
    }
    size_t header = mibtcp_layout_known(log->kind).header, stride = mibtcp_layout_known(log->kind).stride;
    uint64_t row_start = header + (uint64_t)finding->row * stride;
    FUZZ_REQUIRE(row_start + stride <= log->len);
    FUZZ_REQUIRE(finding->offset >= row_start && finding->offset < row_start + stride);
}

static bool on_finding(void *ctx, const mibtcp_finding *finding)
{
    walk_log *log = ctx;
    FUZZ_REQUIRE((size_t)finding->code < mibtcp_finding_count());
    FUZZ_REQUIRE((unsigned)finding->severity <= (unsigned)MIBTCP_SEVERITY_ERROR);
    FUZZ_REQUIRE((unsigned)finding->field < (unsigned)KIT_FIELD_COUNT);
    FUZZ_REQUIRE(strcmp(mibtcp_finding_name(finding->code), "?") != 0);
    FUZZ_REQUIRE(mibtcp_finding_str(finding->code) != NULL);
    FUZZ_REQUIRE(mibtcp_severity_name(finding->severity) != NULL);

    FUZZ_REQUIRE(log->seen == 0 || finding->offset >= log->last_offset);
    /* Inside the buffer; a buffer that ends early is pointed at where it ends. */
    bool points_at_end =
        finding->code == MIBTCP_FINDING_HEADER_INCOMPLETE || finding->code == MIBTCP_FINDING_BUFFER_TOO_SHORT;
    FUZZ_REQUIRE(finding->offset < log->len || (points_at_end && finding->offset <= log->len));
    if (finding->row != MIBTCP_NO_ROW) {
        check_row_finding(log, finding);
    }

    bool is_error = finding->severity == MIBTCP_SEVERITY_ERROR;
    bool strict = log->policy == MIBTCP_POLICY_STRICT;
    switch (severity_rule_of(finding->code)) {
    case ALWAYS_ERROR: FUZZ_REQUIRE(is_error); break;
    case ERROR_WHEN_STRICT: FUZZ_REQUIRE(is_error == strict); break;
    case NEVER_ERROR: FUZZ_REQUIRE(!is_error); break;
    case UNCONSTRAINED: break;
    }
    if (finding->code == MIBTCP_FINDING_SCOPE_ID_LARGE) {
        tally_scope_id(&log->large_scope_ids, finding->row, finding->field, finding->offset, finding->value);
    }
    if (is_error && log->open_error != NULL && finding->row == log->open_error->row &&
        finding->offset == log->open_error->offset) {
        log->open_error_reported = true;
    }

    log->any_error = log->any_error || is_error;
    log->last_offset = finding->offset;
    uint64_t digest = mix(log->digest, (uint64_t)finding->code);
    digest = mix(digest, (uint64_t)finding->severity);
    digest = mix(digest, (uint64_t)finding->row);
    digest = mix(digest, (uint64_t)finding->field);
    digest = mix(digest, finding->offset);
    log->digest = mix(digest, finding->value);
    ++log->seen;
    FUZZ_REQUIRE(log->stop_after == 0 || log->seen <= log->stop_after);
    return log->seen != log->stop_after;
}

static walk_log walk(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, size_t stop_after,
                     mibtcp_status expected, const mibtcp_error *open_error)
{
    walk_log log;
    memset(&log, 0, sizeof log);
    log.buf = buf;
    log.len = len;
    log.kind = kind;
    log.policy = policy;
    log.stop_after = stop_after;
    log.digest = DIGEST_START;
    log.large_scope_ids.digest = DIGEST_START;
    log.open_error = open_error;
    log.status = mibtcp_findings(buf, len, kind, policy, on_finding, &log);
    FUZZ_REQUIRE(log.status == expected);
    return log;
}

/* One full walk, checked against mibtcp_open(); then walks stopped early,
 * after finding 1 + stop_choice % (findings) and after the last. */
static walk_log check_walks(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, uint8_t stop_choice)
{
    mibtcp_view view;
    mibtcp_error err;
    mibtcp_status status = mibtcp_open(&view, buf, len, kind, policy, &err);
    const mibtcp_error *row_error = status != MIBTCP_OK && err.row != MIBTCP_NO_ROW ? &err : NULL;

    walk_log full = walk(buf, len, kind, policy, 0, status, row_error);
    FUZZ_REQUIRE(full.any_error == (status != MIBTCP_OK));
    FUZZ_REQUIRE(row_error == NULL || full.open_error_reported);
    FUZZ_REQUIRE(mibtcp_findings(buf, len, kind, policy, NULL, NULL) == status);
    scope_tally expected_scope_ids = {0, DIGEST_START};
    ref_large_scope_ids(buf, len, kind, tally_scope_id, &expected_scope_ids);
    FUZZ_REQUIRE(full.large_scope_ids.count == expected_scope_ids.count &&
                 full.large_scope_ids.digest == expected_scope_ids.digest);

    if (full.seen > 0) {
        size_t stop_after = 1u + stop_choice % full.seen;
        FUZZ_REQUIRE(walk(buf, len, kind, policy, stop_after, status, NULL).seen == stop_after);
        walk_log most = walk(buf, len, kind, policy, full.seen, status, NULL);
        FUZZ_REQUIRE(most.seen == full.seen && most.digest == full.digest);
    }
    return full;
}

static void require_same_walk(const walk_log *a, const walk_log *b)
{
    FUZZ_REQUIRE(a->seen == b->seen && a->digest == b->digest);
}

/* Every variant and policy of one kind; the exact and unaligned walks agree. */
static void check_every_chain(const uint8_t *table, size_t len, mibtcp_kind kind, uint8_t stop_choice)
{
    walk_log by_variant[FUZZ_VARIANT_COUNT_][2];
    for (int v = 0; v < (int)FUZZ_VARIANT_COUNT_; ++v) {
        fuzz_buffer buffer = fuzz_buffer_make((fuzz_variant)v, table, len, kind);
        for (size_t p = 0; p < 2; ++p) {
            by_variant[v][p] = check_walks(buffer.data, buffer.len, kind, fuzz_policies[p], stop_choice);
        }
        fuzz_buffer_free(&buffer);
    }
    for (size_t p = 0; p < 2; ++p) {
        require_same_walk(&by_variant[FUZZ_VARIANT_EXACT][p], &by_variant[FUZZ_VARIANT_UNALIGNED][p]);
    }
}

/* The chain the input chose; an unaligned one is compared with the exact walk. */
static void check_chosen_chain(const fuzz_table_input *input)
{
    const fuzz_params *chosen = &input->params;
    fuzz_buffer buffer = fuzz_buffer_make(chosen->variant, input->table, input->len, chosen->kind);
    walk_log log = check_walks(buffer.data, buffer.len, chosen->kind, chosen->policy, chosen->capacity);
    if (chosen->variant == FUZZ_VARIANT_UNALIGNED) {
        fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input->table, input->len, chosen->kind);
        walk_log at_exact = walk(exact.data, exact.len, chosen->kind, chosen->policy, 0, log.status, NULL);
        require_same_walk(&log, &at_exact);
        fuzz_buffer_free(&exact);
    }
    fuzz_buffer_free(&buffer);
}

/* The walk's status equals mibtcp_open()'s for bad arguments too. */
static void check_bad_arguments(const uint8_t *data, size_t size)
{
    mibtcp_view view;
    const mibtcp_kind bad_kinds[] = {MIBTCP_KIND_UNKNOWN, (mibtcp_kind)(KIT_KIND_COUNT + 1)};
    for (size_t i = 0; i < sizeof bad_kinds / sizeof bad_kinds[0]; ++i) {
        FUZZ_REQUIRE(mibtcp_findings(data, size, bad_kinds[i], MIBTCP_POLICY_LENIENT, NULL, NULL) ==
                     mibtcp_open(&view, data, size, bad_kinds[i], MIBTCP_POLICY_LENIENT, NULL));
    }
    FUZZ_REQUIRE(mibtcp_findings(data, size, MIBTCP_KIND_TCP6_MODULE, (mibtcp_policy)2, NULL, NULL) ==
                 mibtcp_open(&view, data, size, MIBTCP_KIND_TCP6_MODULE, (mibtcp_policy)2, NULL));
    FUZZ_REQUIRE(mibtcp_findings(NULL, size, MIBTCP_KIND_TCP6_MODULE, MIBTCP_POLICY_STRICT, NULL, NULL) ==
                 mibtcp_open(&view, NULL, size, MIBTCP_KIND_TCP6_MODULE, MIBTCP_POLICY_STRICT, NULL));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_table_input input = fuzz_table_input_read(data, size);
    fuzz_buffer exact = fuzz_buffer_make(FUZZ_VARIANT_EXACT, input.table, input.len, MIBTCP_KIND_UNKNOWN);
    check_bad_arguments(exact.data, exact.len);
    fuzz_buffer_free(&exact);
    if (FUZZ_EXHAUSTIVE) {
        for (size_t k = 0; k < FUZZ_KIND_COUNT; ++k) {
            check_every_chain(input.table, input.len, fuzz_kind_at(k), input.params.capacity);
        }
    } else {
        check_chosen_chain(&input);
    }
    return 0;
}
