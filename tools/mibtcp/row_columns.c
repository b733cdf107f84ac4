#include "row_columns.h"

static const struct {
    const char *name;
    mibtcp_field needs; /* the field a kind must have for the column; NONE: every kind */
} columns[COL_COUNT] = {
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
    [COL_CREATED_FILETIME] = {"created_filetime", MIBTCP_FIELD_CREATED},
    [COL_CREATED] = {"created", MIBTCP_FIELD_CREATED},
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
    return columns[id].needs == MIBTCP_FIELD_NONE || mibtcp_kind_has_field(kind, columns[id].needs);
}

static column_value string_value(const char *s)
{
    return (column_value){VALUE_STRING, s, 0, 0};
}

static column_value uint_value(uint64_t u)
{
    return (column_value){VALUE_UINT, NULL, u, 0};
}

column_value column_get(column_id id, const mibtcp_row *row, const row_text *t)
{
    switch (id) {
    case COL_ROW:
        return uint_value(row->index);
    case COL_KIND:
        return string_value(mibtcp_kind_name(row->kind));
    case COL_STATE:
        return string_value(mibtcp_state_name(t->rec.state));
    case COL_STATE_CODE:
        return uint_value(t->rec.state);
    case COL_LOCAL_ADDR:
        return string_value(t->local_addr);
    case COL_LOCAL_SCOPE_ID:
        return uint_value(t->rec.local.scope_id);
    case COL_LOCAL_PORT:
        return uint_value(t->rec.local.port);
    case COL_REMOTE_ADDR:
        return string_value(t->remote_addr);
    case COL_REMOTE_SCOPE_ID:
        return uint_value(t->rec.remote.scope_id);
    case COL_REMOTE_PORT:
        return uint_value(t->rec.remote.port);
    case COL_PID:
        return uint_value(t->rec.pid);
    case COL_CREATED_FILETIME:
        return (column_value){VALUE_INT, NULL, 0, t->rec.created};
    case COL_CREATED:
        return string_value(t->created);
    case COL_MODULE_INFO:
        return string_value(t->module_info_hex);
    case COL_OFFLOAD_STATE:
        return uint_value(t->rec.offload_state);
    case COL_FLAGS:
    default:
        return uint_value(t->rec.flags);
    }
}

void column_json_members(json_object *o, const mibtcp_row *row, const row_text *t)
{
    for (column_id c = 0; c < COL_COUNT; c++) {
        if (!column_present(c, row->kind)) {
            continue;
        }
        const column_value v = column_get(c, row, t);
        if (v.type == VALUE_STRING) {
            json_string(o, column_name(c), v.string);
        } else if (v.type == VALUE_INT) {
            json_int(o, column_name(c), v.i);
        } else {
            json_uint(o, column_name(c), v.u);
        }
    }
}
