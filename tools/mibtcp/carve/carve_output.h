/* What carve prints: one line per hit (text table, JSON Lines or CSV, the
 * same columns), or with --rows every decoded row, and --extract's files. */
#ifndef MIBTCP_TOOL_CARVE_OUTPUT_H
#define MIBTCP_TOOL_CARVE_OUTPUT_H

#include <stdbool.h>

#include "common/observed_time.h"
#include "input/image_container.h"
#include "scan/carve_scan.h"

void carve_print_hits(const carve_results *r, address_space space, const char *format);

/* Every row of every hit: format "csv" gives RFC 4180 with a header of
 * table_offset and all of dump's columns (empty where a kind has none, as
 * hits of different kinds share the file); "timesketch" and "bodyfile"
 * timelines (timeline_row.h; rows without a plausible creation time are
 * "Seen in memory image" at `observed`, and counted on stderr when there is
 * none); anything else one JSON object per row, table_offset then dump's
 * JSONL keys. Each hit whose rows cannot all be decoded is said on stderr,
 * and *undecoded counts those rows. @return 0, or the errno of the first
 * write that failed (the rest is not written). */
int carve_print_rows(const carve_results *r, const char *format, observed_time observed, uint64_t *undecoded);

/* Is @p dir (shown as @p shown) a directory we may write into? Checked
 * before the scan, so a wrong --extract stops before anything is printed.
 * @return false after one line on stderr. */
bool carve_extract_ready(const char *dir, const char *shown);

/* <offset-hex>_<kind>.bin of exactly length bytes per hit in dir (which must
 * exist). @return false after one line on stderr when a file cannot be written. */
bool carve_extract(const carve_results *r, const char *dir);

#endif
