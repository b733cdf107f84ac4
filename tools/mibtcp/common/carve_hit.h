/* What the CLI and the Python binding say about a carved hit beyond the
 * library's mibtcp_carve_hit, in one place so they cannot disagree. Pure. */
#ifndef MIBTCP_TOOL_CARVE_HIT_H
#define MIBTCP_TOOL_CARVE_HIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mibtcp.h"

/* mibtcp_open() (lenient) accepts the hit's @p bytes (hit->length of them) as a table of its kind. */
bool carve_hit_valid(const mibtcp_carve_hit *hit, const uint8_t *bytes);

/* The rows end at a page boundary and no dwNumEntries counts exactly them:
 * the library marks every run that ends on a page boundary, but a table whose
 * count matches its rows is complete wherever it ends. */
bool carve_hit_cut_at_page(const mibtcp_carve_hit *hit, const uint8_t *bytes);

/* Bytes of the table carve_hit_table() writes (0 when it does not fit a size_t). */
size_t carve_hit_table_size(const mibtcp_carve_hit *hit);

/* The run's rows behind a dwNumEntries that counts exactly them (and a zero
 * header padding), written to @p table (carve_hit_table_size() bytes), so the
 * library validates and decodes orphan and page-cut runs like any table. */
void carve_hit_table(const mibtcp_carve_hit *hit, const uint8_t *bytes, uint8_t *table);

#endif
