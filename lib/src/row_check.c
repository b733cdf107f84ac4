#include "row_check.h"

#include "load_le.h"
#include "row_rules.h"

/* Which checks can fail for a kind under a policy: a bit set, so that each
 * combination gets its own loop with no test of an absent field in it. */
enum {
    CHECK_STATE = 1,
    CHECK_OFFLOAD = 2,
    CHECK_LOCAL_PORT = 4,
    CHECK_REMOTE_PORT = 8,
    CHECK_FLAGS = 16
};

typedef struct checked_fields {
    const uint8_t *rows; /* first byte of row 0 */
    size_t stride;
    size_t state, offload, local_port, remote_port, flags; /* offsets inside the row */
} checked_fields;

#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif

static ALWAYS_INLINE bool row_fails(const checked_fields *c, const uint8_t *row, unsigned checks)
{
    bool bad = false;
    if (checks & CHECK_STATE) {
        bad |= !mibtcpi_state_ok(mibtcpi_load_le32(row + c->state));
    }
    if (checks & CHECK_OFFLOAD) {
        bad |= !mibtcpi_offload_state_ok(mibtcpi_load_le32(row + c->offload));
    }
    if (checks & CHECK_LOCAL_PORT) {
        bad |= mibtcpi_port_high_bits(mibtcpi_load_le32(row + c->local_port));
    }
    if (checks & CHECK_REMOTE_PORT) {
        bad |= mibtcpi_port_high_bits(mibtcpi_load_le32(row + c->remote_port));
    }
    if (checks & CHECK_FLAGS) {
        bad |= !mibtcpi_udp_flags_known(mibtcpi_load_le32(row + c->flags));
    }
    return bad;
}

static ALWAYS_INLINE size_t first_failing(const checked_fields *c, size_t from, size_t to, unsigned checks)
{
    const uint8_t *row = c->rows + from * c->stride;
    for (size_t i = from; i < to; i++, row += c->stride) {
        if (row_fails(c, row, checks)) {
            return i;
        }
    }
    return to;
}

/* The combinations the layouts and policies produce, each specialised. */
static size_t first_failing_row(const checked_fields *c, size_t from, size_t to, unsigned checks)
{
    switch (checks) {
    case 0:
        return to;
    case CHECK_STATE:
        return first_failing(c, from, to, CHECK_STATE);
    case CHECK_STATE | CHECK_OFFLOAD:
        return first_failing(c, from, to, CHECK_STATE | CHECK_OFFLOAD);
    case CHECK_STATE | CHECK_LOCAL_PORT | CHECK_REMOTE_PORT:
        return first_failing(c, from, to, CHECK_STATE | CHECK_LOCAL_PORT | CHECK_REMOTE_PORT);
    default:
        return first_failing(c, from, to, checks);
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

static void locate(const checked_fields *c, unsigned checks, size_t index, size_t header, mibtcp_error *err)
{
    const uint8_t *row = c->rows + index * c->stride;
    candidate_error best = {MIBTCP_OK, MIBTCP_FIELD_NONE, 0, 0, false};
    uint32_t v;
    if (checks & CHECK_STATE) {
        v = mibtcpi_load_le32(row + c->state);
        consider(&best, !mibtcpi_state_ok(v), MIBTCP_ERR_BAD_STATE, MIBTCP_FIELD_STATE, c->state, v);
    }
    if (checks & CHECK_OFFLOAD) {
        v = mibtcpi_load_le32(row + c->offload);
        consider(&best, !mibtcpi_offload_state_ok(v), MIBTCP_ERR_BAD_OFFLOAD_STATE, MIBTCP_FIELD_OFFLOAD_STATE,
                 c->offload, v);
    }
    if (checks & CHECK_LOCAL_PORT) {
        v = mibtcpi_load_le32(row + c->local_port);
        consider(&best, mibtcpi_port_high_bits(v), MIBTCP_ERR_PORT_HIGH_BITS, MIBTCP_FIELD_LOCAL_PORT,
                 c->local_port, v);
    }
    if (checks & CHECK_REMOTE_PORT) {
        v = mibtcpi_load_le32(row + c->remote_port);
        consider(&best, mibtcpi_port_high_bits(v), MIBTCP_ERR_PORT_HIGH_BITS, MIBTCP_FIELD_REMOTE_PORT,
                 c->remote_port, v);
    }
    if (checks & CHECK_FLAGS) {
        v = mibtcpi_load_le32(row + c->flags);
        consider(&best, !mibtcpi_udp_flags_known(v), MIBTCP_ERR_UDP_FLAGS, MIBTCP_FIELD_FLAGS, c->flags, v);
    }
    *err = (mibtcp_error){best.status, (int64_t)index, best.field, header + index * c->stride + best.offset,
                          best.value};
}

static void add_check(unsigned *checks, size_t *offset, unsigned bit, mibtcpi_slot slot)
{
    if (slot.size != 0) {
        *checks |= bit;
        *offset = slot.offset;
    }
}

size_t mibtcpi_check_rows(const uint8_t *buf, const mibtcpi_layout *layout, mibtcp_policy policy, size_t from,
                          size_t to, mibtcp_error *err)
{
    const mibtcpi_slot *f = layout->fields;
    checked_fields c = {buf + layout->header, layout->stride, 0, 0, 0, 0, 0};
    unsigned checks = 0;
    add_check(&checks, &c.state, CHECK_STATE, f[MIBTCP_FIELD_STATE]);
    add_check(&checks, &c.offload, CHECK_OFFLOAD, f[MIBTCP_FIELD_OFFLOAD_STATE]);
    if (policy == MIBTCP_POLICY_STRICT) {
        add_check(&checks, &c.local_port, CHECK_LOCAL_PORT, f[MIBTCP_FIELD_LOCAL_PORT]);
        add_check(&checks, &c.remote_port, CHECK_REMOTE_PORT, f[MIBTCP_FIELD_REMOTE_PORT]);
        add_check(&checks, &c.flags, CHECK_FLAGS, f[MIBTCP_FIELD_FLAGS]);
    }
    const size_t bad = first_failing_row(&c, from, to, checks);
    if (bad < to) {
        locate(&c, checks, bad, layout->header, err);
    }
    return bad;
}
