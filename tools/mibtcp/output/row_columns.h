/* The machine-readable columns of a row, in output order, shared by JSON
 * Lines, JSON, CSV and Timesketch so the formats cannot disagree on names
 * or values. A column a kind does not have is absent, never faked. */
#ifndef MIBTCP_TOOL_ROW_COLUMNS_H
#define MIBTCP_TOOL_ROW_COLUMNS_H

#include "output/out_writer.h"
#include "output/row_text.h"

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
    COL_OWNER,
    COL_CREATED_FILETIME,
    COL_CREATED,
    COL_SERVICE_TAG,
    COL_MODULE_INFO,
    COL_OFFLOAD_STATE,
    COL_FLAGS,
    COL_END
} column_id;

const char *column_name(column_id id);
bool column_present(column_id id, mibtcp_kind kind);
/* Whether the row's kind has the column. */
bool column_in_row(column_id id, const row_text *t);

/* One column's value: for JSON strings quoted and null as null, for CSV
 * bare and null as an empty field. The 64-bit created_filetime and
 * service_tag are JSON strings of decimal digits and in CSV 0x with 16 hex
 * digits; module_info is bare hex in JSON and 0x-prefixed hex in CSV: no
 * reader can round or reinterpret them. Every string value is ASCII without
 * quotes, commas or control characters (names, addresses, ISO times, hex),
 * so neither format needs escaping here. */
void column_write(out_writer *w, column_id id, const row_text *t, bool json);

/* The row's columns as JSON members, "key":value separated by commas,
 * without braces. */
void row_json_members(out_writer *w, const row_text *t);

#endif
