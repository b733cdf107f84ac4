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

#include "image_container.h"
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
} carve_results;

/* Scan the regions of a mapped image. @return false (after one line on
 * stderr) when out of memory or a thread cannot start. */
bool carve_scan_image(const uint8_t *bytes, const image_layout *layout, const carve_params *params,
                      carve_results *out);

/* Scan a raw stream in chunks, keeping only the bytes of runs still open. */
bool carve_scan_stream(FILE *in, const char *name, const carve_params *params, carve_results *out);

/* Increasing file offset, then kind and length: the same order for any split. */
void carve_results_sort(carve_results *r);
void carve_results_free(carve_results *r);

#endif
