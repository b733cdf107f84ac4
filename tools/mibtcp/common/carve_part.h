/* One part of a memory region scanned by the library's carver so that it
 * reports exactly the hits that start in the part: it reads before and after
 * the part as far as the scanner needs, so parts scanned anywhere (threads,
 * --range shards on other machines, the Python binding's jobs) concatenate to
 * the hits of one pass. Pure: no allocation, no I/O. */
#ifndef MIBTCP_TOOL_CARVE_PART_H
#define MIBTCP_TOOL_CARVE_PART_H

#include <stdint.h>

#include "mibtcp.h"

/* A scan reads at least this far before its part (two rows of the longest
 * kind, the row before a run and the run's first row, and a header), and
 * further back while a run open at the part's start may have begun before the
 * bytes read: four times as far each time, up to CARVE_MAX_LOOKBACK. */
#define CARVE_LOOKBACK 512u
#define CARVE_MAX_LOOKBACK (UINT64_C(1) << 27)
/* ... and past its end until every run it may report is closed, at least
 * this far, so that every position before the end has been examined. */
#define CARVE_LOOKAHEAD 512u
/* A run whose first row is this far past a part's end reports no hit in it. */
#define CARVE_MAX_HEADER_BYTES 8u
#define CARVE_FEED_CHUNK (1u << 20)

typedef struct carve_part {
    const uint8_t *region; /* the region's first byte */
    uint64_t scannable;    /* bytes of the region the carver takes (see carve_scannable()) */
    uint64_t address;      /* of the region's first byte: the carver's offset space */
    uint64_t from, to;     /* the part, relative to the region: hits whose first byte is here */
} carve_part;

/* Told the bytes of the part itself each window covered (for progress meters). */
typedef void (*carve_part_progress_fn)(void *ctx, uint64_t part_bytes);

/* Scan @p part with a carver placed in @p workspace, reporting to @p fn every
 * hit the carver finds while it reads the part and what surrounds it; the
 * caller keeps those whose offset lies in the part. @p progress may be NULL.
 * @return MIBTCP_OK, or the carver's status (any other is a bug of the caller). */
mibtcp_status carve_part_scan(void *workspace, size_t workspace_size, const mibtcp_carve_config *config,
                              const carve_part *part, mibtcp_carve_fn fn, void *ctx, carve_part_progress_fn progress,
                              void *progress_ctx);

/* How many of the @p length bytes of a memory range at @p address the carver
 * takes: its windows end at or below MIBTCP_CARVE_MAX_OFFSET. */
uint64_t carve_scannable(uint64_t address, uint64_t length);

#endif
