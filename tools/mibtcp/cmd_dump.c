/* mibtcp dump: print the rows of a validated table. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diagnostics.h"
#include "json_text.h"
#include "command_setup.h"
#include "options.h"
#include "row_columns.h"
#include "row_filter.h"
#include "row_text.h"

static const char *const dump_formats[] = {"table", "jsonl", "json", "csv", NULL};
static const command_spec dump_spec = {
    "dump",
    "usage: mibtcp dump [--kind KIND|auto] [--strict] [--format table|jsonl|json|csv]\n"
    "                   [--hex] [--offset N] [--length N] [FILTERS] [--module-info] FILE|-\n"
    "\n"
    "Validate a table and print its rows.\n"
    "  --kind KIND     table kind (see mibtcp --help); auto (default) detects it and says so on stderr\n"
    "  --strict        reject any deviation (exact length, port upper bits zero, UDP flags 0/1)\n"
    "  --format table  netstat-like columns (default)\n"
    "           jsonl  one JSON object per row\n"
    "           json   one object: kind, count, policy, findings, rows\n"
    "           csv    RFC 4180, header row first\n"
    "  --hex           the input is hex text (xxd, xxd -e, hexdump, od, WinDbg db/dw/dd/dq, lists)\n"
    "  --offset N      start N bytes into the input (decimal or 0x hex)\n"
    "  --length N      use only N bytes\n"
    "  --module-info   add the 128 OwningModuleInfo bytes (hex) to the table view\n"
    "Filters (a row must match all given):\n"
    "  --state NAME[,NAME]  TCP state(s), e.g. LISTEN,ESTABLISHED\n"
    "  --pid N              owning PID\n"
    "  --port N             local or remote port\n"
    "  --addr A             local or remote address as printed (fe80::1, or fe80::1%7 for one scope)\n"
    "Exit status: 0 rows printed, 1 invalid table (located error on stderr), 2 usage or I/O error,\n"
    "or an ambiguous kind under --kind auto.\n",
    dump_formats,
    OPT_KIND | OPT_STRICT | OPT_INPUT | OPT_FILTER | OPT_MODULE_INFO,
};

typedef struct dump_context {
    const cli_options *opt;
    mibtcp_kind kind;
    const mibtcp_view *view;
    const uint8_t *bytes;
    size_t len;
} dump_context;

/* Calls fn for each row that passes the filters. */
typedef void (*row_fn)(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state);

static void for_each_match(const dump_context *d, row_fn fn, void *state)
{
    mibtcp_iter it;
    mibtcp_row row;
    row_text t;
    mibtcp_iter_init(&it, d->view);
    while (mibtcp_iter_next(&it, &row)) {
        row_text_fill(&row, &t);
        if (row_filter_match(&d->opt->filter, &t)) {
            fn(d, &row, &t, state);
        }
    }
}

/* ---- JSON ---- */

static void print_row_object(const mibtcp_row *row, const row_text *t)
{
    json_object o;
    json_begin(&o, stdout);
    column_json_members(&o, row, t);
    json_end(&o);
}

static void jsonl_row(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state)
{
    (void)d;
    (void)state;
    print_row_object(row, t);
    fputc('\n', stdout);
}

static void json_array_row(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state)
{
    bool *first = state;
    (void)d;
    fputs(*first ? "\n" : ",\n", stdout);
    *first = false;
    print_row_object(row, t);
}

static bool json_finding(void *ctx, const mibtcp_finding *f)
{
    bool *first = ctx;
    fputs(*first ? "" : ",", stdout);
    *first = false;
    print_finding_json(stdout, f);
    return true;
}

static void print_json(const dump_context *d)
{
    printf("{\"kind\":\"%s\",\"policy\":\"%s\",\"bytes\":%zu,\"count\":%" PRIu32 ",\"trailing\":%zu,\"findings\":[",
           mibtcp_kind_name(d->kind), policy_name(d->opt->policy), d->len, mibtcp_view_count(d->view),
           mibtcp_view_trailing(d->view));
    bool first = true;
    (void)mibtcp_findings(d->bytes, d->len, d->kind, d->opt->policy, json_finding, &first);
    fputs("],\"rows\":[", stdout);
    first = true;
    for_each_match(d, json_array_row, &first);
    fputs(first ? "]}\n" : "\n]}\n", stdout);
}

/* ---- CSV (RFC 4180) ---- */

static void csv_field(const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, stdout);
        return;
    }
    fputc('"', stdout);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', stdout);
        }
        fputc(*s, stdout);
    }
    fputc('"', stdout);
}

static void csv_row(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state)
{
    (void)state;
    bool first = true;
    for (column_id c = 0; c < COL_COUNT; c++) {
        if (!column_present(c, d->kind)) {
            continue;
        }
        const column_value v = column_get(c, row, t);
        fputs(first ? "" : ",", stdout);
        first = false;
        if (v.type == VALUE_STRING) {
            csv_field(v.string ? v.string : ""); /* null: empty field */
        } else if (v.type == VALUE_INT) {
            printf("%" PRId64, v.i);
        } else {
            printf("%" PRIu64, v.u);
        }
    }
    fputs("\r\n", stdout);
}

