/* The tables in one input of `connections` and `diff`: a memory image,
 * minidump or LiME file (carved), a capture (a file that is exactly one
 * table, as `mibtcp capture` writes: decoded whole when detection decides
 * its kind, carved otherwise), standard input (carved as a stream), or a
 * directory (each regular file inside, by name, sub-directories too). */
#ifndef MIBTCP_TOOL_INPUT_TABLES_H
#define MIBTCP_TOOL_INPUT_TABLES_H

#include <stdbool.h>

#include "common/observed_time.h"
#include "input/image_container.h"
#include "scan/carve_scan.h"

/* Where a file's tables came from. */
typedef struct input_source {
    const char *name;      /* the file's path as given, or "-" */
    const char *container; /* "raw", "minidump", "lime" or "capture" */
    address_space space;   /* what the tables' addresses are */
    observed_time observed;
} input_source;

typedef struct input_scan_params {
    carve_params carve;
    bool force_raw; /* --container raw: no minidump or LiME layout, no capture detection */
    bool has_observed;
    int64_t observed_filetime;
} input_scan_params;

/* Called once per file with every table found in it, sorted by offset; the
 * tables' bytes are valid only during the call. Return false to stop. */
typedef bool (*input_tables_fn)(void *ctx, const input_source *src, const carve_results *found);

/* Scan @p path. @return false after a line on stderr ("mibtcp COMMAND: ...")
 * when an input cannot be read, is a malformed container, or memory ran
 * out, or when @p fn stopped. Bytes left unscanned (addresses above the
 * carver's highest) are said on stderr and counted in *unscanned. */
bool input_tables_scan(const char *command, const char *path, const input_scan_params *p, input_tables_fn fn, void *ctx,
                       uint64_t *unscanned);

#endif
