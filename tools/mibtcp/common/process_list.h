/* Process lists an analyst already has, for `--processes`: the format is
 * told by the content.
 *   Volatility 3 windows.pslist -r json  a JSON array of objects (rows of a
 *       tree: "__children" arrays are read too): PID, ImageFileName, CreateTime
 *   Velociraptor Windows.System.Pslist   JSON Lines (or a JSON array) of
 *       objects: Pid, Name, CreateTime
 *   tasklist /v /fo csv                  CSV with a header naming a "PID"
 *       column (the image name is the first column; /nh output without a
 *       header: image name, then PID); no start times
 * CreateTime is ISO 8601 (observed_time_parse(); null or empty: unknown).
 * A UTF-8 byte order mark and UTF-16 LE text with its mark (what
 * PowerShell's > writes) are read too. Pure: no I/O. */
#ifndef MIBTCP_TOOL_PROCESS_LIST_H
#define MIBTCP_TOOL_PROCESS_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum process_format { PROCESS_VOLATILITY, PROCESS_VELOCIRAPTOR, PROCESS_TASKLIST } process_format;

typedef struct process_entry {
    uint32_t pid;
    bool has_start;
    int64_t start; /* FILETIME (UTC) the process started */
    size_t name;   /* offset of its NUL-terminated name in process_list.names */
} process_entry;

typedef struct process_list {
    process_format format;
    process_entry *entries; /* by PID, then start time (unknown first) */
    size_t count;
    char *names;
    size_t names_len;
    size_t bad_times; /* CreateTime values that were not ISO 8601 times (kept without a start) */
} process_list;

typedef struct process_list_error {
    size_t line; /* from 1 */
    const char *message;
} process_list_error;

/* Parse text[0, len). @return false with *err on malformed input or when
 * out of memory (nothing to free then). */
bool process_list_parse(const char *text, size_t len, process_list *out, process_list_error *err);
void process_list_free(process_list *list);

/* "volatility3 windows.pslist", "velociraptor Windows.System.Pslist", "tasklist /v /fo csv". */
const char *process_format_name(process_format format);

/* The processes with this PID: *first is the first of them in entries. */
size_t process_list_find(const process_list *list, uint32_t pid, size_t *first);

/* Who owned a socket of @p pid created at @p created (has_created false:
 * unknown). Among the processes with the PID, the latest started no later
 * than the creation time (plus PROCESS_START_SLACK for rounded times)
 * owns it. *reused is set when every listed process of that PID started
 * after the creation time: the PID was reused, and no process is named.
 * Without a creation time or start times, the PID's only process owns it.
 * @return the owner's index in entries, or -1 (none listed, reused, or
 * several candidates that nothing tells apart: *ambiguous). */
#define PROCESS_START_SLACK INT64_C(10000000) /* 1 s in FILETIME ticks */
long process_list_owner(const process_list *list, uint32_t pid, bool has_created, int64_t created, bool *reused,
                        bool *ambiguous);

#endif
