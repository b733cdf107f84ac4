#include "table/table_walk.h"

#include "common/layout.h"
#include "common/plausible.h"
#include "mibtcp_fast.h"
#include "table/row_check.h"

/* count * stride is bounded by the division-first check below, which relies
 * on every uint32_t count being representable in size_t. */
_Static_assert(SIZE_MAX >= UINT32_MAX, "size_t must hold any dwNumEntries");

/* Where a check is looking: one row of the scanned buffer. */
typedef struct row_ref {
    const uint8_t *bytes;
    size_t offset;
    int64_t index;
} row_ref;

/* The checks of one field or hole of the row, at its place (layout.c). */
typedef mibtcpi_place row_check;

typedef struct scanner {
    const uint8_t *buf;
    const mibtcpi_layout *layout;
    bool strict;
    mibtcp_finding_fn fn; /* NULL: fast mode, stop at the first error */
    void *ctx;
    bool stopped;
    mibtcp_error first;
} scanner;

/* The status mibtcp_open() returns when a finding of this code is its first
 * error. Codes missing here (MIBTCP_OK) are never errors, only info or
 * warnings; an error code missing here would let open() succeed, which
 * fuzz_findings catches (an ERROR finding is reported iff open() fails). */
static const mibtcp_status status_of_finding[MIBTCP_HEADER_FINDING_COUNT] = {
    [MIBTCP_FINDING_BUFFER_TOO_SHORT] = MIBTCP_ERR_TOO_SHORT,
    [MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER] = MIBTCP_ERR_COUNT_EXCEEDS_BUFFER,
    [MIBTCP_FINDING_TRUNCATED_ROW] = MIBTCP_ERR_COUNT_EXCEEDS_BUFFER,
    [MIBTCP_FINDING_HEADER_INCOMPLETE] = MIBTCP_ERR_LENGTH_MISMATCH,
    [MIBTCP_FINDING_TRAILING_WHOLE_ROWS] = MIBTCP_ERR_LENGTH_MISMATCH,
    [MIBTCP_FINDING_TRAILING_PARTIAL] = MIBTCP_ERR_LENGTH_MISMATCH,
    [MIBTCP_FINDING_STATE_INVALID] = MIBTCP_ERR_BAD_STATE,
    [MIBTCP_FINDING_PORT_HIGH_BITS] = MIBTCP_ERR_PORT_HIGH_BITS,
    [MIBTCP_FINDING_OFFLOAD_STATE_INVALID] = MIBTCP_ERR_BAD_OFFLOAD_STATE,
    [MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS] = MIBTCP_ERR_UDP_FLAGS,
};

/* Record an error; the first one recorded decides the status. */
static void note_error(scanner *s, mibtcp_finding_code code, int64_t row, mibtcp_field field, uint64_t offset,
                       uint64_t value)
{
    if (s->first.status == MIBTCP_OK) {
        s->first = (mibtcp_error){status_of_finding[code], row, field, offset, value};
    }
    if (s->fn == NULL) {
        s->stopped = true;
    }
}

static void emit(scanner *s, mibtcp_finding_code code, mibtcp_severity severity, int64_t row, mibtcp_field field,
                 uint64_t offset, uint64_t value)
{
    if (severity == MIBTCP_SEVERITY_ERROR) {
        note_error(s, code, row, field, offset, value);
    }
    if (s->fn == NULL) {
        return;
    }
    const mibtcp_finding f = {code, severity, row, field, offset, value};
    if (!s->fn(s->ctx, &f)) {
        /* The caller has seen enough, but the status must still be open()'s:
         * finish silently in fast mode. */
        s->fn = NULL;
        s->stopped = s->first.status != MIBTCP_OK;
    }
}

static mibtcp_severity strict_error_or(const scanner *s, mibtcp_severity lenient)
{
    return s->strict ? MIBTCP_SEVERITY_ERROR : lenient;
}

/* Up to 8 bytes as a little-endian number, for finding values of short or partial fields. */
static uint64_t partial_le(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = n < 8 ? n : 8; i > 0; i--) {
        v = v << 8 | p[i - 1];
    }
    return v;
}

static const uint8_t *field_of(const row_check *c, const row_ref *row)
{
    return row->bytes + c->slot.offset;
}

static uint32_t field_le32(const row_check *c, const row_ref *row)
{
    return mibtcp_load_le32(field_of(c, row));
}

