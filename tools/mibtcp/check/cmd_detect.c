/* mibtcp detect: rank the kinds a buffer could be, with the reasons. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/diagnostics.h"
#include "cli/option_values.h"
#include "cli/options.h"
#include "common/json_text.h"
#include "input/command_setup.h"
#include "input/kind_choice.h"
#include "mibtcp_fast.h"
#include "output/out_writer.h"

static const char *const detect_formats[] = {"text", "json", NULL};
static const cli_option detect_options[] = {
    {.name = "--format",
     .parse = option_choice,
     OPTION_FIELD(cli_options, format),
     .names = detect_formats,
     .help = "text: a verdict line and a ranked table (default); json: one object"},
};
static const option_group detect_group = OPTION_GROUP(NULL, detect_options);
static const command_options detect_spec = {
    .command = "detect",
    INPUT_OPERAND,
    .about = "Weigh the evidence that the input is a table of each kind against the evidence that it is\n"
             "no table at all, and give a verdict: decided (one kind has at least 10 bits of evidence and\n"
             "leads the next by 6), ambiguous, or not a table. Every kind is listed, best first, with its\n"
             "probability (\"not a table\" is a hypothesis too), evidence in bits, rows promised, whether\n"
             "it validates (lenient policy) and what each check contributed. A cut or miscounted table\n"
             "stays a candidate of its kind, marked not valid.\n",
    .groups = {&input_option_group, &detect_group},
    .epilogue = "Exit status: 0 decided, 1 not a table, 2 ambiguous (or a usage or I/O error).\n",
};

static const char *verdict_name(mibtcp_status status)
{
    return status == MIBTCP_OK ? "decided" : status == MIBTCP_ERR_AMBIGUOUS ? "ambiguous" : "not-a-table";
}

static void print_text(const char *name, const input_buffer *in, mibtcp_status status, const mibtcp_candidate *c,
                       const mibtcp_detection *d)
{
    char reasons[768], bits[32];
    printf("%s: %zu %s: ", name, in->len, bytes_word(in->len));
    if (status == MIBTCP_OK) {
        printf("decided %s (%" PRIu32 "%%)\n", mibtcp_kind_name(c[0].kind), c[0].confidence);
    } else if (status == MIBTCP_ERR_AMBIGUOUS && c[0].rows_promised == 0) {
        printf("AMBIGUOUS: an empty table, no row tells its kind (give --kind)\n");
    } else if (status == MIBTCP_ERR_AMBIGUOUS) {
        printf("AMBIGUOUS (give --kind)\n");
    } else if (in->len < 4) {
        printf("not a table (BUFFER_TOO_SHORT: %s)\n", mibtcp_finding_str(MIBTCP_FINDING_BUFFER_TOO_SHORT));
    } else if (d->written > 0 && c[0].confidence > d->not_a_table) {
        /* The verdict follows the rule (no kind has the evidence to be
         * named); the probabilities say more: what a damaged table whose few
         * rows carry little looks like. Saying only "not a table (3%)" would
         * leave the reader to guess what the 97 % are. */
        printf("not a table (%" PRIu32 "%%): below %d bits of evidence, but a%s %s table is more probable (%" PRIu32
               "%%)\n",
               d->not_a_table, MIBTCP_DETECT_THRESHOLD_BITS, c[0].valid ? "" : " damaged", mibtcp_kind_name(c[0].kind),
               c[0].confidence);
    } else {
        printf("not a table (%" PRIu32 "%%)\n", d->not_a_table);
    }
    if (d->written > 0) {
        printf("%-4s  %-12s  %10s  %8s  %10s  %-5s  %s\n", "rank", "kind", "confidence", "bits", "rows", "valid",
               "evidence");
    }
    for (size_t i = 0; i < d->written; i++) {
        kind_reasons(in->bytes, in->len, c[i].kind, reasons, sizeof reasons);
        evidence_bits_text(c[i].evidence, bits, sizeof bits);
        printf("%-4zu  %-12s  %9" PRIu32 "%%  %8s  %10" PRIu32 "  %-5s  %s\n", i + 1, mibtcp_kind_name(c[i].kind),
               c[i].confidence, bits, c[i].rows_promised, c[i].valid ? "yes" : "NO", reasons);
    }
}

static void print_json(const input_buffer *in, mibtcp_status status, const mibtcp_candidate *c,
                       const mibtcp_detection *d)
{
    char reasons[768];
    printf("{\"bytes\":%zu,\"verdict\":\"%s\",\"kind\":", in->len, verdict_name(status));
    if (status == MIBTCP_OK) {
        json_write_string(stdout, mibtcp_kind_name(c[0].kind));
    } else {
        fputs("null", stdout);
    }
    /* Below 4 bytes there is not even a count: the finding every kind reports. */
    printf(",\"not_a_table\":%" PRIu32 ",\"finding\":%s,\"candidates\":[", d->not_a_table,
           in->len < 4 ? "\"BUFFER_TOO_SHORT\"" : "null");
    for (size_t i = 0; i < d->written; i++) {
        json_object o;
        kind_reasons(in->bytes, in->len, c[i].kind, reasons, sizeof reasons);
        if (i > 0) {
            fputc(',', stdout);
        }
        json_begin(&o, stdout);
        json_string(&o, "kind", mibtcp_kind_name(c[i].kind));
        json_uint(&o, "confidence", c[i].confidence);
        json_int(&o, "evidence", c[i].evidence);
        json_uint(&o, "rows", c[i].rows_promised);
        json_uint(&o, "rows_present", c[i].rows_present);
        json_bool(&o, "valid", c[i].valid);
        json_uint(&o, "trailing", c[i].trailing);
        json_string(&o, "reasons", reasons);
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
    in.len = kind_detect_prefix("detect", &opt, &in); /* the bytes weighed; input_free() needs no length */
    mibtcp_candidate c[MIBTCP_HEADER_KIND_COUNT];
    mibtcp_detection d;
    const mibtcp_status status = mibtcp_detect(in.bytes, in.len, c, MIBTCP_HEADER_KIND_COUNT, &d);
    if (status != MIBTCP_OK && status != MIBTCP_ERR_AMBIGUOUS && status != MIBTCP_ERR_NOT_DETECTED) {
        fprintf(stderr, "mibtcp detect: internal error: detection failed (%s)\n", mibtcp_status_name(status));
        input_free(&in);
        return EXIT_USAGE;
    }
    if (strcmp(opt.format, "json") == 0) {
        print_json(&in, status, c, &d);
    } else {
        print_text(input_shown_name(&opt), &in, status, c, &d);
    }
    input_free(&in);
    if (!out_stream_finish(stdout, "detect", 0)) {
        return EXIT_USAGE;
    }
    return status == MIBTCP_OK ? EXIT_VALID : status == MIBTCP_ERR_AMBIGUOUS ? EXIT_USAGE : EXIT_INVALID;
}
