/* dump --format timesketch: JSON Lines that Timesketch's importer takes,
 * one event per row: its required message, datetime (ISO 8601 UTC) and
 * timestamp_desc, the observation time and where it came from, then every
 * key of --format jsonl. The event time is the row's creation time when it
 * is plausible ("Socket created", "Listener created" for a TCP LISTEN row,
 * "UDP endpoint created"), else the observation time ("Seen in capture").
 * A row with neither cannot be placed on a timeline: it is left out and
 * counted on stderr. */
#include "dump_format.h"
#include "row_columns.h"

static const char *created_description(const row_text *t)
{
    if (!mibtcp_kind_is_tcp(t->rec.kind)) {
        return "UDP endpoint created";
    }
    return t->rec.state == 2 /* MIB_TCP_STATE_LISTEN */ ? "Listener created" : "Socket created";
}

static void out_iso(out_writer *w, int64_t filetime)
{
    char iso[MIBTCP_ISO8601_SIZE];
    (void)mibtcp_filetime_to_iso8601(filetime, iso, sizeof iso); /* plausible times always format */
    out_char(w, '"');
    out_str(w, iso);
    out_char(w, '"');
}

static void timesketch_row(const dump_context *d, const row_text *t, void *state)
{
    uint64_t *left_out = state;
    const bool created = row_created_plausible(t);
    const bool observed = d->observed.source != OBSERVED_NONE;
    if (!created && !observed) {
        ++*left_out;
        return;
    }
    out_writer *w = d->out;
    out_str(w, "{\"message\":\"");
    out_row_description(w, t, SCOPE_PERCENT); /* ASCII without quotes: no escaping needed */
    out_str(w, "\",\"datetime\":");
    out_iso(w, created ? t->rec.created : d->observed.filetime);
    out_str(w, ",\"timestamp_desc\":\"");
    out_str(w, created ? created_description(t) : "Seen in capture");
    out_str(w, "\",\"observed\":");
    if (observed) {
        out_iso(w, d->observed.filetime);
    } else {
        out_str(w, "null");
    }
    out_str(w, ",\"observed_source\":\"");
    out_str(w, observed_source_name(d->observed.source));
    out_str(w, "\",");
    row_json_members(w, t);
    out_bytes(w, "}\n", 2);
}

void dump_timesketch(const dump_context *d)
{
    uint64_t left_out = 0;
    dump_each_row(d, timesketch_row, &left_out);
    dump_note_rows(left_out, "without a plausible creation time left out of the timeline: give --observed TIME to "
                             "place them at the time they were seen");
}