static void report(scanner *s, const row_check *c, const row_ref *row, mibtcp_finding_code code,
                   mibtcp_severity severity, uint64_t value)
{
    emit(s, code, severity, row->index, c->field, row->offset + c->slot.offset, value);
}

static void check_state(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t state = field_le32(c, row);
    if (!mibtcpi_state_ok(state)) {
        report(s, c, row, MIBTCP_FINDING_STATE_INVALID, MIBTCP_SEVERITY_ERROR, state);
    } else if (state == MIBTCP_STATE_RESERVED) {
        report(s, c, row, MIBTCP_FINDING_STATE_RESERVED, MIBTCP_SEVERITY_INFO, state);
    }
}

static void check_port(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t raw = field_le32(c, row);
    if (mibtcpi_port_high_bits(raw)) {
        report(s, c, row, MIBTCP_FINDING_PORT_HIGH_BITS, strict_error_or(s, MIBTCP_SEVERITY_WARNING), raw);
    }
}

static void check_scope_id(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t scope_id = field_le32(c, row);
    if (scope_id > 0xffffu) {
        report(s, c, row, MIBTCP_FINDING_SCOPE_ID_LARGE, MIBTCP_SEVERITY_INFO, scope_id);
    }
}

/* Microsoft: on a LISTEN row the remote endpoint "has no meaning", so a
 * non-zero one is not an error, but it is odd enough to show an analyst.
 * One finding per row: at the address if it is set, else at the port; two
 * checks, each placed at the offset it reports (a tcp6 row has the remote
 * scope id between address and port). */
static bool is_listen_row(const scanner *s, const row_ref *row)
{
    return mibtcp_load_le32(row->bytes + s->layout->fields[MIBTCP_FIELD_STATE].offset) == TCP_STATE_LISTEN;
}

static bool remote_addr_set(const scanner *s, const row_ref *row)
{
    const mibtcpi_slot addr = s->layout->fields[MIBTCP_FIELD_REMOTE_ADDR];
    return !mibtcpi_all_zero(row->bytes + addr.offset, addr.size);
}

static void check_listen_remote_addr(scanner *s, const row_check *c, const row_ref *row)
{
    if (is_listen_row(s, row) && remote_addr_set(s, row)) {
        report(s, c, row, MIBTCP_FINDING_LISTEN_REMOTE_SET, MIBTCP_SEVERITY_WARNING,
               partial_le(field_of(c, row), c->slot.size));
    }
}

static void check_listen_remote_port(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t raw = field_le32(c, row);
    if (is_listen_row(s, row) && !remote_addr_set(s, row) && (raw & 0xffffu) != 0) {
        report(s, c, row, MIBTCP_FINDING_LISTEN_REMOTE_SET, MIBTCP_SEVERITY_WARNING, raw);
    }
}

static void check_pid(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t pid = field_le32(c, row);
    if (pid % 4 != 0) {
        report(s, c, row, MIBTCP_FINDING_PID_NOT_MULTIPLE_OF_4, MIBTCP_SEVERITY_WARNING, pid);
    }
}

static void check_created(scanner *s, const row_check *c, const row_ref *row)
{
    const uint8_t *p = field_of(c, row);
    const int64_t created = mibtcp_load_le64_signed(p);
    if (created == 0) {
        report(s, c, row, MIBTCP_FINDING_TIMESTAMP_ZERO, MIBTCP_SEVERITY_INFO, 0);
    } else if (created < FILETIME_1995 || created >= FILETIME_2100) {
        report(s, c, row, MIBTCP_FINDING_TIMESTAMP_IMPLAUSIBLE, MIBTCP_SEVERITY_WARNING, mibtcp_load_le64(p));
    }
}

static void check_offload_state(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t offload = field_le32(c, row);
    if (!mibtcpi_offload_state_ok(offload)) {
        report(s, c, row, MIBTCP_FINDING_OFFLOAD_STATE_INVALID, MIBTCP_SEVERITY_ERROR, offload);
    }
}

static void check_udp_flags(scanner *s, const row_check *c, const row_ref *row)
{
    const uint32_t flags = field_le32(c, row);
    if (!mibtcpi_udp_flags_known(flags)) {
        report(s, c, row, MIBTCP_FINDING_UDP_FLAGS_UNKNOWN_BITS, strict_error_or(s, MIBTCP_SEVERITY_WARNING), flags);
    }
}

