/* The start every input-reading subcommand shares: options, --help, the
 * input bytes and, for commands that decode, the table kind. */
#ifndef MIBTCP_TOOL_COMMAND_SETUP_H
#define MIBTCP_TOOL_COMMAND_SETUP_H

#include "input.h"
#include "kind_choice.h"
#include "options.h"

/* Returns true when the command should go on with *in loaded (and *kind
 * chosen, unless kind is NULL: the command prints kind_choice_note()); false when it is already finished, with
 * *exit_status set (0 after --help). The caller frees *in. */
bool command_setup(const command_options *spec, int argc, char **argv, cli_options *opt, input_buffer *in,
                   kind_choice *kind, int *exit_status);

/* "<stdin>" for "-", else the path (JSON output escapes it itself). */
const char *command_input_name(const cli_options *opt);
/* The same for a line of text: display_name() (a static buffer). */
const char *command_shown_name(const cli_options *opt);

#endif
