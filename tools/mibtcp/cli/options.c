#include "cli/options.h"
#include "cli/option_values.h"
#include "output/out_writer.h"

bool options_parse_command(const command_options *spec, int argc, char **argv, void *values, const char **operand,
                           int *exit_status)
{
    const option_outcome parsed = options_parse_table(spec, argc, argv, values, operand);
    *exit_status = EXIT_USAGE;
    if (parsed == OPTIONS_HELP) {
        options_print_help(spec, stdout);
        *exit_status = out_stream_finish(stdout, spec->command, 0) ? EXIT_VALID : EXIT_USAGE;
    }
    return parsed == OPTIONS_PARSED;
}

bool options_parse_command_operands(const command_options *spec, int argc, char **argv, void *values,
                                    const char **operands, size_t *count, int *exit_status)
{
    const option_outcome parsed = options_parse_operands(spec, argc, argv, values, operands, count);
    *exit_status = EXIT_USAGE;
    if (parsed == OPTIONS_HELP) {
        options_print_help(spec, stdout);
        *exit_status = out_stream_finish(stdout, spec->command, 0) ? EXIT_VALID : EXIT_USAGE;
    }
    return parsed == OPTIONS_PARSED;
}

static const cli_option input_options[] = {
    {.name = "--hex",
     .parse = option_flag,
     OPTION_FIELD(cli_options, hex),
     .max = true,
     .help = "the input is hex text (xxd, xxd -e, hexdump, od, WinDbg db/dw/dd/dq, lists)"},
    {.name = "--offset",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(cli_options, offset),
     .max = UINT64_MAX,
     .help = "start N bytes into the input (decimal or 0x hex)"},
    {.name = "--length",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(cli_options, length),
     OPTION_SEEN(cli_options, has_length),
     .max = UINT64_MAX,
     .help = "use only N bytes"},
};
const option_group input_option_group = OPTION_GROUP(NULL, input_options);

static const cli_option validation_options[] = {
    {.name = "--kind",
     .value_name = "KIND|auto",
     .parse = option_kind_or_auto,
     OPTION_FIELD(cli_options, kind),
     .help = "table kind (see mibtcp --help); auto (default) detects it and says so on stderr"},
    {.name = "--strict",
     .parse = option_flag,
     OPTION_FIELD(cli_options, policy),
     .max = MIBTCP_POLICY_STRICT,
     .help = "reject any deviation (exact length, port upper bits zero, UDP flags 0/1)"},
};
const option_group validation_option_group = OPTION_GROUP(NULL, validation_options);
