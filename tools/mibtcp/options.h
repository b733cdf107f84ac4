/* Command-line options shared by the subcommands. */
#ifndef MIBTCP_TOOL_OPTIONS_H
#define MIBTCP_TOOL_OPTIONS_H

#include <stdbool.h>

#include "mibtcp.h"

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct cli_options {
    mibtcp_kind kind;
    mibtcp_policy policy;
    const char *format; /* NULL: the subcommand's default */
    const char *input;  /* path or "-" */
    bool help;
} cli_options;

/* Which options a subcommand takes, and its accepted --format values (NULL-terminated). */
typedef struct command_spec {
    const char *name;
    const char *usage; /* printed by --help and after usage errors */
    const char *const *formats;
} command_spec;

/* Parses argv (after the subcommand name). On a usage error prints one line
 * on stderr and returns false. */
bool options_parse(const command_spec *spec, int argc, char **argv, cli_options *out);

#endif
