/* dump --format bodyfile: The Sleuth Kit's body format for mactime,
 *   MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime
 * one line per row: the connection described in the name, the creation
 * time as crtime in Unix seconds, every other field 0. A row without a
 * creation time (kinds without one, 0 = unknown, before 1970 or out of
 * range) gets crtime 0, which mactime treats as no time. */
#include "dump_format.h"

static void bodyfile_row(const dump_context *d, const row_text *t, void *state)
{
    (void)state;
    out_writer *w = d->out;
    int64_t seconds = 0;
    uint32_t ticks = 0;
    if (!row_text_has(t, MIBTCP_FIELD_CREATED) || t->rec.created == 0 ||
        mibtcp_filetime_to_unix(t->rec.created, &seconds, &ticks) != MIBTCP_OK || seconds < 0) {
        seconds = 0;
    }
    out_bytes(w, "0|", 2);
    out_row_description(w, t); /* never holds '|' */
    out_str(w, " (");
    out_str(w, mibtcp_kind_name(t->rec.kind));
    out_str(w, " row ");
    out_u64(w, t->rec.index);
    out_str(w, ")|0|0|0|0|0|0|0|0|");
    out_i64(w, seconds);
    out_char(w, '\n');
}

void dump_bodyfile(const dump_context *d)
{
    dump_each_row(d, bodyfile_row, NULL);
}
