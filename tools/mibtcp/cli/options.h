/* Command-line options shared by the subcommands. */
#ifndef MIBTCP_TOOL_OPTIONS_H
#define MIBTCP_TOOL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/addr_parse.h"
#include "mibtcp.h"
#include "cli/progress.h"

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

/* Options a subcommand accepts, beyond --help and the input. */
enum {
    OPT_KIND = 1 << 0,   /* --kind KIND|auto */
    OPT_STRICT = 1 << 1, /* --strict */
    OPT_INPUT = 1 << 2,  /* --hex, --offset, --length */
    OPT_FILTER = 1 << 3, /* --state, --pid, --port, --addr */
    OPT_MODULE_INFO = 1 << 4,
    OPT_PROGRESS = 1 << 5, /* --progress, --no-progress */
    OPT_OBSERVED = 1 << 6, /* --observed TIME */
};

#define MAX_STATE_FILTER 16

typedef struct row_filter {
    uint32_t states[MAX_STATE_FILTER];
    unsigned state_count;
    bool has_pid, has_port;
    uint32_t pid;
    uint16_t port;
    bool has_addr;
    addr_filter addr;
} row_filter;

typedef struct cli_options {
    mibtcp_kind kind; /* MIBTCP_KIND_UNKNOWN: auto */
    mibtcp_policy policy;
    const char *format;
    const char *input; /* path or "-" */
    bool hex;
    uint64_t offset;
    bool has_length;
    uint64_t length;
    row_filter filter;
    bool module_info;
    progress_choice progress;
    bool has_observed;
    int64_t observed_filetime; /* --observed, within the plausible years */
    bool help;
} cli_options;

typedef struct command_spec {
    const char *name;
    const char *usage; /* printed by --help */
    const char *const *formats; /* accepted --format values, default first, NULL-terminated */
    unsigned accepts;           /* OPT_* */
} command_spec;

/* Parses argv (after the subcommand name). On a usage error prints one line
 * on stderr and returns false. */
bool options_parse(const command_spec *spec, int argc, char **argv, cli_options *out);

/* Helpers for subcommands with options of their own. */
const char *options_take_value(const char *name, int argc, char **argv, int *i, bool *missing);
bool options_parse_u64(const char *text, uint64_t max, uint64_t *value);
bool options_usage_error(const char *command, const char *message, const char *arg);
/* "auto", in any case, like kind names. */
bool options_is_auto(const char *kind);

#endif
