/* mibtcp dump: print the rows of a validated table. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "common/kind_layout.h"
#include "dump/dump_format.h"
#include "dump/row_filter.h"
#include "input/command_setup.h"
#include "input/observed_time_choose.h"

static const char *const dump_formats[] = {"table", "jsonl", "json", "csv", "timesketch", "bodyfile", NULL};
static const char *const dump_format_help[] = {
    "netstat-like columns (default)",
    "one JSON object per row",
    "one object: kind, count, policy, findings, rows",
    "RFC 4180, header row first",
    "JSON Lines for Timesketch, an event per row: message, datetime,\n"
    "timestamp_desc, observed, observed_source, then the jsonl keys; the\n"
    "event is the plausible creation time, else the observation time",
    "Sleuth Kit body file for mactime and plaso: the connection as the name\n"
    "(IPv6 scope as \"[fe80::1 scope 13]:445\"), the observation time as\n"
    "atime, the plausible creation time as crtime (0: none)",
};
static const cli_option dump_options[] = {
    {.name = "--format",
     .value_name = "FORMAT",
     .parse = option_choice,
     OPTION_FIELD(cli_options, format),
     .names = dump_formats,
     .name_help = dump_format_help,
     .help = "how the rows are written:"},
};
static const cli_option dump_output_options[] = {
    {.name = "--module-info",
     .parse = option_flag,
     OPTION_FIELD(cli_options, module_info),
     .max = true,
     .help = "add the 128 OwningModuleInfo bytes (hex) to the table view"},
    {.name = "--observed",
     .value_name = "TIME",
     .parse = option_time,
     OPTION_FIELD(cli_options, observed_filetime),
     OPTION_SEEN(cli_options, has_observed),
     .help = "when the rows were seen (ISO 8601 UTC, e.g. 2024-05-01T12:00:00Z), for\n"
             "timesketch and bodyfile; default: the input file's modification time"},
    {.name = "--progress",
     .parse = option_flag,
     OPTION_FIELD(cli_options, progress),
     .max = PROGRESS_ON,
     .help = "a progress meter on stderr (default: when stderr is a terminal and the\n"
             "input is over 64 MiB)"},
    {.name = "--no-progress",
     .parse = option_flag,
     OPTION_FIELD(cli_options, progress),
     .max = PROGRESS_OFF,
     .help = "never a progress meter"},
};
static const cli_option filter_options[] = {
    {.name = "--state",
     .value_name = "NAME[,NAME]",
     .parse = option_state_list,
     OPTION_FIELD(cli_options, filter.states),
     .help = "TCP state(s), e.g. LISTEN,ESTABLISHED or netstat's LISTENING (TCP kinds only)"},
    {.name = "--pid",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(cli_options, filter.pid),
     OPTION_SEEN(cli_options, filter.has_pid),
     .max = UINT32_MAX,
     .help = "owning PID"},
    {.name = "--port",
     .value_name = "N",
     .parse = option_uint,
     OPTION_FIELD(cli_options, filter.port),
     OPTION_SEEN(cli_options, filter.has_port),
     .max = UINT16_MAX,
     .help = "local or remote port"},
    {.name = "--addr",
     .value_name = "A",
     .parse = option_address,
     OPTION_FIELD(cli_options, filter.addr),
     OPTION_SEEN(cli_options, filter.has_addr),
     .help = "local or remote address: any spelling (::1, 0:0:0:0:0:0:0:1, [::1]);\n"
             "A%SCOPE matches that scope id only (fe80::1%7, ::1%0)"},
};
static const option_group dump_group = OPTION_GROUP(NULL, dump_options);
static const option_group dump_output_group = OPTION_GROUP(NULL, dump_output_options);
static const option_group filter_group = OPTION_GROUP("Filters (a row must match all given):", filter_options);
static const command_options dump_spec = {
    .command = "dump",
    INPUT_OPERAND,
    .about = "Validate a table and print its rows.\n",
    .groups = {&validation_option_group, &dump_group, &input_option_group, &dump_output_group, &filter_group},
    .epilogue = "Exit status: 0 rows printed, 1 invalid table (located error on stderr), 2 usage, I/O or write\n"
                "error, or an ambiguous kind under --kind auto.\n",
};

void dump_each_row(const dump_context *d, dump_row_fn fn, void *state)
{
    mibtcp_iter it;
    row_text t;
    mibtcp_status status = mibtcp_iter_init(&it, d->view);
    while (status == MIBTCP_OK && d->out->error == 0) {
        status = mibtcp_iter_next_record(&it, &t.rec);
        if (status == MIBTCP_OK) {
            progress_tick(d->progress, t.rec.offset);
            if (row_filter_match(&d->opt->filter, &t)) {
                fn(d, &t, state);
            }
        }
    }
    /* The rows of a valid view cannot fail to read; the callers still say so if one does. */
    if (status != MIBTCP_OK && status != MIBTCP_END_OF_ROWS && *d->failure == MIBTCP_OK) {
        *d->failure = status;
    }
}

