/* The evidence model shared by detection (detect.c) and the public row and
 * run scorers: what a buffer's bytes say for one table kind, in
 * MIBTCP_EVIDENCE_PER_BIT units. */
#ifndef MIBTCP_EVIDENCE_H
#define MIBTCP_EVIDENCE_H

#include "common/layout.h"

/* The evidence of @p buf as a table of @p kind (a valid kind): the rows
 * present, the header padding and the length arithmetic, and in @p why (not
 * NULL: both callers report it) every check's tally. */
int64_t mibtcpi_table_evidence(const uint8_t *buf, size_t len, mibtcp_kind kind, mibtcp_evidence *why);

/* mibtcp_row_evidence() of a row of layout @p l (stride bytes readable),
 * without its argument checks: the carver asks it at every candidate. */
int32_t mibtcpi_row_evidence_bits(const mibtcpi_layout *l, const uint8_t *row);

#endif
