#include "output/timeline_row.h"

#include "common/kind_layout.h"
#include "output/row_columns.h"

static const char *created_description(const row_text *t)
{
    if (!kind_layout(t->rec.kind).tcp) {
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

/* Timesketch's required message, datetime and timestamp_desc, then the
 * observation time and its source, then the jsonl keys. */
bool timeline_write_event(out_writer *w, const row_text *t, const timeline_source *src)
{
    const bool created = row_created_plausible(t);
    const bool observed = src->observed.source != OBSERVED_NONE;
    if (!created && !observed) {
        return false;
    }
    out_str(w, "{\"message\":\"");
    out_row_description(w, t, SCOPE_PERCENT); /* ASCII without quotes: no escaping needed */
    out_str(w, "\",\"datetime\":");
    out_iso(w, created ? t->rec.created : src->observed.filetime);
    out_str(w, ",\"timestamp_desc\":\"");
    out_str(w, created ? created_description(t) : src->seen);
    out_str(w, "\",\"observed\":");
    if (observed) {
        out_iso(w, src->observed.filetime);
    } else {
        out_str(w, "null");
    }
    out_str(w, ",\"observed_source\":\"");
    out_str(w, observed_source_name(src->observed.source));
    out_str(w, "\",");
    if (src->has_table_offset) {
        out_str(w, "\"table_offset\":");
        out_u64(w, src->table_offset);
        out_char(w, ',');
    }
    if (src->members != NULL) {
        src->members(w, src->members_ctx);
    }
    row_json_members(w, t);
    out_bytes(w, "}\n", 2);
    return true;
}

static int64_t unix_seconds(int64_t filetime)
{
    int64_t seconds = 0;
    uint32_t ticks;
    (void)mibtcp_filetime_to_unix(filetime, &seconds, &ticks); /* plausible times always convert */
    return seconds;
}

/* MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime: the
 * observation time as atime ("seen"), the creation time as crtime
 * ("born"), 0 elsewhere. The name never holds '|' nor '%' (mactime decodes
 * %XX in every field): IPv6 scopes are spelled " scope N". */
bool timeline_write_body_line(out_writer *w, const row_text *t, const timeline_source *src)
{
    const int64_t seen = src->observed.source != OBSERVED_NONE ? unix_seconds(src->observed.filetime) : 0;
    const int64_t born = row_created_plausible(t) ? unix_seconds(t->rec.created) : 0;
    out_bytes(w, "0|", 2);
    out_row_description(w, t, SCOPE_WORD);
    out_str(w, " (");
    out_str(w, mibtcp_kind_name(t->rec.kind));
    out_str(w, " row ");
    out_u64(w, t->rec.index);
    if (src->has_table_offset) {
        out_str(w, " of the table at offset ");
        out_u64(w, src->table_offset);
    }
    out_str(w, ")|0|0|0|0|0|");
    out_i64(w, seen);
    out_str(w, "|0|0|");
    out_i64(w, born);
    out_char(w, '\n');
    return seen != 0 || born != 0;
}
