/* The one whole-row struct is the library's mibtcp_record: harnesses read
 * rows with mibtcp_view_record() / mibtcp_iter_next_record(), the reference
 * decoder fills a record of its own reading, and this compares the two. */
#ifndef MIBTCP_FUZZ_ROW_RECORD_H
#define MIBTCP_FUZZ_ROW_RECORD_H

#include "mibtcp.h"

/* Aborts, naming the first field that differs, unless both records agree. */
void fuzz_record_require_equal(const mibtcp_record *expected, const mibtcp_record *actual);

#endif
