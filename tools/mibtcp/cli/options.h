/* The start every command shares (its table parsed, --help printed, the exit
 * statuses), the options dump, check and detect parse into, and the option
 * groups of their tables (option_table.h) they have in common. */
#ifndef MIBTCP_TOOL_OPTIONS_H
#define MIBTCP_TOOL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/option_domain.h"
#include "cli/option_table.h"
#include "cli/progress.h"
#include "common/addr_parse.h"
#include "mibtcp.h"

enum { EXIT_VALID = 0, EXIT_INVALID = 1, EXIT_USAGE = 2 };

typedef struct row_filter {
    state_list states;
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
} cli_options;

/* The start of every command: parses argv (after the command's name) with
 * options_parse_table(). True when the command goes on; else it is finished
 * with *exit_status: 0 after --help (printed), 2 after a usage error. */
bool options_parse_command(const command_options *spec, int argc, char **argv, void *values, const char **operand,
                           int *exit_status);
/* The same with options_parse_operands(): operands[] has room for argc entries. */
bool options_parse_command_operands(const command_options *spec, int argc, char **argv, void *values,
                                    const char **operands, size_t *count, int *exit_status);

/* --hex, --offset, --length: dump, check and detect. */
extern const option_group input_option_group;
/* --kind KIND|auto, --strict: dump and check. */
extern const option_group validation_option_group;

/* The operand of dump, check and detect, for their command_options. */
#define INPUT_OPERAND \
    .operand = "FILE|-", .operand_noun = "input", .missing_operand = "no input given (a file, or - for stdin)"

#endif
