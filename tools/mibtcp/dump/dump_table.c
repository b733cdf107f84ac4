/* dump --format table: netstat-like aligned columns. */
#include "common/kind_layout.h"
#include "dump/dump_format.h"

typedef struct table_widths {
    size_t local, remote;
    bool pid, created, module_info;
} table_widths;

static void measure_row(const dump_context *d, const row_text *t, void *state)
{
    table_widths *w = state;
    (void)d;
    const size_t local = endpoint_text_length(&t->rec.local);
    const size_t remote = row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR) ? endpoint_text_length(&t->rec.remote) : 3;
    w->local = local > w->local ? local : w->local;
    w->remote = remote > w->remote ? remote : w->remote;
}

/* Pads the text written since `start` to `width` columns. */
static void pad_to(out_writer *out, size_t start, size_t width)
{
    const size_t written = out->len - start;
    if (written < width) {
        memset(out_space(out, width - written), ' ', width - written);
        out->len += width - written;
    }
}

/* Right-aligns a number in `width` columns. */
static void number_right(out_writer *out, uint64_t v, size_t width)
{
    char digits[20];
    size_t n = sizeof digits;
    do {
        digits[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (size_t i = sizeof digits - n; i < width; i++) {
        out_char(out, ' ');
    }
    out_bytes(out, digits + n, sizeof digits - n);
}

static void cell(out_writer *out, const char *text, size_t width)
{
    (void)out_space(out, width + 2); /* the cell stays in one buffer, so pad_to can measure it */
    const size_t start = out->len;
    out_str(out, text);
    pad_to(out, start, width);
    out_bytes(out, "  ", 2);
}

/* Trailing blanks cut, so kinds without a PID or creation time leave no
 * whitespace behind. */
static void end_line(out_writer *out)
{
    while (out->len > 0 && out->buf[out->len - 1] == ' ') {
        out->len--;
    }
    out_char(out, '\n');
}

static void table_row(const dump_context *d, const row_text *t, void *state)
{
    const table_widths *w = state;
    out_writer *out = d->out;
    const mibtcp_record *r = &t->rec;
    /* A whole line fits in the buffer: end_line() may look back over it. */
    (void)out_space(out, 512 + 2 * MIBTCP_MODULE_INFO_SIZE);
    cell(out, row_text_proto(r->kind), 5);
    size_t start = out->len;
    out_endpoint(out, &r->local);
    pad_to(out, start, w->local);
    out_bytes(out, "  ", 2);
    start = out->len;
    if (row_text_has(t, MIBTCP_FIELD_REMOTE_ADDR)) {
        out_endpoint(out, &r->remote);
    } else {
        out_bytes(out, "*:*", 3);
    }
    pad_to(out, start, w->remote);
    out_bytes(out, "  ", 2);
    cell(out, row_text_has(t, MIBTCP_FIELD_STATE) ? mibtcp_state_name(r->state) : "", 11);
    if (w->pid) {
        number_right(out, r->pid, 10);
    } else {
        pad_to(out, out->len, 10);
    }
    out_bytes(out, "  ", 2);
    char iso[MIBTCP_ISO8601_SIZE];
    const char *created = "";
    if (row_created_iso(t, iso)) {
        created = iso;
    } else if (w->created) {
        created = r->created == 0 ? "-" : "unrepresentable";
    }
    cell(out, created, 28);
    if (w->module_info) {
        out_hex(out, r->module_info, MIBTCP_MODULE_INFO_SIZE);
    }
    end_line(out);
}

/* Zero-copy rows make a second pass cheap: measure first so columns align. */
void dump_table(const dump_context *d)
{
    out_writer *out = d->out;
    table_widths w = {strlen("Local Address"), strlen("Remote Address"), kind_has_field(d->kind, MIBTCP_FIELD_PID),
                      kind_has_field(d->kind, MIBTCP_FIELD_CREATED),
                      d->opt->module_info && kind_has_field(d->kind, MIBTCP_FIELD_MODULE_INFO)};
    dump_context measuring = *d;
    measuring.progress = NULL; /* the meter follows the printing pass */
    dump_each_row(&measuring, measure_row, &w);
    (void)out_space(out, 512);
    cell(out, "Proto", 5);
    cell(out, "Local Address", w.local);
    cell(out, "Remote Address", w.remote);
    cell(out, "State", 11);
    pad_to(out, out->len, w.pid ? 7 : 10);
    out_str(out, w.pid ? "PID" : "");
    out_bytes(out, "  ", 2);
    cell(out, w.created ? "Created (UTC)" : "", 28);
    out_str(out, w.module_info ? "Module Info" : "");
    end_line(out);
    dump_each_row(d, table_row, &w);
}
