/* mibtcp check: every finding, a summary, and an exit status for scripts. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "common/json_text.h"
#include "input/command_setup.h"
#include "mibtcp_fast.h"
#include "output/out_writer.h"

static const char *const check_formats[] = {"text", "json", NULL};
static const cli_option check_options[] = {
    {.name = "--format",
     .parse = option_choice,
     OPTION_FIELD(cli_options, format),
     .names = check_formats,
     .help = "text: aligned lines and a summary (default); json: one object"},
};
static const option_group check_group = OPTION_GROUP(NULL, check_options);
static const command_options check_spec = {
    .command = "check",
    INPUT_OPERAND,
    .about = "Validate a table and list every finding (offset, row, field, severity, code, message),\n"
             "then a summary line with counts by severity and by finding code.\n",
    .groups = {&validation_option_group, &check_group, &input_option_group},
    .epilogue = "Exit status: 0 valid under the policy, 1 invalid (or no kind fits), 2 usage or I/O error\n"
                "(or an ambiguous kind under --kind auto).\n",
};

typedef struct finding_tally {
    uint64_t by_code[MIBTCP_HEADER_FINDING_COUNT];
    uint64_t by_severity[3];
    uint64_t total;
    bool json;
} finding_tally;

static bool print_and_count(void *ctx, const mibtcp_finding *f)
{
    finding_tally *tally = ctx;
    if (tally->json) {
        fputs(tally->total == 0 ? "" : ",", stdout);
        print_finding_json(stdout, f);
    } else {
        if (tally->total == 0) {
            print_finding_header(stdout);
        }
        print_finding_line(stdout, f);
    }
    tally->total++;
    if ((unsigned)f->code < MIBTCP_HEADER_FINDING_COUNT) {
        tally->by_code[f->code]++;
    }
    if ((unsigned)f->severity <= MIBTCP_SEVERITY_ERROR) {
        tally->by_severity[f->severity]++;
    }
    return true;
}

static void print_summary_text(const char *name, mibtcp_kind kind, const cli_options *opt, size_t len,
                               mibtcp_status status, const mibtcp_view *view, const mibtcp_error *err,
                               const finding_tally *tally)
{
    printf("%s: %s (%s), %zu %s: ", name, mibtcp_kind_name(kind), policy_name(opt->policy), len, bytes_word(len));
    if (status == MIBTCP_OK) {
        printf("VALID, %" PRIu32 " rows", mibtcp_view_count(view));
    } else {
        printf("INVALID: ");
        print_error_location(stdout, err);
    }
    printf("; %" PRIu64 " findings (%" PRIu64 " error, %" PRIu64 " warning, %" PRIu64 " info)", tally->total,
           tally->by_severity[MIBTCP_SEVERITY_ERROR], tally->by_severity[MIBTCP_SEVERITY_WARNING],
           tally->by_severity[MIBTCP_SEVERITY_INFO]);
    for (unsigned c = 0; c < MIBTCP_HEADER_FINDING_COUNT; c++) {
        if (tally->by_code[c] != 0) {
            printf(" %s=%" PRIu64, mibtcp_finding_name((mibtcp_finding_code)c), tally->by_code[c]);
        }
    }
    putchar('\n');
}

static void print_summary_json(mibtcp_status status, const mibtcp_view *view, const mibtcp_error *err,
                               const finding_tally *tally)
{
    printf("],\"valid\":%s,\"status\":\"%s\",\"rows\":%" PRIu32 ",\"error\":", status == MIBTCP_OK ? "true" : "false",
           mibtcp_status_name(status), mibtcp_view_count(view));
    if (status == MIBTCP_OK) {
        fputs("null", stdout);
    } else {
        print_error_json(stdout, err);
    }
    json_object counts;
    fputs(",\"summary\":", stdout);
    json_begin(&counts, stdout);
    json_uint(&counts, "error", tally->by_severity[MIBTCP_SEVERITY_ERROR]);
    json_uint(&counts, "warning", tally->by_severity[MIBTCP_SEVERITY_WARNING]);
    json_uint(&counts, "info", tally->by_severity[MIBTCP_SEVERITY_INFO]);
    for (unsigned c = 0; c < MIBTCP_HEADER_FINDING_COUNT; c++) {
        if (tally->by_code[c] != 0) {
            json_uint(&counts, mibtcp_finding_name((mibtcp_finding_code)c), tally->by_code[c]);
        }
    }
    json_end(&counts);
    fputs("}\n", stdout);
}

int cmd_check(int argc, char **argv)
{
    cli_options opt;
    input_buffer in;
    kind_choice choice;
    int exit_status;
    if (!command_setup(&check_spec, argc, argv, &opt, &in, &choice, &exit_status)) {
        return exit_status;
    }
    kind_choice_note("check", &choice); /* the findings on stdout say what is wrong */
    const mibtcp_kind kind = choice.kind;
    const char *name = input_name(&opt);
    finding_tally tally = {{0}, {0}, 0, strcmp(opt.format, "json") == 0};
    if (tally.json) {
        printf("{\"input\":");
        json_write_string(stdout, name);
        printf(",\"kind\":\"%s\",\"policy\":\"%s\",\"bytes\":%zu,\"findings\":[", mibtcp_kind_name(kind),
               policy_name(opt.policy), in.len);
    }
    const mibtcp_status walked = mibtcp_findings(in.bytes, in.len, kind, opt.policy, print_and_count, &tally);
    mibtcp_view view;
    mibtcp_error err;
    const mibtcp_status status = mibtcp_open(&view, in.bytes, in.len, kind, opt.policy, &err);
    if (walked != status) { /* the library promises equality; never let a disagreement pass silently */
        fprintf(stderr, "mibtcp check: internal error: findings status %s != open status %s\n",
                mibtcp_status_name(walked), mibtcp_status_name(status));
        input_free(&in);
        return EXIT_USAGE;
    }
    if (tally.json) {
        print_summary_json(status, &view, &err, &tally);
    } else {
        print_summary_text(input_shown_name(&opt), kind, &opt, in.len, status, &view, &err, &tally);
    }
    input_free(&in);
    if (!out_stream_finish(stdout, "check", 0)) {
        return EXIT_USAGE;
    }
    return status == MIBTCP_OK ? EXIT_VALID : EXIT_INVALID;
}
