#include <stdio.h>
#include <string.h>

#include "cli/diagnostics.h"
#include "input/command_setup.h"
#include "input/kind_choice.h"
#include "output/out_writer.h"

bool command_setup(const command_options *spec, int argc, char **argv, cli_options *opt, input_buffer *in,
                   kind_choice *kind, int *exit_status)
{
    *opt = (cli_options){.kind = MIBTCP_KIND_UNKNOWN, .policy = MIBTCP_POLICY_LENIENT};
    if (!options_parse_command(spec, argc, argv, opt, &opt->input, exit_status)) {
        return false;
    }
    if (!input_load(spec->command, opt, in)) { /* it leaves *in empty and freeable */
        return false;
    }
    if (kind != NULL && opt->kind == MIBTCP_KIND_UNKNOWN && in->len < 4) {
        /* Too short for any kind's dwNumEntries: an invalid table whatever
         * the kind, not a detection question (and not an I/O error). */
        fprintf(stderr, "mibtcp %s: %s: invalid table: BUFFER_TOO_SHORT: %s (%zu %s)\n", spec->command,
                input_shown_name(opt), mibtcp_finding_str(MIBTCP_FINDING_BUFFER_TOO_SHORT), in->len,
                bytes_word(in->len));
        input_free(in);
        *exit_status = EXIT_INVALID;
        return false;
    }
    if (kind != NULL) {
        if (!kind_choose(spec->command, opt, in, kind, exit_status)) {
            input_free(in);
            return false;
        }
    }
    return true;
}
