#include "connections/gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/diagnostics.h"
#include "cli/option_domain.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "input/file_map.h"
#include "scan/carve_scan.h"

static const char *const containers[] = {"auto", "raw", NULL};

static const cli_option owner_options[] = {
    {.name = "--processes",
     .value_name = "FILE",
     .parse = option_text,
     OPTION_FIELD(gather_options, processes),
     .help = "name each socket's process from a process list: Volatility 3 windows.pslist\n"
             "--renderer json, Velociraptor Windows.System.Pslist JSON Lines, or tasklist\n"
             "/v /fo csv "
             "(told apart by content); a socket created before every listed process of\n"
             "its PID started is pid_reused, and no process is named"},
    {.name = "--services",
     .value_name = "FILE",
     .parse = option_text,
     OPTION_FIELD(gather_options, services),
     .help = "name service tags (OwningModuleInfo[0] of module rows) from a CSV of tag,name lines"},
};
const option_group owner_option_group = OPTION_GROUP("Owners:", owner_options);

static const cli_option scan_options[] = {
    {.name = "--observed",
     .value_name = "TIME",
     .parse = option_time,
     OPTION_FIELD(gather_options, scan.observed_filetime),
     OPTION_SEEN(gather_options, scan.has_observed),
     .help = "when every input was taken (ISO 8601 UTC); default per input: a minidump's\n"
             "TimeDateStamp, the captured_utc of a mibtcp capture manifest.json beside it,\n"
             "else the file's modification time"},
    {.name = "--kind",
     .value_name = "K[,K...]",
     .parse = option_kind_list,
     OPTION_FIELD(gather_options, scan.carve.config.kinds),
     .help = "kinds to carve (default: all)"},
    {.name = "--align",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gather_options, scan.carve.config.align),
     .min = 1,
     .max = MIBTCP_CARVE_MAX_ALIGN,
     .help = "as for carve (default 4)"},
    {.name = "--min-rows",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gather_options, scan.carve.config.min_rows),
     .min = 1,
     .max = UINT32_MAX,
     .help = "as for carve (default per kind)"},
    {.name = "--jobs",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(gather_options, scan.carve.jobs),
     .min = 1,
     .max = 256,
     .help = "threads (default: online CPUs); the output is the same for every N"},
    {.name = "--progress",
     .parse = option_flag,
     OPTION_FIELD(gather_options, progress),
     .max = PROGRESS_ON,
     .help = "a progress line on stderr (default when stderr is a terminal)"},
    {.name = "--no-progress",
     .parse = option_flag,
     OPTION_FIELD(gather_options, progress),
     .max = PROGRESS_OFF,
     .help = "no progress line"},
    {.name = "--container",
     .value_name = "C",
     .parse = option_choice,
     OPTION_FIELD(gather_options, container),
     .names = containers,
     .help = "auto (default: minidump and LiME by their magic, a file that is exactly\n"
             "one table of the kind its name or detection says as a capture, else raw)\n"
             "or raw (every file carved as raw bytes)"},
};
const option_group scan_option_group = OPTION_GROUP("Carving:", scan_options);

static bool load_processes(const char *command, const char *path, process_list *list)
{
    file_map map;
    if (!file_map_path(command, path, &map)) {
        return false;
    }
    process_list_error err;
    const bool ok = process_list_parse((const char *)map.bytes, map.len, list, &err);
    file_map_close(&map);
    if (!ok) {
        if (err.line > 0) {
            fprintf(stderr, "mibtcp %s: --processes %s: line %zu: %s\n", command, display_name(path), err.line,
                    err.message);
        } else {
            fprintf(stderr, "mibtcp %s: --processes %s: %s\n", command, display_name(path), err.message);
        }
        return false;
    }
    size_t timed = 0;
    for (size_t i = 0; i < list->count; i++) {
        timed += list->entries[i].has_start;
    }
    fprintf(stderr, "mibtcp %s: --processes %s: %zu processes (%s), %zu with a start time", command, display_name(path),
            list->count, process_format_name(list->format), timed);
    if (list->bad_times > 0) {
        fprintf(stderr, ", %zu CreateTime values not read as times", list->bad_times);
    }
    fputc('\n', stderr);
    return true;
}

static bool load_services(const char *command, const char *path, service_map *services)
{
    file_map map;
    if (!file_map_path(command, path, &map)) {
        return false;
    }
    size_t line;
    const char *message;
    const bool ok = service_map_parse((const char *)map.bytes, map.len, services, &line, &message);
    file_map_close(&map);
    if (!ok) {
        fprintf(stderr, "mibtcp %s: --services %s: line %zu: %s\n", command, display_name(path), line, message);
    }
    return ok;
}

static bool gather_prepare(const char *command, gather_options *o, owner_storage *owners)
{
    o->scan.force_raw = strcmp(o->container, "raw") == 0;
    o->scan.carve.progress = o->progress == PROGRESS_AUTO ? isatty(STDERR_FILENO) != 0 : o->progress == PROGRESS_ON;
    if (o->processes != NULL) {
        if (!load_processes(command, o->processes, &owners->processes)) {
            return false;
        }
        owners->lists.processes = &owners->processes;
    }
    if (o->services != NULL) {
        if (!load_services(command, o->services, &owners->services)) {
            owner_storage_free(owners);
            return false;
        }
        owners->lists.services = &owners->services;
    }
    return true;
}

/* Standard input can be read once. */
static bool one_stdin(const char *command, const char *const *operands, size_t count)
{
    size_t dashes = 0;
    for (size_t i = 0; i < count; i++) {
        dashes += strcmp(operands[i], "-") == 0;
    }
    return dashes <= 1 || options_usage_error(command, "- (standard input) can be given once", NULL);
}

const char **gather_start(const command_options *spec, int argc, char **argv, gather_options *o, owner_storage *owners,
                          size_t *count, int *exit_status)
{
    memset(o, 0, sizeof *o);
    memset(owners, 0, sizeof *owners);
    o->scan.carve.jobs = carve_online_cpus();
    *exit_status = EXIT_USAGE;
    const char **operands = calloc((size_t)(argc > 0 ? argc : 1), sizeof *operands);
    if (operands == NULL) {
        fprintf(stderr, "mibtcp %s: out of memory\n", spec->command);
        return NULL;
    }
    if (!options_parse_command_operands(spec, argc, argv, o, operands, count, exit_status) ||
        !one_stdin(spec->command, operands, *count) || !gather_prepare(spec->command, o, owners)) {
        free(operands);
        return NULL;
    }
    return operands;
}

void owner_storage_free(owner_storage *owners)
{
    process_list_free(&owners->processes);
    service_map_free(&owners->services);
    memset(owners, 0, sizeof *owners);
}

typedef struct gathering {
    socket_set *set;
    const char *command;
    unsigned side;
} gathering;

static bool gather_file(void *ctx, const input_source *src, const carve_results *found)
{
    gathering *g = ctx;
    return socket_set_add(g->set, g->command, src, found, g->side);
}

bool gather_inputs(const char *command, const gather_options *o, const char *const *paths, size_t count, unsigned side,
                   socket_set *set, uint64_t *unscanned)
{
    gathering g = {set, command, side};
    for (size_t i = 0; i < count; i++) {
        if (!input_tables_scan(command, paths[i], &o->scan, gather_file, &g, unscanned)) {
            return false;
        }
    }
    return true;
}
