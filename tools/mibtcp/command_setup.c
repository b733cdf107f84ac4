#include <stdio.h>
#include <string.h>

#include "command_setup.h"
#include "kind_choice.h"

bool command_setup(const command_spec *spec, int argc, char **argv, cli_options *opt, input_buffer *in,
                   mibtcp_kind *kind, int *exit_status)
{
    *in = (input_buffer){NULL, 0};
    *exit_status = EXIT_USAGE;
    if (!options_parse(spec, argc, argv, opt)) {
        return false;
    }
    if (opt->help) {
        fputs(spec->usage, stdout);
        *exit_status = EXIT_VALID;
        return false;
    }
    if (!input_load(spec->name, opt, in)) {
        return false;
    }
    if (kind != NULL) {
        *kind = kind_choose(spec->name, opt, in, exit_status);
        if (*kind == MIBTCP_KIND_UNKNOWN) {
            input_free(in);
            return false;
        }
    }
    return true;
}

const char *command_input_name(const cli_options *opt)
{
    return strcmp(opt->input, "-") == 0 ? "<stdin>" : opt->input;
}
