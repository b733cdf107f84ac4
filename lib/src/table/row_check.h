/* The checks a row must pass for mibtcp_open() to accept it, as one tight
 * loop over a range of rows: mibtcp_open() runs it over every row, a single
 * pass over one batch at a time, so both stop at the same row with the same
 * error. */
#ifndef MIBTCP_ROW_CHECK_H
#define MIBTCP_ROW_CHECK_H

#include "common/layout.h"

/* The checks rows of @p kind get under @p policy (the rules themselves are
 * in mibtcp.h, which a single pass inlines into the caller's loop). */
mibtcpi_row_checks mibtcpi_row_checks_of(mibtcp_kind kind, mibtcp_policy policy);

/* Checks rows [from, to) of a table whose rows start at buf + layout->header
 * and all lie inside the buffer. @return the index of the first row that
 * fails, with its error in *err, or @p to when all pass (*err untouched). */
size_t mibtcpi_check_rows(const uint8_t *buf, const mibtcpi_layout *layout, const mibtcpi_row_checks *checks,
                          size_t from, size_t to, mibtcp_error *err);

#endif
