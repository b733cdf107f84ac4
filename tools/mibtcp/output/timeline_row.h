/* One row as a timeline event, for dump's and carve --rows' timesketch and
 * bodyfile formats: the plausible creation time when there is one
 * ("Listener created", "Socket created", "UDP endpoint created"), else the
 * observation time ("Seen in capture", "Seen in memory image"). */
#ifndef MIBTCP_TOOL_TIMELINE_ROW_H
#define MIBTCP_TOOL_TIMELINE_ROW_H

#include "common/observed_time.h"
#include "output/out_writer.h"
#include "output/row_text.h"

typedef struct timeline_source {
    observed_time observed;
    const char *seen;      /* timestamp_desc of an event at the observation time */
    bool has_table_offset; /* carve: the rows' table offset, as a key and in the body file name */
    uint64_t table_offset;
    /* connections: more Timesketch members ("key":value, each followed by a
     * comma) written before the row's; NULL: none */
    void (*members)(out_writer *w, const void *ctx);
    const void *members_ctx;
} timeline_source;

/* A Timesketch JSON Lines event. @return false (nothing written) for a row
 * without a plausible creation time or an observation time. */
bool timeline_write_event(out_writer *w, const row_text *t, const timeline_source *src);

/* A body file line. @return false when the line has neither time (it is
 * written all the same: mactime skips it, the caller counts it). */
bool timeline_write_body_line(out_writer *w, const row_text *t, const timeline_source *src);

#endif
