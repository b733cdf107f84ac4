/* dump --format jsonl: one JSON object per row. */
#include "dump/dump_format.h"
#include "output/row_columns.h"

static void jsonl_row(const dump_context *d, const row_text *t, void *state)
{
    (void)state;
    out_char(d->out, '{');
    row_json_members(d->out, t);
    out_bytes(d->out, "}\n", 2);
}

void dump_jsonl(const dump_context *d)
{
    dump_each_row(d, jsonl_row, NULL);
}