static void check_hole(scanner *s, const row_check *c, const row_ref *row)
{
    const uint8_t *p = field_of(c, row);
    if (!mibtcpi_all_zero(p, c->slot.size)) {
        report(s, c, row, MIBTCP_FINDING_ROW_PADDING_DIRTY, MIBTCP_SEVERITY_INFO, partial_le(p, c->slot.size));
    }
}

/* The checks of one place of the row. A switch rather than function
 * pointers, so that the checks inline into the row loop. */
static void run_checks(scanner *s, const row_check *c, const row_ref *row)
{
    switch (c->field) {
    case MIBTCP_FIELD_STATE: check_state(s, c, row); break;
    case MIBTCP_FIELD_LOCAL_PORT: check_port(s, c, row); break;
    case MIBTCP_FIELD_REMOTE_PORT:
        check_port(s, c, row);
        check_listen_remote_port(s, c, row);
        break;
    case MIBTCP_FIELD_REMOTE_ADDR: check_listen_remote_addr(s, c, row); break;
    case MIBTCP_FIELD_LOCAL_SCOPE_ID:
    case MIBTCP_FIELD_REMOTE_SCOPE_ID: check_scope_id(s, c, row); break;
    case MIBTCP_FIELD_PID: check_pid(s, c, row); break;
    case MIBTCP_FIELD_CREATED: check_created(s, c, row); break;
    case MIBTCP_FIELD_OFFLOAD_STATE: check_offload_state(s, c, row); break;
    case MIBTCP_FIELD_FLAGS: check_udp_flags(s, c, row); break;
    case MIBTCP_FIELD_ROW_PADDING: check_hole(s, c, row); break;
    default: /* the local address and the module info: any bytes are valid */ break;
    }
}

static void scan_rows(scanner *s, size_t header, size_t stride, size_t rows)
{
    for (size_t i = 0; i < rows && !s->stopped; i++) {
        /* i < rows <= (len - header) / stride: no overflow */
        const row_ref row = {s->buf + header + i * stride, header + i * stride, (int64_t)i};
        /* In row order, so that the findings come in buffer order whatever the kind's field order. */
        for (size_t p = 0; p < s->layout->place_count && !s->stopped; p++) {
            run_checks(s, &s->layout->places[p], &row);
        }
    }
}

static mibtcp_status finish(const scanner *s, mibtcpi_scan_result *result)
{
    result->first = s->first;
    return s->first.status;
}

static mibtcp_status fail_argument(mibtcp_status status, mibtcpi_scan_result *result)
{
    result->first.status = status;
    return status;
}

/* The rows of a walk without a callback: only the checks that can fail, stopping at the first. */
static void check_rows_fast(scanner *s, mibtcp_kind kind, mibtcp_policy policy, size_t rows)
{
    mibtcp_error err;
    const mibtcpi_row_checks checks = mibtcpi_row_checks_of(kind, policy);
    if (mibtcpi_check_rows(s->buf, s->layout, &checks, 0, rows, &err) < rows) {
        s->first = err;
        s->stopped = true;
    }
}

