#include "table/row_check.h"

#include "mibtcp_fast.h"

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE size_t first_failing(const uint8_t *rows, size_t stride, const mibtcpi_row_checks *c, size_t from,
                                          size_t to, uint32_t checks)
{
    const uint8_t *row = rows + from * stride;
    for (size_t i = from; i < to; i++, row += stride) {
        if (mibtcpi_row_fails(c, row, checks)) {
            return i;
        }
    }
    return to;
}

/* The combinations the layouts and policies produce, each specialised so
 * that its loop has no test of an absent field in it. */
static size_t first_failing_row(const uint8_t *rows, size_t stride, const mibtcpi_row_checks *c, size_t from, size_t to)
{
    switch (c->checks) {
    case 0: return to;
    case MIBTCPI_CHECK_STATE: return first_failing(rows, stride, c, from, to, MIBTCPI_CHECK_STATE);
    case MIBTCPI_CHECK_STATE | MIBTCPI_CHECK_OFFLOAD:
        return first_failing(rows, stride, c, from, to, MIBTCPI_CHECK_STATE | MIBTCPI_CHECK_OFFLOAD);
    case MIBTCPI_CHECK_STATE | MIBTCPI_CHECK_LOCAL_PORT | MIBTCPI_CHECK_REMOTE_PORT:
        return first_failing(rows, stride, c, from, to,
                             MIBTCPI_CHECK_STATE | MIBTCPI_CHECK_LOCAL_PORT | MIBTCPI_CHECK_REMOTE_PORT);
    default: return first_failing(rows, stride, c, from, to, c->checks);
    }
}

typedef struct candidate_error {
    mibtcp_status status;
    mibtcp_field field;
    size_t offset;
    uint32_t value;
    bool failed;
} candidate_error;

/* Keeps the failure at the lowest offset: mibtcp_open() reports a row's
 * errors in buffer order. */
static void consider(candidate_error *best, bool failed, mibtcp_status status, mibtcp_field field, size_t offset,
                     uint32_t value)
{
    if (failed && (!best->failed || offset < best->offset)) {
        *best = (candidate_error){status, field, offset, value, true};
    }
}

static void locate(const uint8_t *rows, size_t stride, const mibtcpi_row_checks *c, size_t index, size_t header,
                   mibtcp_error *err)
{
    const uint8_t *row = rows + index * stride;
    const uint32_t checks = c->checks;
    candidate_error best = {MIBTCP_OK, MIBTCP_FIELD_NONE, 0, 0, false};
    uint32_t v;
    if (checks & MIBTCPI_CHECK_STATE) {
        v = mibtcp_load_le32(row + c->state);
        consider(&best, !mibtcpi_state_ok(v), MIBTCP_ERR_BAD_STATE, MIBTCP_FIELD_STATE, c->state, v);
    }
    if (checks & MIBTCPI_CHECK_OFFLOAD) {
        v = mibtcp_load_le32(row + c->offload);
        consider(&best, !mibtcpi_offload_state_ok(v), MIBTCP_ERR_BAD_OFFLOAD_STATE, MIBTCP_FIELD_OFFLOAD_STATE,
                 c->offload, v);
    }
    if (checks & MIBTCPI_CHECK_LOCAL_PORT) {
        v = mibtcp_load_le32(row + c->local_port);
        consider(&best, mibtcpi_port_high_bits(v), MIBTCP_ERR_PORT_HIGH_BITS, MIBTCP_FIELD_LOCAL_PORT, c->local_port,
                 v);
    }
    if (checks & MIBTCPI_CHECK_REMOTE_PORT) {
        v = mibtcp_load_le32(row + c->remote_port);
        consider(&best, mibtcpi_port_high_bits(v), MIBTCP_ERR_PORT_HIGH_BITS, MIBTCP_FIELD_REMOTE_PORT, c->remote_port,
                 v);
    }
    if (checks & MIBTCPI_CHECK_FLAGS) {
        v = mibtcp_load_le32(row + c->flags);
        consider(&best, !mibtcpi_udp_flags_known(v), MIBTCP_ERR_UDP_FLAGS, MIBTCP_FIELD_FLAGS, c->flags, v);
    }
    *err = (mibtcp_error){best.status, (int64_t)index, best.field, header + index * stride + best.offset, best.value};
}

mibtcpi_row_checks mibtcpi_row_checks_of(mibtcp_kind kind, mibtcp_policy policy)
{
    const mibtcp_row_layout layout = mibtcp_layout_known(kind);
    return mibtcpi_row_checks_for(&layout, policy);
}

size_t mibtcpi_check_rows(const uint8_t *buf, const mibtcpi_layout *layout, const mibtcpi_row_checks *checks,
                          size_t from, size_t to, mibtcp_error *err)
{
    const uint8_t *rows = buf + layout->header;
    const size_t bad = first_failing_row(rows, layout->stride, checks, from, to);
    if (bad < to) {
        locate(rows, layout->stride, checks, bad, layout->header, err);
    }
    return bad;
}
