/* dump --format json: one object with the kind, counts, policy, every
 * finding and the rows. */
#include "cli/diagnostics.h"
#include "dump/dump_format.h"
#include "output/row_columns.h"

typedef struct json_array {
    out_writer *out;
    bool first;
} json_array;

static void json_array_row(const dump_context *d, const row_text *t, void *state)
{
    json_array *a = state;
    out_str(d->out, a->first ? "\n{" : ",\n{");
    a->first = false;
    row_json_members(d->out, t);
    out_char(d->out, '}');
}

/* Findings go through stdio (the writer is flushed first, so the order
 * holds): they are few, and diagnostics.c prints them for check too. */
static bool json_finding(void *ctx, const mibtcp_finding *f)
{
    json_array *a = ctx;
    if (!a->first) {
        fputc(',', a->out->stream);
    }
    a->first = false;
    print_finding_json(a->out->stream, f);
    return true;
}

void dump_json(const dump_context *d)
{
    out_writer *w = d->out;
    out_str(w, "{\"kind\":\"");
    out_str(w, mibtcp_kind_name(d->kind));
    out_str(w, "\",\"policy\":\"");
    out_str(w, policy_name(d->opt->policy));
    out_str(w, "\",\"bytes\":");
    out_u64(w, d->len);
    out_str(w, ",\"count\":");
    out_u64(w, mibtcp_view_count(d->view));
    out_str(w, ",\"trailing\":");
    out_u64(w, mibtcp_view_trailing(d->view));
    out_str(w, ",\"findings\":[");
    json_array a = {w, true};
    out_flush(w);
    const mibtcp_status walked = mibtcp_findings(d->bytes, d->len, d->kind, d->opt->policy, json_finding, &a);
    if (walked != MIBTCP_OK) { /* the view validated: the walk must agree */
        *d->failure = *d->failure != MIBTCP_OK ? *d->failure : walked;
    }
    out_str(w, "],\"rows\":[");
    a.first = true;
    dump_each_row(d, json_array_row, &a);
    out_str(w, a.first ? "]}\n" : "\n]}\n");
}
