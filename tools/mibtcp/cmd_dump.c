/* mibtcp dump: print the rows of a validated table. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "diagnostics.h"
#include "input.h"
#include "json_text.h"
#include "options.h"
#include "row_text.h"

static const char *const dump_formats[] = {"table", "jsonl", NULL};
static const command_spec dump_spec = {
    "dump",
    "usage: mibtcp dump --kind KIND [--strict] [--format table|jsonl] FILE|-\n"
    "\n"
    "Validate a table and print its rows.\n"
    "  --kind KIND     table kind: tcp4-module, tcp6-module, tcp4-pid, ... (see mibtcp --help)\n"
    "  --strict        reject any deviation (exact length, port upper bits zero)\n"
    "  --format table  netstat-like columns (default)\n"
    "  --format jsonl  one JSON object per row\n"
    "Exit status: 0 rows printed, 1 invalid table (located error on stderr), 2 usage or I/O error.\n",
    dump_formats,
};

static void print_jsonl_row(const mibtcp_row *row, const row_text *t)
{
    json_object o;
    json_begin(&o, stdout);
    json_uint(&o, "row", row->index);
    json_string(&o, "kind", mibtcp_kind_name(row->kind));
    if (t->has_state) {
        json_string(&o, "state", mibtcp_state_name(t->state));
        json_uint(&o, "state_code", t->state);
    }
    json_string(&o, "local_addr", t->local_addr);
    if (t->local.family == MIBTCP_FAMILY_IPV6) {
        json_uint(&o, "local_scope_id", t->local.scope_id);
    }
    json_uint(&o, "local_port", t->local.port);
    if (t->has_remote) {
        json_string(&o, "remote_addr", t->remote_addr);
        if (t->remote.family == MIBTCP_FAMILY_IPV6) {
            json_uint(&o, "remote_scope_id", t->remote.scope_id);
        }
        json_uint(&o, "remote_port", t->remote.port);
    }
    if (t->has_pid) {
        json_uint(&o, "pid", t->pid);
    }
    if (t->has_created) {
        json_int(&o, "created_filetime", t->created_filetime);
        json_string(&o, "created", t->created);
    }
    if (t->has_module_info) {
        json_string(&o, "module_info", t->module_info_hex);
    }
    if (t->has_offload) {
        json_uint(&o, "offload_state", t->offload_state);
    }
    if (t->has_flags) {
        json_uint(&o, "flags", t->flags);
    }
    json_end(&o);
    fputc('\n', stdout);
}

typedef struct table_columns {
    int local, remote;
} table_columns;

static const char *remote_text(const row_text *t)
{
    return t->has_remote ? t->remote_endpoint : "*:*";
}

static const char *created_text(const row_text *t)
{
    if (!t->has_created) {
        return "";
    }
    if (t->created != NULL) {
        return t->created;
    }
    return t->created_filetime == 0 ? "-" : "unrepresentable";
}

/* Zero-copy rows make a second pass cheap: measure first so columns align. */
static table_columns measure_columns(const mibtcp_view *view)
{
    table_columns w = {(int)strlen("Local Address"), (int)strlen("Remote Address")};
    mibtcp_iter it;
    mibtcp_row row;
    row_text t;
    mibtcp_iter_init(&it, view);
    while (mibtcp_iter_next(&it, &row)) {
        row_text_fill(&row, &t);
        const int local = (int)strlen(t.local_endpoint);
        const int remote = (int)strlen(remote_text(&t));
        w.local = local > w.local ? local : w.local;
        w.remote = remote > w.remote ? remote : w.remote;
    }
    return w;
}

static void print_table(const mibtcp_view *view)
{
    const table_columns w = measure_columns(view);
    printf("%-5s  %-*s  %-*s  %-11s  %10s  %s\n", "Proto", w.local, "Local Address", w.remote, "Remote Address",
           "State", "PID", "Created (UTC)");
    mibtcp_iter it;
    mibtcp_row row;
    row_text t;
    mibtcp_iter_init(&it, view);
    while (mibtcp_iter_next(&it, &row)) {
        row_text_fill(&row, &t);
        char pid[16] = "";
        if (t.has_pid) {
            snprintf(pid, sizeof pid, "%" PRIu32, t.pid);
        }
        printf("%-5s  %-*s  %-*s  %-11s  %10s  %s\n", row_text_proto(row.kind), w.local, t.local_endpoint,
               w.remote, remote_text(&t), t.has_state ? mibtcp_state_name(t.state) : "", pid, created_text(&t));
    }
}

static void print_jsonl(const mibtcp_view *view)
{
    mibtcp_iter it;
    mibtcp_row row;
    row_text t;
    mibtcp_iter_init(&it, view);
    while (mibtcp_iter_next(&it, &row)) {
        row_text_fill(&row, &t);
        print_jsonl_row(&row, &t);
    }
}

int cmd_dump(int argc, char **argv)
{
    cli_options opt;
    if (!options_parse(&dump_spec, argc, argv, &opt)) {
        return EXIT_USAGE;
    }
    if (opt.help) {
        fputs(dump_spec.usage, stdout);
        return EXIT_VALID;
    }
    input_buffer in;
    if (!input_read(opt.input, &in)) {
        return EXIT_USAGE;
    }
    mibtcp_view view;
    mibtcp_error err;
    if (mibtcp_open(&view, in.bytes, in.len, opt.kind, opt.policy, &err) != MIBTCP_OK) {
        fprintf(stderr, "mibtcp dump: %s: invalid %s table (%s): ", opt.input, mibtcp_kind_name(opt.kind),
                opt.policy == MIBTCP_POLICY_STRICT ? "strict" : "lenient");
        print_error_location(stderr, &err);
        fputc('\n', stderr);
        input_free(&in);
        return EXIT_INVALID;
    }
    if (strcmp(opt.format, "jsonl") == 0) {
        print_jsonl(&view);
    } else {
        print_table(&view);
    }
    input_free(&in);
    return fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
}
