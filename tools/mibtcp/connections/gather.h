/* What `connections` and `diff` share: their scan and owner options, and
 * gathering inputs into sockets with the owner lists loaded. */
#ifndef MIBTCP_TOOL_GATHER_H
#define MIBTCP_TOOL_GATHER_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/option_table.h"
#include "cli/progress.h"
#include "common/process_list.h"
#include "common/service_map.h"
#include "connections/socket_view.h"
#include "connections/sockets.h"
#include "scan/input_tables.h"

typedef struct gather_options {
    const char *format;
    const char *processes, *services; /* paths, or NULL */
    const char *container;
    progress_choice progress;
    input_scan_params scan;
} gather_options;

/* --processes, --services; --kind, --align, --min-rows, --jobs, --progress,
 * --no-progress, --container, --observed: for a command whose options
 * struct starts with a gather_options. */
extern const option_group owner_option_group;
extern const option_group scan_option_group;

/* Defaults before parsing. */
void gather_defaults(gather_options *o);

/* The owner lists named by the options, loaded. */
typedef struct owner_storage {
    process_list processes;
    service_map services;
    owner_lists lists;
} owner_storage;

/* Settle the parsed options, load --processes and --services (their format
 * and counts said on stderr). @return false after one line on stderr. */
bool gather_prepare(const char *command, gather_options *o, owner_storage *owners);
void owner_storage_free(owner_storage *owners);

/* Scan every path into @p set (side: diff's A 0 or B 1) and merge. @return
 * false after a line on stderr (an input not read, out of memory). */
bool gather_inputs(const char *command, const gather_options *o, const char *const *paths, size_t count,
                   unsigned side, socket_set *set, uint64_t *unscanned);

#endif
