/* Running the library's carver over an image: its regions split into tasks
 * that worker threads take in turn, or a stream read in chunks. Each task
 * reports exactly the hits that start in its part, reading before and after
 * it as far as the scanner needs, so any number of tasks (threads, or
 * --range shards run elsewhere) yields the hits of one pass. */
#ifndef MIBTCP_TOOL_CARVE_SCAN_H
#define MIBTCP_TOOL_CARVE_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/carve_part.h"
#include "input/image_container.h"
#include "mibtcp.h"

typedef struct carve_params {
    mibtcp_carve_config config;
    unsigned jobs;
    bool has_range; /* report only hits whose file offset is in [range_start, range_end) */
    uint64_t range_start, range_end;
    bool progress; /* a progress line on stderr */
} carve_params;

typedef struct carve_found {
    mibtcp_carve_hit hit; /* hit.offset in the region's address space */
    uint64_t file_offset;
    bool has_address;
    const uint8_t *bytes; /* hit.length bytes: in the image, or owned (streams) */
    uint8_t *owned;
} carve_found;

typedef struct carve_results {
    carve_found *items;
    size_t count, capacity;
    bool out_of_memory;
    /* Bytes of memory ranges (in the part reported) that were not scanned:
     * they lie above the highest address the carver takes. */
    uint64_t unscanned;
    size_t unscanned_ranges;
} carve_results;

/* The default of --jobs: the CPUs online. */
unsigned carve_online_cpus(void);

/* Count what a range [file_offset, file_offset + length) at @p address
 * leaves unscanned within the reported file bytes [from, to). */
void carve_count_unscanned(carve_results *r, uint64_t file_offset, uint64_t length, uint64_t address, uint64_t from,
                           uint64_t to);

/* Scan the regions of a mapped image. @return false (after one line on
 * stderr) when out of memory, or when the file shrank while the threads
 * read it (their reads fault: see file_map.h). */
bool carve_scan_image(const uint8_t *bytes, const image_layout *layout, const carve_params *params, carve_results *out);

/* Append a hit. @return false (out->out_of_memory set) when out of memory. */
bool carve_results_push(carve_results *r, const carve_found *f);

/* Increasing file offset, then kind and length: the same order for any split. */
void carve_results_sort(carve_results *r);
void carve_results_free(carve_results *r);

#endif
