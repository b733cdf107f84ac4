/* Human-readable text for located errors and findings. */
#ifndef MIBTCP_TOOL_DIAGNOSTICS_H
#define MIBTCP_TOOL_DIAGNOSTICS_H

#include <stdio.h>

#include "mibtcp.h"

/* "ERR_BAD_STATE: TCP state is not ... at row 2, field state, offset 328 (0x148), value 13" */
void print_error_location(FILE *out, const mibtcp_error *err);

/* Column header and one line per finding: offset, row, field, severity, code, message. */
void print_finding_header(FILE *out);
void print_finding_line(FILE *out, const mibtcp_finding *f);

/* A finding as a JSON object: code, severity, row (null outside rows), field, offset, value, message. */
void print_finding_json(FILE *out, const mibtcp_finding *f);
/* A located error as a JSON object: status, message, row, field, offset, value. */
void print_error_json(FILE *out, const mibtcp_error *err);

/* "byte" for 1, "bytes" otherwise: "(1 byte)", "(2 bytes)". */
const char *bytes_word(uint64_t count);

/* A file name fit for a line of text: control characters, DEL and '\\' as
 * C escapes (\n, \t, \x1b, \\), so a name cannot forge a line or a column.
 * Returns a static buffer, valid until the next call. */
const char *display_name(const char *name);

/* "strict" or "lenient". */
const char *policy_name(mibtcp_policy policy);

#endif
