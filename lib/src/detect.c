/* Kind detection, built on the findings walk: the scanner already knows
 * every anomaly; detection only weighs them against the checks that passed.
 * Scores are rough log-odds in bits: how much less likely the observation
 * would be if the bytes were not this kind. */
#include "layout.h"
#include "load_le.h"

/* Evidence weights in bits. Passing checks that random bytes rarely pass
 * weigh most (a state DWORD in 1..12 or 100; flags in {0, 1}; an offload
 * state in 0..3); anomalies Windows itself produces (dirty padding, port
 * upper bits) weigh little against. */
enum {
    BITS_EXACT_LENGTH = 8,
    BITS_WHOLE_ROW_SLACK = 2,
    BITS_STATE = 16,
    BITS_STATE_RESERVED = 8,
    BITS_STATE_INVALID = -16,
    BITS_PORT_CLEAN = 4,
    BITS_PORT_HIGH = -4,
    BITS_SCOPE_SMALL = 4,
    BITS_SCOPE_LARGE = -2,
    BITS_PID_ALIGNED = 2,
    BITS_PID_UNALIGNED = -6,
    BITS_TIMESTAMP_PLAUSIBLE = 12,
    BITS_TIMESTAMP_IMPLAUSIBLE = -8,
    BITS_PADDING_CLEAN = 4,
    BITS_PADDING_DIRTY = -2,
    BITS_FLAGS_CLEAN = 12,
    BITS_FLAGS_UNKNOWN = -8,
    BITS_OFFLOAD = 12,
    BITS_OFFLOAD_INVALID = -12,
    BITS_LISTEN_REMOTE_SET = -2,
};

static bool tally_finding(void *ctx, const mibtcp_finding *f)
{
    mibtcp_detect_evidence *e = ctx;
    switch (f->code) {
    case MIBTCP_FINDING_STATE_RESERVED:
        e->states_reserved++;
        break;
    case MIBTCP_FINDING_STATE_INVALID:
        e->states_invalid++;
        break;
    case MIBTCP_FINDING_OFFLOAD_STATE_INVALID:
        e->offloads_invalid++;
        break;
    case MIBTCP_FINDING_PORT_HIGH_BITS:
        e->ports_high_bits++;
        break;
    case MIBTCP_FINDING_SCOPE_ID_LARGE:
        e->scope_ids_large++;
        break;
    case MIBTCP_FINDING_PID_NOT_MULTIPLE_OF_4:
        e->pids_unaligned++;
        break;
    case MIBTCP_FINDING_TIMESTAMP_ZERO:
        e->timestamps_zero++;
        break;
    case MIBTCP_FINDING_TIMESTAMP_IMPLAUSIBLE:
        e->timestamps_implausible++;
        break;
    case MIBTCP_FINDING_HEADER_PADDING_DIRTY:
    case MIBTCP_FINDING_ROW_PADDING_DIRTY:
        e->paddings_dirty++;
        break;
    case MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS:
        e->flags_unknown++;
        break;
    case MIBTCP_FINDING_LISTEN_REMOTE_SET:
        e->listen_remote_set++;
        break;
    case MIBTCP_FINDING_TRAILING_WHOLE_ROWS:
    case MIBTCP_FINDING_TRAILING_PARTIAL:
        e->trailing = f->value;
        break;
    default:
        break;
    }
    return true;
}

static uint64_t has(const mibtcpi_slot *fields, mibtcp_field field)
{
    return fields[field].size != 0;
}

/* How many checks of each sort a table of `rows` rows of this layout gets. */
static void count_checks(const mibtcpi_layout *l, size_t len, mibtcp_detect_evidence *e)
{
    const uint64_t rows = e->rows;
    const mibtcpi_slot *f = l->fields;
    e->states = rows * has(f, MIBTCP_FIELD_STATE);
    e->ports = rows * (has(f, MIBTCP_FIELD_LOCAL_PORT) + has(f, MIBTCP_FIELD_REMOTE_PORT));
    e->scope_ids = rows * (has(f, MIBTCP_FIELD_LOCAL_SCOPE_ID) + has(f, MIBTCP_FIELD_REMOTE_SCOPE_ID));
    e->pids = rows * has(f, MIBTCP_FIELD_PID);
    e->timestamps = rows * has(f, MIBTCP_FIELD_CREATED);
    e->flags = rows * has(f, MIBTCP_FIELD_FLAGS);
    e->offloads = rows * has(f, MIBTCP_FIELD_OFFLOAD_STATE);
    uint64_t holes = 0;
    for (size_t h = 0; h < MIBTCPI_MAX_HOLES; h++) {
        holes += l->holes[h].size != 0;
    }
    e->paddings = (l->header > 4 && len >= l->header ? 1u : 0u) + rows * holes;
}

