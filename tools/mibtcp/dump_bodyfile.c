/* dump --format bodyfile: The Sleuth Kit's body format for mactime (and
 * plaso's bodyfile parser),
 *   MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime
 * one line per row: the connection described in the name, in Unix seconds
 * (UTC) the observation time as atime ("seen") and the creation time as
 * crtime ("born") when it is plausible, every other field 0, which both
 * readers take as no time.
 * The name never holds '|' nor '%': mactime decodes %XX in every field, so
 * an IPv6 scope id is written " scope 13" (out_row_description). A row
 * without any time is still written, and counted on stderr: mactime skips
 * such lines. */
#include "dump_format.h"

static int64_t unix_seconds(int64_t filetime)
{
    int64_t seconds = 0;
    uint32_t ticks;
    (void)mibtcp_filetime_to_unix(filetime, &seconds, &ticks); /* plausible times always convert */
    return seconds;
}

static void bodyfile_row(const dump_context *d, const row_text *t, void *state)
{
    uint64_t *untimed = state;
    out_writer *w = d->out;
    const int64_t seen = d->observed.source != OBSERVED_NONE ? unix_seconds(d->observed.filetime) : 0;
    const int64_t born = row_created_plausible(t) ? unix_seconds(t->rec.created) : 0;
    *untimed += seen == 0 && born == 0;
    out_bytes(w, "0|", 2);
    out_row_description(w, t, SCOPE_WORD);
    out_str(w, " (");
    out_str(w, mibtcp_kind_name(t->rec.kind));
    out_str(w, " row ");
    out_u64(w, t->rec.index);
    out_str(w, ")|0|0|0|0|0|");
    out_i64(w, seen);
    out_str(w, "|0|0|");
    out_i64(w, born);
    out_char(w, '\n');
}

void dump_bodyfile(const dump_context *d)
{
    uint64_t untimed = 0;
    dump_each_row(d, bodyfile_row, &untimed);
    dump_note_rows(untimed, "without a plausible creation time or an observation time: mactime skips them; "
                            "give --observed TIME");
}
