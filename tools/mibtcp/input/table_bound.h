/* How far a table can reach, from its own dwNumEntries: what an endless
 * stream is read up to, and what --kind auto weighs of a huge file. */
#ifndef MIBTCP_TOOL_TABLE_BOUND_H
#define MIBTCP_TOOL_TABLE_BOUND_H

#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

/* Trailing bytes after a table's last row that a stream may carry (a
 * buffer the caller sized generously): the rest of the stream is not read. */
#define TABLE_TRAILING_ALLOWANCE (UINT64_C(1) << 20)
/* The most --kind auto weighs of an input (detection reads every byte). */
#define TABLE_DETECT_MAX (UINT64_C(64) << 20)
/* The most raw bytes read from a pipe or device without --length, whatever
 * the count promises (a million rows of the widest kind fit), and the most
 * hex text. */
#define TABLE_STREAM_MAX (UINT64_C(256) << 20)

/* The most bytes a table starting with dwNumEntries @p count can span: the
 * header and @p count rows of @p kind (of the largest header and stride of
 * any kind when MIBTCP_KIND_UNKNOWN), plus TABLE_TRAILING_ALLOWANCE. */
uint64_t table_bound(uint32_t count, mibtcp_kind kind);

#endif