static int64_t score_of(const mibtcpi_layout *l, const mibtcp_detect_evidence *e)
{
    int64_t s = 0;
    if (e->trailing == 0) {
        s += BITS_EXACT_LENGTH;
    } else if (e->trailing % l->stride == 0) {
        s += BITS_WHOLE_ROW_SLACK;
    }
    /* Counts are bounded by 2^32 rows times a few checks: no int64 overflow. */
    s += (int64_t)(e->states - e->states_reserved - e->states_invalid) * BITS_STATE +
         (int64_t)e->states_reserved * BITS_STATE_RESERVED + (int64_t)e->states_invalid * BITS_STATE_INVALID;
    s += (int64_t)(e->ports - e->ports_high_bits) * BITS_PORT_CLEAN + (int64_t)e->ports_high_bits * BITS_PORT_HIGH;
    s += (int64_t)(e->scope_ids - e->scope_ids_large) * BITS_SCOPE_SMALL +
         (int64_t)e->scope_ids_large * BITS_SCOPE_LARGE;
    s += (int64_t)(e->pids - e->pids_unaligned) * BITS_PID_ALIGNED + (int64_t)e->pids_unaligned * BITS_PID_UNALIGNED;
    const uint64_t plausible = e->timestamps - e->timestamps_zero - e->timestamps_implausible;
    s += (int64_t)plausible * BITS_TIMESTAMP_PLAUSIBLE + (int64_t)e->timestamps_implausible * BITS_TIMESTAMP_IMPLAUSIBLE;
    s += (int64_t)(e->paddings - e->paddings_dirty) * BITS_PADDING_CLEAN +
         (int64_t)e->paddings_dirty * BITS_PADDING_DIRTY;
    s += (int64_t)(e->flags - e->flags_unknown) * BITS_FLAGS_CLEAN + (int64_t)e->flags_unknown * BITS_FLAGS_UNKNOWN;
    s += (int64_t)(e->offloads - e->offloads_invalid) * BITS_OFFLOAD + (int64_t)e->offloads_invalid * BITS_OFFLOAD_INVALID;
    s += (int64_t)e->listen_remote_set * BITS_LISTEN_REMOTE_SET;
    return s;
}

/* Percentages from scores in bits without floating point: weight 2^-(best - score). */
#define CONFIDENCE_SHIFT 50
static void assign_confidence(mibtcp_candidate *c, size_t n)
{
    uint64_t weights[MIBTCPI_KIND_END];
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const int64_t behind = c[0].score - c[i].score; /* sorted: >= 0 */
        weights[i] = behind >= CONFIDENCE_SHIFT ? 0 : (UINT64_C(1) << CONFIDENCE_SHIFT) >> behind;
        total += weights[i];
    }
    for (size_t i = 0; i < n; i++) {
        c[i].confidence = (uint32_t)(weights[i] * 100 / total);
    }
}

mibtcp_status mibtcp_detect(const void *buf, size_t len, mibtcp_candidate *candidates, size_t capacity, size_t *found)
{
    if (buf == NULL || found == NULL || (candidates == NULL && capacity > 0)) {
        return MIBTCP_ERR_NULL_ARGUMENT;
    }
    mibtcp_candidate all[MIBTCPI_KIND_END];
    size_t n = 0;
    for (unsigned k = MIBTCP_KIND_UNKNOWN + 1; k < MIBTCPI_KIND_END; k++) {
        const mibtcp_kind kind = (mibtcp_kind)k;
        const mibtcpi_layout *l = &mibtcpi_layouts[k]; /* k is a kind by construction */
        /* Only kinds whose rows fit are candidates; row errors weigh against, they do not eliminate. */
        if (len < 4 || (size_t)mibtcpi_load_le32(buf) > mibtcpi_rows_that_fit(l, len)) {
            continue;
        }
        mibtcp_candidate c = {kind, 0, 0, false, {0}};
        c.evidence.rows = mibtcpi_load_le32(buf);
        c.valid = mibtcp_findings(buf, len, kind, MIBTCP_POLICY_LENIENT, tally_finding, &c.evidence) == MIBTCP_OK;
        count_checks(l, len, &c.evidence);
        c.score = score_of(l, &c.evidence);
        /* Insertion keeps the best first; equal scores keep kind order, so the result is deterministic. */
        size_t i = n++;
        while (i > 0 && all[i - 1].score < c.score) {
            all[i] = all[i - 1];
            i--;
        }
        all[i] = c;
    }
    if (n > 0) {
        assign_confidence(all, n);
    }
    for (size_t i = 0; i < n && i < capacity; i++) {
        candidates[i] = all[i];
    }
    *found = n;
    if (n == 0) {
        return MIBTCP_ERR_NOT_DETECTED;
    }
    if (n > 1 && all[0].score - all[1].score < MIBTCP_DETECT_MARGIN_BITS) {
        return MIBTCP_ERR_AMBIGUOUS;
    }
    return MIBTCP_OK;
}
