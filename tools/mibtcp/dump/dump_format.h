/* dump's output formats, one file each, over the rows that pass the
 * filters. Every format writes through one buffered writer. */
#ifndef MIBTCP_TOOL_DUMP_FORMAT_H
#define MIBTCP_TOOL_DUMP_FORMAT_H

#include "cli/options.h"
#include "cli/progress.h"
#include "common/observed_time.h"
#include "output/out_writer.h"
#include "output/row_text.h"

typedef struct dump_context {
    const cli_options *opt;
    mibtcp_kind kind;
    const mibtcp_view *view;
    const uint8_t *bytes;
    size_t len;
    out_writer *out;
    progress_meter *progress; /* ticked per row; NULL: none */
    observed_time observed;   /* when the rows were seen, for the timeline formats */
    mibtcp_status *failure;   /* the first status of a library call that failed (MIBTCP_OK: none) */
} dump_context;

/* Calls fn for each row that passes the filters, until a write fails. */
typedef void (*dump_row_fn)(const dump_context *d, const row_text *t, void *state);
void dump_each_row(const dump_context *d, dump_row_fn fn, void *state);
/* "mibtcp dump: N row(s) WHAT" on stderr, when count is not 0. */
void dump_note_rows(uint64_t count, const char *what);

void dump_table(const dump_context *d);
void dump_jsonl(const dump_context *d);
void dump_json(const dump_context *d);
void dump_csv(const dump_context *d);
void dump_timesketch(const dump_context *d);
void dump_bodyfile(const dump_context *d);

#endif
