/* mibtcp dump: print the rows of a validated table. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "command_setup.h"
#include "commands.h"
#include "diagnostics.h"
#include "dump_format.h"
#include "options.h"
#include "row_filter.h"
#include "kind_layout.h"

static const char *const dump_formats[] = {"table", "jsonl", "json", "csv", "timesketch", "bodyfile", NULL};
static const command_spec dump_spec = {
    "dump",
    "usage: mibtcp dump [--kind KIND|auto] [--strict] [--format FORMAT] [--hex] [--offset N] [--length N]\n"
    "                   [FILTERS] [--module-info] [--observed TIME] [--progress|--no-progress]\n"
    "                   [--] FILE|-\n"
    "\n"
    "Validate a table and print its rows.\n"
    "  --kind KIND     table kind (see mibtcp --help); auto (default) detects it and says so on stderr\n"
    "  --strict        reject any deviation (exact length, port upper bits zero, UDP flags 0/1)\n"
    "  --format table       netstat-like columns (default)\n"
    "           jsonl       one JSON object per row\n"
    "           json        one object: kind, count, policy, findings, rows\n"
    "           csv         RFC 4180, header row first\n"
    "           timesketch  JSON Lines for Timesketch, an event per row: message, datetime,\n"
    "                       timestamp_desc, observed, observed_source, then the jsonl keys; the\n"
    "                       event is the plausible creation time, else the observation time\n"
    "           bodyfile    Sleuth Kit body file for mactime and plaso: the connection as the name\n"
    "                       (IPv6 scope as \"[fe80::1 scope 13]:445\"), the observation time as\n"
    "                       atime, the plausible creation time as crtime (0: none)\n"
    "  --hex           the input is hex text (xxd, xxd -e, hexdump, od, WinDbg db/dw/dd/dq, lists)\n"
    "  --offset N      start N bytes into the input (decimal or 0x hex)\n"
    "  --length N      use only N bytes\n"
    "  --module-info   add the 128 OwningModuleInfo bytes (hex) to the table view\n"    "  --observed TIME when the rows were seen (ISO 8601 UTC, e.g. 2024-05-01T12:00:00Z), for\n"
    "                  timesketch and bodyfile; default: the input file's modification time\n"
    "  --progress      a progress meter on stderr (default: when stderr is a terminal and the\n"
    "                  input is over 64 MiB); --no-progress: never\n"
    "  --              end of options: the next argument is the input, even if it starts with '-'\n"
    "Filters (a row must match all given):\n"
    "  --state NAME[,NAME]  TCP state(s), e.g. LISTEN,ESTABLISHED or netstat's LISTENING (TCP kinds only)\n"
    "  --pid N              owning PID\n"
    "  --port N             local or remote port\n"
    "  --addr A             local or remote address: any spelling (::1, 0:0:0:0:0:0:0:1, [::1]);\n"
    "                       A%SCOPE matches that scope id only (fe80::1%7, ::1%0)\n"
    "Exit status: 0 rows printed, 1 invalid table (located error on stderr), 2 usage, I/O or write\n"
    "error, or an ambiguous kind under --kind auto.\n",
    dump_formats,
    OPT_KIND | OPT_STRICT | OPT_INPUT | OPT_FILTER | OPT_MODULE_INFO | OPT_PROGRESS | OPT_OBSERVED,
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
    if (opt->filter.state_count > 0 && !kind_has_field(kind, MIBTCP_FIELD_STATE)) {
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
        fprintf(stderr, "mibtcp dump: %s: invalid %s table (%s", command_shown_name(&opt), mibtcp_kind_name(kind),
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
    const dump_context d = {&opt,      kind,
                            &view,     in.bytes,
                            in.len,    &out,
                            &progress, observed_time_choose(opt.has_observed, opt.observed_filetime, NULL, 0, opt.input),
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
        fprintf(stderr, "mibtcp dump: internal error: the library refused a row or the findings of the validated table "
                        "(%s); the output lacks them\n", mibtcp_status_name(failure));
        return EXIT_USAGE;
    }
    return written ? EXIT_VALID : EXIT_USAGE;
}
