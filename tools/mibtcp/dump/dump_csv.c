/* dump --format csv: RFC 4180, a header row, the columns of JSON Lines. */
#include "dump/dump_format.h"
#include "output/row_columns.h"

static void csv_row(const dump_context *d, const row_text *t, void *state)
{
    (void)state;
    bool first = true;
    for (column_id c = 0; c < COL_END; c++) {
        if (column_present(c, d->kind)) {
            if (!first) {
                out_char(d->out, ',');
            }
            first = false;
            column_write(d->out, c, t, false);
        }
    }
    out_bytes(d->out, "\r\n", 2);
}

void dump_csv(const dump_context *d)
{
    bool first = true;
    for (column_id c = 0; c < COL_END; c++) {
        if (column_present(c, d->kind)) {
            out_str(d->out, first ? "" : ",");
            out_str(d->out, column_name(c)); /* plain identifiers: no quoting needed */
            first = false;
        }
    }
    out_bytes(d->out, "\r\n", 2);
    dump_each_row(d, csv_row, NULL);
}
