/* The one whole-row struct is the library's mibtcp_record: harnesses read a
 * row with mibtcp_row_read(), the reference decoder fills a record of its
 * own reading, and these helpers compare the two and hold every single-field
 * accessor to the record. */
#ifndef MIBTCP_FUZZ_ROW_RECORD_H
#define MIBTCP_FUZZ_ROW_RECORD_H

#include "mibtcp.h"

/* mibtcp_row_read(), which must succeed for a row the library handed out. */
void fuzz_record_read(const mibtcp_row *row, mibtcp_record *out);

/* Aborts, naming the first field that differs, unless both records agree. */
void fuzz_record_require_equal(const mibtcp_record *expected, const mibtcp_record *actual);

/* Aborts unless every accessor of @p row (state, pid, created, module info,
 * offload state, flags, endpoints, mibtcp_row_u32 of every field) reads
 * what @p rec holds. */
void fuzz_record_require_accessors_agree(const mibtcp_row *row, const mibtcp_record *rec);

#endif
