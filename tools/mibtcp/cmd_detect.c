/* mibtcp detect: rank the kinds a buffer could be, with the reasons. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "command_setup.h"
#include "header_counts.h"
#include "json_text.h"
#include "kind_choice.h"
#include "options.h"

static const char *const detect_formats[] = {"text", "json", NULL};
static const command_spec detect_spec = {
    "detect",
    "usage: mibtcp detect [--hex] [--offset N] [--length N] [--format text|json] FILE|-\n"
    "\n"
    "Rank the table kinds the input could be (every kind whose rows fit), best first, with a\n"
    "confidence, whether it validates (lenient policy) and the evidence: length arithmetic,\n"
    "state range, port upper bits, padding, scope ids, timestamps, PID alignment, flags and\n"
    "offload states. A damaged table of the right kind stays a candidate, marked not valid.\n"
    "  --hex          the input is hex text (xxd, xxd -e, hexdump, od, WinDbg db/dw/dd/dq, lists)\n"
    "  --offset N     start N bytes into the input (decimal or 0x hex)\n"
    "  --length N     use only N bytes\n"
    "  --format text  a ranked table (default); json: one object\n"
    "Exit status: 0 one kind leads clearly, 1 ambiguous or no kind fits, 2 usage or I/O error.\n",
    detect_formats,
    OPT_INPUT,
};

static const char *verdict(mibtcp_status status)
{
    return status == MIBTCP_OK ? "decided" : status == MIBTCP_ERR_AMBIGUOUS ? "ambiguous" : "none";
}

static void print_text(const char *name, size_t len, mibtcp_status status, const mibtcp_candidate *c, size_t n)
{
    char reasons[512];
    printf("%s: %zu bytes: %s\n", name, len,
           status == MIBTCP_OK ? "kind decided" : status == MIBTCP_ERR_AMBIGUOUS ? "AMBIGUOUS (give --kind)"
                                                                                  : "no kind fits");
    if (n > 0) {
        printf("%-4s  %-12s  %10s  %8s  %10s  %-7s  %s\n", "rank", "kind", "confidence", "score", "rows", "valid",
               "evidence");
    }
    for (size_t i = 0; i < n; i++) {
        kind_reasons(&c[i], reasons, sizeof reasons);
        printf("%-4zu  %-12s  %9" PRIu32 "%%  %8" PRId64 "  %10" PRIu32 "  %-7s  %s\n", i + 1,
               mibtcp_kind_name(c[i].kind), c[i].confidence, c[i].score, c[i].evidence.rows, c[i].valid ? "yes" : "NO",
               reasons);
    }
}

static void print_json(size_t len, mibtcp_status status, const mibtcp_candidate *c, size_t n)
{
    char reasons[512];
    printf("{\"bytes\":%zu,\"verdict\":\"%s\",\"kind\":", len, verdict(status));
    if (status == MIBTCP_OK) {
        json_write_string(stdout, mibtcp_kind_name(c[0].kind));
    } else {
        fputs("null", stdout);
    }
    fputs(",\"candidates\":[", stdout);
    for (size_t i = 0; i < n; i++) {
        json_object o;
        kind_reasons(&c[i], reasons, sizeof reasons);
        if (i > 0) {
            fputc(',', stdout);
        }
        json_begin(&o, stdout);
        json_string(&o, "kind", mibtcp_kind_name(c[i].kind));
        json_uint(&o, "confidence", c[i].confidence);
        json_int(&o, "score", c[i].score);
        json_uint(&o, "rows", c[i].evidence.rows);
        json_bool(&o, "valid", c[i].valid);
        json_uint(&o, "trailing", c[i].evidence.trailing);
        json_string(&o, "evidence", reasons);
        json_end(&o);
    }
    fputs("]}\n", stdout);
}

int cmd_detect(int argc, char **argv)
{
    cli_options opt;
    input_buffer in;
    int exit_status;
    if (!command_setup(&detect_spec, argc, argv, &opt, &in, NULL, &exit_status)) {
        return exit_status;
    }
    mibtcp_candidate c[CLI_KINDS];
    size_t n = 0;
    const mibtcp_status status = mibtcp_detect(in.bytes, in.len, c, CLI_KINDS, &n);
    if (strcmp(opt.format, "json") == 0) {
        print_json(in.len, status, c, n);
    } else {
        print_text(command_input_name(&opt), in.len, status, c, n);
    }
    input_free(&in);
    if (fflush(stdout) != 0) {
        return EXIT_USAGE;
    }
    return status == MIBTCP_OK ? EXIT_VALID : EXIT_INVALID;
}