static void print_csv(const dump_context *d)
{
    bool first = true;
    for (column_id c = 0; c < COL_COUNT; c++) {
        if (column_present(c, d->kind)) {
            fputs(first ? "" : ",", stdout);
            csv_field(column_name(c));
            first = false;
        }
    }
    fputs("\r\n", stdout);
    for_each_match(d, csv_row, NULL);
}

/* ---- table ---- */

typedef struct table_widths {
    int local, remote;
} table_widths;

static const char *remote_text(const row_text *t)
{
    return row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR) ? t->remote_endpoint : "*:*";
}

static const char *created_text(const row_text *t)
{
    if (!row_text_has(t, MIBTCP_FIELD_CREATED)) {
        return "";
    }
    if (t->created != NULL) {
        return t->created;
    }
    return t->rec.created == 0 ? "-" : "unrepresentable";
}

static void measure_row(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state)
{
    table_widths *w = state;
    (void)d;
    (void)row;
    const int local = (int)strlen(t->local_endpoint);
    const int remote = (int)strlen(remote_text(t));
    w->local = local > w->local ? local : w->local;
    w->remote = remote > w->remote ? remote : w->remote;
}

/* Columns padded for alignment, then the line's trailing blanks cut, so
 * kinds without a PID or creation time leave no whitespace behind. */
static void print_table_line(const table_widths *w, const char *proto, const char *local, const char *remote,
                             const char *state, const char *pid, const char *created, const char *module_info)
{
    char line[128 + 2 * MIBTCP_ENDPOINT_STR_SIZE + 2 * MIBTCP_MODULE_INFO_SIZE];
    int n = snprintf(line, sizeof line, "%-5s  %-*s  %-*s  %-11s  %10s  %-28s  %s", proto, w->local, local, w->remote,
                     remote, state, pid, created, module_info);
    size_t end = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    while (end > 0 && line[end - 1] == ' ') {
        end--;
    }
    line[end] = '\0';
    puts(line);
}

static void table_row(const dump_context *d, const mibtcp_row *row, const row_text *t, void *state)
{
    const table_widths *w = state;
    char pid[16] = "";
    if (row_text_has(t, MIBTCP_FIELD_PID)) {
        snprintf(pid, sizeof pid, "%" PRIu32, t->rec.pid);
    }
    print_table_line(w, row_text_proto(row->kind), t->local_endpoint, remote_text(t),
                     row_text_has(t, MIBTCP_FIELD_STATE) ? mibtcp_state_name(t->rec.state) : "", pid, created_text(t),
                     d->opt->module_info && row_text_has(t, MIBTCP_FIELD_MODULE_INFO) ? t->module_info_hex : "");
}

/* Zero-copy rows make a second pass cheap: measure first so columns align. */
static void print_table(const dump_context *d)
{
    table_widths w = {(int)strlen("Local Address"), (int)strlen("Remote Address")};
    for_each_match(d, measure_row, &w);
    const bool module_column = d->opt->module_info && mibtcp_kind_has_field(d->kind, MIBTCP_FIELD_MODULE_INFO);
    print_table_line(&w, "Proto", "Local Address", "Remote Address", "State",
                     mibtcp_kind_has_field(d->kind, MIBTCP_FIELD_PID) ? "PID" : "",
                     mibtcp_kind_has_field(d->kind, MIBTCP_FIELD_CREATED) ? "Created (UTC)" : "",
                     module_column ? "Module Info" : "");
    for_each_match(d, table_row, &w);
}

int cmd_dump(int argc, char **argv)
{
    cli_options opt;
    input_buffer in;
    mibtcp_kind kind;
    int exit_status;
    if (!command_setup(&dump_spec, argc, argv, &opt, &in, &kind, &exit_status)) {
        return exit_status;
    }
    mibtcp_view view;
    mibtcp_error err;
    if (mibtcp_open(&view, in.bytes, in.len, kind, opt.policy, &err) != MIBTCP_OK) {
        fprintf(stderr, "mibtcp dump: %s: invalid %s table (%s): ", opt.input, mibtcp_kind_name(kind),
                policy_name(opt.policy));
        print_error_location(stderr, &err);
        fputc('\n', stderr);
        input_free(&in);
        return EXIT_INVALID;
    }
    const dump_context d = {&opt, kind, &view, in.bytes, in.len};
    if (strcmp(opt.format, "jsonl") == 0) {
        for_each_match(&d, jsonl_row, NULL);
    } else if (strcmp(opt.format, "json") == 0) {
        print_json(&d);
    } else if (strcmp(opt.format, "csv") == 0) {
        print_csv(&d);
    } else {
        print_table(&d);
    }
    input_free(&in);
    return fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
}
