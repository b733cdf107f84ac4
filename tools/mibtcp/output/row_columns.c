#include "output/row_columns.h"
#include "common/kind_layout.h"

static const struct {
    const char *name;
    mibtcp_field needs; /* the field a kind must have for the column; NONE: every kind */
} columns[COL_END] = {
    [COL_ROW] = {"row", MIBTCP_FIELD_NONE},
    [COL_KIND] = {"kind", MIBTCP_FIELD_NONE},
    [COL_STATE] = {"state", MIBTCP_FIELD_STATE},
    [COL_STATE_CODE] = {"state_code", MIBTCP_FIELD_STATE},
    [COL_LOCAL_ADDR] = {"local_addr", MIBTCP_FIELD_LOCAL_ADDR},
    [COL_LOCAL_SCOPE_ID] = {"local_scope_id", MIBTCP_FIELD_LOCAL_SCOPE_ID},
    [COL_LOCAL_PORT] = {"local_port", MIBTCP_FIELD_LOCAL_PORT},
    [COL_REMOTE_ADDR] = {"remote_addr", MIBTCP_FIELD_REMOTE_ADDR},
    [COL_REMOTE_SCOPE_ID] = {"remote_scope_id", MIBTCP_FIELD_REMOTE_SCOPE_ID},
    [COL_REMOTE_PORT] = {"remote_port", MIBTCP_FIELD_REMOTE_PORT},
    [COL_PID] = {"pid", MIBTCP_FIELD_PID},
    [COL_OWNER] = {"owner", MIBTCP_FIELD_PID},
    [COL_CREATED_FILETIME] = {"created_filetime", MIBTCP_FIELD_CREATED},
    [COL_CREATED] = {"created", MIBTCP_FIELD_CREATED},
    [COL_SERVICE_TAG] = {"service_tag", MIBTCP_FIELD_MODULE_INFO},
    [COL_MODULE_INFO] = {"module_info", MIBTCP_FIELD_MODULE_INFO},
    [COL_OFFLOAD_STATE] = {"offload_state", MIBTCP_FIELD_OFFLOAD_STATE},
    [COL_FLAGS] = {"flags", MIBTCP_FIELD_FLAGS},
};

const char *column_name(column_id id)
{
    return columns[id].name;
}

bool column_present(column_id id, mibtcp_kind kind)
{
    return columns[id].needs == MIBTCP_FIELD_NONE || kind_has_field(kind, columns[id].needs);
}

bool column_in_row(column_id id, const row_text *t)
{
    return columns[id].needs == MIBTCP_FIELD_NONE || row_text_has(t, columns[id].needs);
}

static void text_value(out_writer *w, const char *s, bool json)
{
    if (json) {
        out_char(w, '"');
    }
    out_str(w, s);
    if (json) {
        out_char(w, '"');
    }
}

static void address_value(out_writer *w, const mibtcp_endpoint *ep, bool json)
{
    if (json) {
        out_char(w, '"');
    }
    out_address(w, ep, 0);
    if (json) {
        out_char(w, '"');
    }
}

static void created_value(out_writer *w, const row_text *t, bool json)
{
    char iso[MIBTCP_ISO8601_SIZE];
    if (row_created_iso(t, iso)) {
        text_value(w, iso, json);
    } else if (json) {
        out_bytes(w, "null", 4);
    }
}

/* A 64-bit value. JSON: a string of decimal digits (RFC 7493 I-JSON 2.2;
 * protobuf's JSON mapping does the same), so a reader that holds numbers as
 * doubles (jq 1.6, JavaScript) keeps every digit. CSV: 0x and 16 hex digits
 * (two's complement for a negative FILETIME), which no spreadsheet (15
 * significant digits) or pandas (float64 once a column has an empty cell)
 * reads as a number it would round. */
static void csv_hex64(out_writer *w, uint64_t bits)
{
    uint8_t big_endian[8];
    for (unsigned i = 0; i < 8; i++) {
        big_endian[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    out_bytes(w, "0x", 2);
    out_hex(w, big_endian, sizeof big_endian);
}

/* CSV: "0x" first, so no spreadsheet or pandas reads the blob as a number. */
static void module_info_value(out_writer *w, const row_text *t, bool json)
{
    out_str(w, json ? "\"" : "0x");
    out_hex(w, t->rec.module_info, MIBTCP_MODULE_INFO_SIZE);
    if (json) {
        out_char(w, '"');
    }
}

void column_write(out_writer *w, column_id id, const row_text *t, bool json)
{
    const mibtcp_record *r = &t->rec;
    switch (id) {
    case COL_ROW: out_u64(w, r->index); break;
    case COL_KIND: text_value(w, mibtcp_kind_name(r->kind), json); break;
    case COL_STATE: text_value(w, mibtcp_state_name(r->state), json); break;
    case COL_STATE_CODE: out_u64(w, r->state); break;
    case COL_LOCAL_ADDR: address_value(w, &r->local, json); break;
    case COL_LOCAL_SCOPE_ID: out_u64(w, r->local.scope_id); break;
    case COL_LOCAL_PORT: out_u64(w, r->local.port); break;
    case COL_REMOTE_ADDR: address_value(w, &r->remote, json); break;
    case COL_REMOTE_SCOPE_ID: out_u64(w, r->remote.scope_id); break;
    case COL_REMOTE_PORT: out_u64(w, r->remote.port); break;
    case COL_PID: out_u64(w, r->pid); break;
    case COL_OWNER: text_value(w, owner_class(true, r->pid), json); break;
    case COL_CREATED_FILETIME:
        if (json) {
            out_char(w, '"');
            out_i64(w, r->created);
            out_char(w, '"');
        } else {
            csv_hex64(w, (uint64_t)r->created);
        }
        break;
    case COL_CREATED: created_value(w, t, json); break;
    case COL_SERVICE_TAG:
        if (json) {
            out_char(w, '"');
            out_u64(w, row_service_tag(t));
            out_char(w, '"');
        } else {
            csv_hex64(w, row_service_tag(t));
        }
        break;
    case COL_MODULE_INFO: module_info_value(w, t, json); break;
    case COL_OFFLOAD_STATE: out_u64(w, r->offload_state); break;
    case COL_FLAGS:
    case COL_END:
    default: out_u64(w, r->flags); break;
    }
}

void row_json_members(out_writer *w, const row_text *t)
{
    for (column_id c = 0; c < COL_END; c++) {
        if (!column_in_row(c, t)) {
            continue;
        }
        if (c != COL_ROW) {
            out_char(w, ',');
        }
        out_char(w, '"');
        out_str(w, columns[c].name);
        out_bytes(w, "\":", 2);
        column_write(w, c, t, true);
    }
}
