/* dump --format timesketch: JSON Lines that Timesketch's importer takes,
 * one event per row (timeline_row.h). A row with neither a plausible
 * creation time nor an observation time cannot be placed on a timeline:
 * it is left out and counted on stderr. */
#include "dump/dump_format.h"
#include "output/timeline_row.h"

static void timesketch_row(const dump_context *d, const row_text *t, void *state)
{
    const timeline_source src = {.observed = d->observed, .seen = "Seen in capture"};
    uint64_t *left_out = state;
    *left_out += !timeline_write_event(d->out, t, &src);
}

void dump_timesketch(const dump_context *d)
{
    uint64_t left_out = 0;
    dump_each_row(d, timesketch_row, &left_out);
    dump_note_rows(left_out, "without a plausible creation time left out of the timeline: give --observed TIME to "
                             "place them at the time they were seen");
}
