/* The start every input-reading subcommand shares: options, --help, the
 * input bytes and, for commands that decode, the table kind. */
#ifndef MIBTCP_TOOL_COMMAND_SETUP_H
#define MIBTCP_TOOL_COMMAND_SETUP_H

#include "cli/options.h"
#include "input/input.h"
#include "input/kind_choice.h"

/* Returns true when the command should go on with *in loaded (and *kind
 * chosen, unless kind is NULL: the command prints kind_choice_note()); false when it is already finished, with
 * *exit_status set (0 after --help). The caller frees *in. */
bool command_setup(const command_options *spec, int argc, char **argv, cli_options *opt, input_buffer *in,
                   kind_choice *kind, int *exit_status);

#endif
