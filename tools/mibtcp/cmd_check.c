/* mibtcp check: every finding, a summary, and an exit status for scripts. */
#include <inttypes.h>
#include <stdio.h>

#include "commands.h"
#include "diagnostics.h"
#include "input.h"
#include "options.h"

static const char *const check_formats[] = {"text", NULL};
static const command_spec check_spec = {
    "check",
    "usage: mibtcp check --kind KIND [--strict] FILE|-\n"
    "\n"
    "Validate a table and list every finding (offset, row, field, severity, code, message),\n"
    "then a summary with counts by finding code.\n"
    "  --kind KIND  table kind: tcp4-module, tcp6-module, ... (see mibtcp --help)\n"
    "  --strict     every deviation is an error\n"
    "Exit status: 0 valid under the policy, 1 invalid, 2 usage or I/O error.\n",
    check_formats,
};

typedef struct finding_tally {
    uint64_t by_code[MIBTCP_FINDING_COUNT_];
    uint64_t by_severity[3];
    uint64_t total;
} finding_tally;

static bool print_and_count(void *ctx, const mibtcp_finding *f)
{
    finding_tally *tally = ctx;
    if (tally->total == 0) {
        print_finding_header(stdout);
    }
    print_finding_line(stdout, f);
    tally->total++;
    tally->by_code[f->code]++;
    tally->by_severity[f->severity]++;
    return true;
}

static void print_summary(const cli_options *opt, size_t len, mibtcp_status status, const mibtcp_view *view,
                          const mibtcp_error *err, const finding_tally *tally)
{
    printf("%s: %s (%s), %zu bytes: ", opt->input, mibtcp_kind_name(opt->kind),
           opt->policy == MIBTCP_POLICY_STRICT ? "strict" : "lenient", len);
    if (status == MIBTCP_OK) {
        printf("VALID, %" PRIu32 " rows", mibtcp_view_count(view));
    } else {
        printf("INVALID: ");
        print_error_location(stdout, err);
    }
    printf("; %" PRIu64 " findings (%" PRIu64 " error, %" PRIu64 " warning, %" PRIu64 " info)", tally->total,
           tally->by_severity[MIBTCP_SEVERITY_ERROR], tally->by_severity[MIBTCP_SEVERITY_WARNING],
           tally->by_severity[MIBTCP_SEVERITY_INFO]);
    for (unsigned c = 0; c < MIBTCP_FINDING_COUNT_; c++) {
        if (tally->by_code[c] != 0) {
            printf(" %s=%" PRIu64, mibtcp_finding_name((mibtcp_finding_code)c), tally->by_code[c]);
        }
    }
    putchar('\n');
}

int cmd_check(int argc, char **argv)
{
    cli_options opt;
    if (!options_parse(&check_spec, argc, argv, &opt)) {
        return EXIT_USAGE;
    }
    if (opt.help) {
        fputs(check_spec.usage, stdout);
        return EXIT_VALID;
    }
    input_buffer in;
    if (!input_read(opt.input, &in)) {
        return EXIT_USAGE;
    }
    finding_tally tally = {{0}, {0}, 0};
    const mibtcp_status walked = mibtcp_findings(in.bytes, in.len, opt.kind, opt.policy, print_and_count, &tally);
    mibtcp_view view;
    mibtcp_error err;
    const mibtcp_status status = mibtcp_open(&view, in.bytes, in.len, opt.kind, opt.policy, &err);
    if (walked != status) { /* the library promises equality; never let a disagreement pass silently */
        fprintf(stderr, "mibtcp check: internal error: findings status %s != open status %s\n",
                mibtcp_status_name(walked), mibtcp_status_name(status));
        input_free(&in);
        return EXIT_USAGE;
    }
    print_summary(&opt, in.len, status, &view, &err, &tally);
    input_free(&in);
    if (fflush(stdout) != 0) {
        return EXIT_USAGE;
    }
    return status == MIBTCP_OK ? EXIT_VALID : EXIT_INVALID;
}
