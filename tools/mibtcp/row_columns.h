/* The machine-readable columns of a row, in output order, shared by JSON
 * Lines, JSON and CSV so the formats cannot disagree on names or values.
 * A column a kind does not have is absent, never faked. */
#ifndef MIBTCP_TOOL_ROW_COLUMNS_H
#define MIBTCP_TOOL_ROW_COLUMNS_H

#include "json_text.h"
#include "row_text.h"

typedef enum column_id {
    COL_ROW,
    COL_KIND,
    COL_STATE,
    COL_STATE_CODE,
    COL_LOCAL_ADDR,
    COL_LOCAL_SCOPE_ID,
    COL_LOCAL_PORT,
    COL_REMOTE_ADDR,
    COL_REMOTE_SCOPE_ID,
    COL_REMOTE_PORT,
    COL_PID,
    COL_CREATED_FILETIME,
    COL_CREATED,
    COL_MODULE_INFO,
    COL_OFFLOAD_STATE,
    COL_FLAGS,
    COL_COUNT
} column_id;

typedef enum value_type { VALUE_STRING, VALUE_UINT, VALUE_INT } value_type;

typedef struct column_value {
    value_type type;
    const char *string; /* VALUE_STRING; NULL means null */
    uint64_t u;
    int64_t i;
} column_value;

const char *column_name(column_id id);
bool column_present(column_id id, mibtcp_kind kind);
column_value column_get(column_id id, const mibtcp_row *row, const row_text *t);

/* Every column the row's kind has, as members of the JSON object o. */
void column_json_members(json_object *o, const mibtcp_row *row, const row_text *t);

#endif
