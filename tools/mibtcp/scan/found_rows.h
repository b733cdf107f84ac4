/* The rows of a table the carver found, decoded into records: the run's
 * rows behind a dwNumEntries that counts exactly them, so the library
 * validates and decodes orphan and page-cut runs like any table. */
#ifndef MIBTCP_TOOL_FOUND_ROWS_H
#define MIBTCP_TOOL_FOUND_ROWS_H

#include <stdbool.h>
#include <stdint.h>

#include "mibtcp.h"
#include "scan/carve_scan.h"

/* Called once per row in row order; return false to stop. */
typedef bool (*found_row_fn)(void *ctx, const mibtcp_record *rec);

/* Decode every row of @p f through @p fn. @return the rows handed to @p fn;
 * when fewer than f->hit.rows and @p fn did not stop the walk, *problem
 * says why ("out of memory", or the name of the status the library gave). */
uint64_t found_rows_decode(const carve_found *f, found_row_fn fn, void *ctx, const char **problem);

#endif
