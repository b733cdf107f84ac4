/* dump --format timesketch: JSON Lines Timesketch imports, one event per
 * row with a creation time: its required message, datetime (ISO 8601 UTC)
 * and timestamp_desc, then every key of --format jsonl. Rows without a
 * creation time (kinds without one, 0 = unknown, or out of range) cannot be
 * placed on a timeline: they are left out, and counted on stderr. */
#include "dump_format.h"
#include "row_columns.h"

static void timesketch_row(const dump_context *d, const row_text *t, void *state)
{
    uint64_t *left_out = state;
    char iso[MIBTCP_ISO8601_SIZE];
    if (!row_created_iso(t, iso)) {
        ++*left_out;
        return;
    }
    out_writer *w = d->out;
    out_str(w, "{\"message\":\"");
    out_row_description(w, t); /* ASCII without quotes: no escaping needed */
    out_str(w, "\",\"datetime\":\"");
    out_str(w, iso);
    out_str(w, "\",\"timestamp_desc\":\"Connection Created\",");
    row_json_members(w, t);
    out_bytes(w, "}\n", 2);
}

void dump_timesketch(const dump_context *d)
{
    uint64_t left_out = 0;
    dump_each_row(d, timesketch_row, &left_out);
    if (left_out > 0) {
        fprintf(stderr, "mibtcp dump: %llu row%s without a creation time left out of the timeline\n",
                (unsigned long long)left_out, left_out == 1 ? "" : "s");
    }
}
