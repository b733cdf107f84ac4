/* A kind's row layout where an expression needs one: the library's
 * mibtcp_kind_layout() (its one source of kind metadata), asked in one call;
 * and the one test of a field's presence bit, for layouts and records. */
#ifndef MIBTCP_TOOL_KIND_LAYOUT_H
#define MIBTCP_TOOL_KIND_LAYOUT_H

#include <stdbool.h>

#include "mibtcp.h"

/* The layout of @p kind; all zeros (no fields, header and stride 0) for an unknown kind. */
mibtcp_row_layout kind_layout(mibtcp_kind kind);

/* Whether rows of @p kind have @p field. */
bool kind_has_field(mibtcp_kind kind, mibtcp_field field);

/* Whether @p rec, a decoded row, has @p field (its bit in rec->present). */
bool record_has(const mibtcp_record *rec, mibtcp_field field);

#endif
