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

/* The owner lists named by the options, loaded. */
typedef struct owner_storage {
    process_list processes;
    service_map services;
    owner_lists lists;
} owner_storage;

/* The start of connections and diff: the defaults, argv parsed with
 * @p spec, --processes and --services loaded (their format and counts said
 * on stderr). @return the operands, *count of them (free() the array, and
 * owner_storage_free() the owners), or NULL with *exit_status: 0 after
 * --help, 2 after a line on stderr. */
const char **gather_start(const command_options *spec, int argc, char **argv, gather_options *o, owner_storage *owners,
                          size_t *count, int *exit_status);
void owner_storage_free(owner_storage *owners);

/* Scan every path into @p set (side: diff's A 0 or B 1) and merge. @return
 * false after a line on stderr (an input not read, out of memory). */
bool gather_inputs(const char *command, const gather_options *o, const char *const *paths, size_t count, unsigned side,
                   socket_set *set, uint64_t *unscanned);

#endif
