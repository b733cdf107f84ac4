#include <stdio.h>
#include <string.h>

#include "layout_checks.h"

#define SCAN_BUFFER_MAX 1024u
#define DIRT 0x5Au
#define TCP_STATE_LISTEN 2u

/* What one byte of a table is: data, or a padding byte of the header or of a row. */
typedef enum byte_role { ROLE_DATA, ROLE_HEADER_PADDING, ROLE_ROW_PADDING, ROLE_BOTH_PADDINGS } byte_role;

static const char *library_says(byte_role role)
{
    switch (role) {
    case ROLE_HEADER_PADDING: return "reports HEADER_PADDING_DIRTY";
    case ROLE_ROW_PADDING: return "reports ROW_PADDING_DIRTY";
    case ROLE_BOTH_PADDINGS: return "reports both HEADER_PADDING_DIRTY and ROW_PADDING_DIRTY";
    case ROLE_DATA: break;
    }
    return "reports no padding finding";
}

typedef struct padding_seen {
    bool header;
    bool row;
} padding_seen;

static bool note_padding(void *ctx, const mibtcp_finding *finding)
{
    padding_seen *seen = ctx;
    seen->header = seen->header || finding->code == MIBTCP_FINDING_HEADER_PADDING_DIRTY;
    seen->row = seen->row || finding->code == MIBTCP_FINDING_ROW_PADDING_DIRTY;
    return true;
}

static byte_role library_role(const uint8_t *table, size_t len, mibtcp_kind kind)
{
    padding_seen seen = {false, false};
    (void)mibtcp_findings(table, len, kind, MIBTCP_POLICY_LENIENT, note_padding, &seen);
    if (seen.header && seen.row) {
        return ROLE_BOTH_PADDINGS;
    }
    return seen.header ? ROLE_HEADER_PADDING : seen.row ? ROLE_ROW_PADDING : ROLE_DATA;
}

/* The SDK record a table byte belongs to (NULL if none), and so its role. */
static const sdk_record *sdk_owner(const sdk_layout *sdk, mibtcp_kind kind, uint32_t header, size_t at, byte_role *role)
{
    for (size_t i = 0; i < sdk->record_count; i++) {
        const sdk_record *r = &sdk->records[i];
        bool in_row_part = at >= header && sdk_record_is_row_part(r);
        bool in_header_part = at < header && (r->field == (uint32_t)MIBTCP_FIELD_NUM_ENTRIES ||
                                              r->field == (uint32_t)MIBTCP_FIELD_HEADER_PADDING);
        size_t base = in_row_part ? header : 0;
        if (r->kind == (uint32_t)kind && (in_row_part || in_header_part) && at >= base + r->offset &&
            at < base + r->offset + r->size) {
            *role = r->field == (uint32_t)MIBTCP_FIELD_HEADER_PADDING ? ROLE_HEADER_PADDING
                    : r->field == (uint32_t)MIBTCP_FIELD_ROW_PADDING  ? ROLE_ROW_PADDING
                                                                      : ROLE_DATA;
            return r;
        }
    }
    *role = ROLE_DATA;
    return NULL;
}

/* A run of consecutive bytes on which the SDK and the library disagree the same way. */
typedef struct disagreement {
    size_t first;
    size_t last;
    byte_role sdk;
    byte_role library;
    const sdk_record *owner;
} disagreement;

static void report_disagreement(layout_report *report, const disagreement *d, uint32_t header)
{
    char where[64];
    if (d->first >= header) {
        snprintf(where, sizeof where, "row offset %zu..%zu", d->first - header, d->last - header);
    } else {
        snprintf(where, sizeof where, "table header");
    }
    const char *owner = d->owner ? mibtcp_field_name((mibtcp_field)d->owner->field) : "nothing probed";
    layout_mismatch(report, "bytes %zu..%zu (%s): %s SDK: %s (%s); library, when they are dirty: %s", d->first, d->last,
                    where, report->arch, d->sdk == ROLE_DATA ? "data" : "padding", owner, library_says(d->library));
}

static void scan(const sdk_layout *sdk, layout_report *report, const uint8_t *clean, size_t len, uint32_t header,
                 uint32_t first_byte)
{
    uint8_t table[SCAN_BUFFER_MAX];
    disagreement open = {0, 0, ROLE_DATA, ROLE_DATA, NULL};
    bool have_open = false;
    for (size_t at = first_byte; at < len; at++) {
        memcpy(table, clean, len);
        table[at] ^= DIRT;
        byte_role sdk_role;
        const sdk_record *owner = sdk_owner(sdk, report->kind, header, at, &sdk_role);
        byte_role lib_role = library_role(table, len, report->kind);
        bool same_run =
            have_open && open.last + 1 == at && open.sdk == sdk_role && open.library == lib_role && open.owner == owner;
        if (have_open && (sdk_role == lib_role || !same_run)) {
            report_disagreement(report, &open, header);
            have_open = false;
        }
        if (sdk_role != lib_role) {
            if (same_run) {
                open.last = at;
            } else {
                open = (disagreement){at, at, sdk_role, lib_role, owner};
            }
            have_open = true;
        }
    }
    if (have_open) {
        report_disagreement(report, &open, header);
    }
}

static void store_u32le(uint8_t *p, uint32_t value)
{
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t)(value >> (8 * i));
    }
}

void check_padding_conformance(const sdk_layout *sdk, layout_report *report)
{
    const sdk_record *num_entries = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_NUM_ENTRIES);
    const sdk_record *row = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_ROW);
    if (num_entries == NULL || row == NULL || num_entries->size != 4) {
        return; /* check_probe_tiling() and check_field_conformance() say why */
    }
    mibtcp_row_layout layout;
    if (mibtcp_kind_layout(report->kind, &layout) != MIBTCP_OK || layout.header != row->offset ||
        layout.stride != row->size) {
        return; /* a one-row table of the SDK's size is not one of the library's: reported already */
    }
    size_t len = (size_t)row->offset + row->size;
    if (len > SCAN_BUFFER_MAX) {
        layout_mismatch(report, "padding: a %zu-byte table exceeds the scan buffer", len);
        return;
    }
    /* One row, all zero, in a state every policy accepts, so dirt is the only finding that can change. */
    uint8_t clean[SCAN_BUFFER_MAX] = {0};
    store_u32le(clean + num_entries->offset, 1);
    const sdk_record *state = sdk_layout_find(sdk, report->kind, MIBTCP_FIELD_STATE);
    if (state != NULL && state->size == 4) {
        store_u32le(clean + row->offset + state->offset, TCP_STATE_LISTEN);
    }
    byte_role clean_role = library_role(clean, len, report->kind);
    if (clean_role != ROLE_DATA) {
        layout_mismatch(report, "padding: library %s for a table whose padding is all zero", library_says(clean_role));
        return;
    }
    scan(sdk, report, clean, len, row->offset, num_entries->offset + num_entries->size);
}
