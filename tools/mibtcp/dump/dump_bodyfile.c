/* dump --format bodyfile: The Sleuth Kit's body format for mactime (and
 * plaso's bodyfile parser), one line per row (timeline_row.h). A row
 * without any time is still written, and counted on stderr: mactime skips
 * such lines. */
#include "dump/dump_format.h"
#include "output/timeline_row.h"

static void bodyfile_row(const dump_context *d, const row_text *t, void *state)
{
    const timeline_source src = {.observed = d->observed, .seen = "Seen in capture"};
    uint64_t *untimed = state;
    *untimed += !timeline_write_body_line(d->out, t, &src);
}

void dump_bodyfile(const dump_context *d)
{
    uint64_t untimed = 0;
    dump_each_row(d, bodyfile_row, &untimed);
    dump_note_rows(untimed, "without a plausible creation time or an observation time: mactime skips them; "
                            "give --observed TIME");
}