/* With rows_too false, the rows' contents are left unchecked: the verdict on the structure alone. */
static mibtcp_status scan(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, mibtcp_finding_fn fn,
                          void *ctx, bool rows_too, mibtcpi_scan_result *result)
{
    *result = (mibtcpi_scan_result){{MIBTCP_OK, MIBTCP_NO_ROW, MIBTCP_FIELD_NONE, 0, 0}, 0, 0};
    const mibtcpi_layout *layout = mibtcpi_layout_of(kind);
    if (buf == NULL) {
        return fail_argument(MIBTCP_ERR_NULL_ARGUMENT, result);
    }
    if (layout == NULL) {
        return fail_argument(MIBTCP_ERR_UNKNOWN_KIND, result);
    }
    if (policy != MIBTCP_POLICY_LENIENT && policy != MIBTCP_POLICY_STRICT) {
        return fail_argument(MIBTCP_ERR_UNKNOWN_POLICY, result);
    }

    scanner s = {.buf = buf, .layout = layout, .strict = policy == MIBTCP_POLICY_STRICT, .fn = fn, .ctx = ctx};
    s.first = result->first;
    if (len < 4) {
        emit(&s, MIBTCP_FINDING_BUFFER_TOO_SHORT, MIBTCP_SEVERITY_ERROR, MIBTCP_NO_ROW, MIBTCP_FIELD_NUM_ENTRIES, 0,
             len);
        return finish(&s, result);
    }

    const uint32_t count = mibtcp_load_le32(buf);
    const size_t header = layout->header;
    const size_t stride = layout->stride;

    const size_t fit = mibtcpi_rows_that_fit(layout, len);
    const bool header_cut = count == 0 && len < header;
    const bool truncated = !header_cut && (size_t)count > fit;
    /* Findings in buffer order: dwNumEntries (0), header padding (4), end of a cut header (len). */
    if (truncated) {
        emit(&s, MIBTCP_FINDING_COUNT_EXCEEDS_BUFFER, MIBTCP_SEVERITY_ERROR, MIBTCP_NO_ROW, MIBTCP_FIELD_NUM_ENTRIES, 0,
             count);
    }
    if (header > 4 && fn != NULL) {
        const size_t pad_len = (len < header ? len : header) - 4;
        if (!mibtcpi_all_zero(buf + 4, pad_len)) {
            emit(&s, MIBTCP_FINDING_HEADER_PADDING_DIRTY, MIBTCP_SEVERITY_INFO, MIBTCP_NO_ROW,
                 MIBTCP_FIELD_HEADER_PADDING, 4, partial_le(buf + 4, pad_len));
        }
    }
    size_t rows;
    size_t rows_end;
    if (header_cut) {
        /* Count 0 written into a 4..7-byte buffer: Windows writes only dwNumEntries. */
        emit(&s, MIBTCP_FINDING_HEADER_INCOMPLETE, strict_error_or(&s, MIBTCP_SEVERITY_INFO), MIBTCP_NO_ROW,
             MIBTCP_FIELD_HEADER_PADDING, len, len);
        rows = 0;
        rows_end = len;
    } else if (truncated) {
        rows = fit; /* still examine the rows that are there, for the analyst */
        rows_end = len > header ? header + fit * stride : len;
    } else {
        rows = count;
        rows_end = header + rows * stride;
    }

    const size_t trailing = len - rows_end;
    const mibtcp_finding_code trailing_code =
        trailing % stride == 0 ? MIBTCP_FINDING_TRAILING_WHOLE_ROWS : MIBTCP_FINDING_TRAILING_PARTIAL;
    if (!truncated && trailing > 0 && s.strict) {
        /* A length error outranks row errors, but is reported in buffer order, after the rows. */
        note_error(&s, trailing_code, MIBTCP_NO_ROW, MIBTCP_FIELD_TRAILING, rows_end, trailing);
    }

    if (!s.stopped && rows_too && fn == NULL) {
        check_rows_fast(&s, kind, policy, rows);
    } else if (!s.stopped && rows_too) {
        scan_rows(&s, header, stride, rows);
    }

    if (truncated && trailing > 0 && !s.stopped) {
        emit(&s, MIBTCP_FINDING_TRUNCATED_ROW, MIBTCP_SEVERITY_ERROR, (int64_t)fit, MIBTCP_FIELD_ROW, rows_end,
             trailing);
    } else if (!truncated && trailing > 0 && !s.stopped) {
        const mibtcp_severity lenient =
            trailing_code == MIBTCP_FINDING_TRAILING_WHOLE_ROWS ? MIBTCP_SEVERITY_INFO : MIBTCP_SEVERITY_WARNING;
        emit(&s, trailing_code, strict_error_or(&s, lenient), MIBTCP_NO_ROW, MIBTCP_FIELD_TRAILING, rows_end, trailing);
    }

    result->count = count;
    result->rows_end = rows_end;
    return finish(&s, result);
}

mibtcp_status mibtcp_findings(const void *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, mibtcp_finding_fn fn,
                              void *ctx)
{
    mibtcpi_scan_result result;
    return mibtcpi_scan(buf, len, kind, policy, fn, ctx, &result);
}

mibtcp_status mibtcpi_scan(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy, mibtcp_finding_fn fn,
                           void *ctx, mibtcpi_scan_result *result)
{
    return scan(buf, len, kind, policy, fn, ctx, true, result);
}

mibtcp_status mibtcpi_scan_structure(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_policy policy,
                                     mibtcpi_scan_result *result)
{
    return scan(buf, len, kind, policy, NULL, NULL, false, result);
}