void dump_note_rows(uint64_t count, const char *what)
{
    if (count > 0) {
        fprintf(stderr, "mibtcp dump: %" PRIu64 " row%s %s\n", count, count == 1 ? "" : "s", what);
    }
}

static const struct {
    const char *name;
    void (*print)(const dump_context *d);
} printers[] = {
    {"table", dump_table}, {"jsonl", dump_jsonl},           {"json", dump_json},
    {"csv", dump_csv},     {"timesketch", dump_timesketch}, {"bodyfile", dump_bodyfile},
};

/* --state on a kind without states would print nothing, silently. */
static bool filters_fit(const cli_options *opt, mibtcp_kind kind)
{
    if (opt->filter.states.count > 0 && !kind_has_field(kind, MIBTCP_FIELD_STATE)) {
        fprintf(stderr, "mibtcp dump: --state: %s rows have no TCP state (see 'mibtcp dump --help')\n",
                mibtcp_kind_name(kind));
        return false;
    }
    return true;
}

int cmd_dump(int argc, char **argv)
{
    cli_options opt;
    input_buffer in;
    kind_choice choice;
    int exit_status;
    if (!command_setup(&dump_spec, argc, argv, &opt, &in, &choice, &exit_status)) {
        return exit_status;
    }
    const mibtcp_kind kind = choice.kind;
    if (!filters_fit(&opt, kind)) {
        input_free(&in);
        return EXIT_USAGE;
    }
    mibtcp_view view;
    mibtcp_error err;
    if (mibtcp_open(&view, in.bytes, in.len, kind, opt.policy, &err) != MIBTCP_OK) {
        fprintf(stderr, "mibtcp dump: %s: invalid %s table (%s", input_shown_name(&opt), mibtcp_kind_name(kind),
                policy_name(opt.policy));
        if (choice.detected) {
            fprintf(stderr, "; detected with confidence %" PRIu32 "%%", choice.confidence);
        }
        fputs("): ", stderr);
        print_error_location(stderr, &err);
        fputc('\n', stderr);
        input_free(&in);
        return EXIT_INVALID;
    }
    kind_choice_note("dump", &choice);
    static out_writer out; /* 64 KiB: not on the stack */
    out_init(&out, stdout);
    progress_meter progress;
    progress_start(&progress, opt.progress, in.len);
    mibtcp_status failure = MIBTCP_OK;
    const dump_context d = {
        &opt,    kind, &view,     in.bytes,
        in.len,  &out, &progress, observed_time_choose(opt.has_observed, opt.observed_filetime, NULL, 0, opt.input),
        &failure};
    for (size_t i = 0; i < sizeof printers / sizeof printers[0]; i++) {
        if (strcmp(opt.format, printers[i].name) == 0) {
            printers[i].print(&d);
        }
    }
    progress_end(&progress);
    input_free(&in);
    const bool written = out_finish(&out, "dump");
    if (failure != MIBTCP_OK) {
        fprintf(stderr,
                "mibtcp dump: internal error: the library refused a row or the findings of the validated table "
                "(%s); the output lacks them\n",
                mibtcp_status_name(failure));
        return EXIT_USAGE;
    }
    return written ? EXIT_VALID : EXIT_USAGE;
}
