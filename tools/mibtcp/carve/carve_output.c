#include "carve/carve_output.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#ifdef _WIN32
#define DIRECTORY_WRITABLE 2 /* the CRT's _access() knows no X_OK */
#else
#define DIRECTORY_WRITABLE (W_OK | X_OK) /* creating a file needs both */
#endif

#include "cli/diagnostics.h"
#include "common/carve_hit.h"
#include "common/json_text.h"
#include "output/file_write.h"
#include "output/out_writer.h"
#include "output/row_columns.h"
#include "output/row_text.h"
#include "output/timeline_row.h"
#include "scan/found_rows.h"

static bool hit_valid(const carve_found *f)
{
    return carve_hit_valid(&f->hit, f->bytes);
}

static bool cut_at_page(const carve_found *f)
{
    return carve_hit_cut_at_page(&f->hit, f->bytes);
}

static const char *address_key(address_space space)
{
    return space == ADDRESS_VIRTUAL ? "va" : space == ADDRESS_PHYSICAL ? "pa" : NULL;
}

/* What decided the hit: its content evidence, or its structure alone (a
 * matching dwNumEntries over enough candidate rows, whatever their content). */
static const char *hit_basis(const carve_found *f)
{
    return f->hit.structure ? "structure" : "content";
}

static void print_jsonl(const carve_found *f, address_space space)
{
    json_object o;
    json_begin(&o, stdout);
    json_uint(&o, "offset", f->file_offset);
    json_string(&o, "kind", mibtcp_kind_name(f->hit.kind));
    json_uint(&o, "rows", f->hit.rows);
    json_uint(&o, "length", f->hit.length);
    json_bool(&o, "header", f->hit.header);
    json_uint(&o, "confidence", f->hit.confidence);
    json_bool(&o, "valid", hit_valid(f));
    json_bool(&o, "page_truncated", cut_at_page(f));
    json_bool(&o, "page_start", f->hit.page_start);
    json_int(&o, "score", f->hit.score);
    json_string(&o, "basis", hit_basis(f));
    if (address_key(space) != NULL) {
        json_uint_string(&o, address_key(space), f->hit.offset); /* an address: may exceed 2^53 */
    }
    json_end(&o);
    fputc('\n', stdout);
}

static const char *yes_no(bool b)
{
    return b ? "true" : "false";
}

static void print_csv(const carve_found *f, address_space space)
{
    printf("%" PRIu64 ",%s,%" PRIu32 ",%" PRIu64 ",%s,%" PRIu32 ",%s,%s,%s,%" PRId64 ",%s", f->file_offset,
           mibtcp_kind_name(f->hit.kind), f->hit.rows, f->hit.length, yes_no(f->hit.header), f->hit.confidence,
           yes_no(hit_valid(f)), yes_no(cut_at_page(f)), yes_no(f->hit.page_start), f->hit.score, hit_basis(f));
    if (address_key(space) != NULL) {
        printf(",%" PRIu64, f->hit.offset);
    }
    fputs("\r\n", stdout);
}

static void print_text(const carve_found *f, address_space space)
{
    printf("%#14" PRIx64 "  %-12s  %6" PRIu32 "  %9" PRIu64 "  %-6s  %3" PRIu32 "%%  %-5s  %-9s  %-9s", f->file_offset,
           mibtcp_kind_name(f->hit.kind), f->hit.rows, f->hit.length, f->hit.header ? "yes" : "orphan",
           f->hit.confidence, hit_valid(f) ? "yes" : "no",
           cut_at_page(f)      ? "truncated"
           : f->hit.page_start ? "start"
                               : "-",
           hit_basis(f));
    if (address_key(space) != NULL) {
        printf("  %#" PRIx64, f->hit.offset);
    }
    fputc('\n', stdout);
}

void carve_print_hits(const carve_results *r, address_space space, const char *format)
{
    const char *addr = address_key(space);
    if (strcmp(format, "csv") == 0) {
        printf("offset,kind,rows,length,header,confidence,valid,page_truncated,page_start,score,basis%s%s\r\n",
               addr ? "," : "", addr ? addr : "");
    } else if (strcmp(format, "text") == 0) {
        printf("%14s  %-12s  %6s  %9s  %-6s  %4s  %-5s  %-9s  %-9s%s%s\n", "offset", "kind", "rows", "length", "header",
               "conf", "valid", "page", "basis", addr ? "  " : "", addr ? addr : "");
    }
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(format, "jsonl") == 0) {
            print_jsonl(&r->items[i], space);
        } else if (strcmp(format, "csv") == 0) {
            print_csv(&r->items[i], space);
        } else {
            print_text(&r->items[i], space);
        }
    }
    if (strcmp(format, "text") == 0) {
        printf("%zu hit%s\n", r->count, r->count == 1 ? "" : "s");
    }
}

typedef enum row_format { ROWS_JSONL, ROWS_CSV, ROWS_TIMESKETCH, ROWS_BODYFILE } row_format;

typedef struct row_printer {
    out_writer *out;
    row_format format;
    observed_time observed;
    uint64_t untimed; /* timeline rows without any time */
} row_printer;

static void print_row(row_printer *p, uint64_t table_offset, const row_text *t)
{
    out_writer *out = p->out;
    const timeline_source src = {.observed = p->observed,
                                 .seen = "Seen in memory image",
                                 .has_table_offset = true,
                                 .table_offset = table_offset};
    switch (p->format) {
    case ROWS_CSV:
        out_u64(out, table_offset);
        for (column_id c = 0; c < COL_END; c++) {
            out_char(out, ',');
            if (column_in_row(c, t)) {
                column_write(out, c, t, false);
            }
        }
        out_bytes(out, "\r\n", 2);
        break;
    case ROWS_TIMESKETCH: p->untimed += !timeline_write_event(out, t, &src); break;
    case ROWS_BODYFILE: p->untimed += !timeline_write_body_line(out, t, &src); break;
    case ROWS_JSONL:
    default:
        out_str(out, "{\"table_offset\":");
        out_u64(out, table_offset);
        out_char(out, ',');
        row_json_members(out, t);
        out_bytes(out, "}\n", 2);
        break;
    }
}

typedef struct hit_printing {
    row_printer *printer;
    uint64_t table_offset;
} hit_printing;

static bool print_found_row(void *ctx, const mibtcp_record *rec)
{
    hit_printing *h = ctx;
    const row_text t = {*rec};
    print_row(h->printer, h->table_offset, &t);
    return h->printer->out->error == 0;
}

/* Every row of a hit (found_rows.h). @return the hit's rows not printed (0 when all were). */
static uint64_t print_hit_rows(row_printer *p, const carve_found *f)
{
    hit_printing h = {p, f->file_offset};
    const char *problem;
    const uint64_t printed = found_rows_decode(f, print_found_row, &h, &problem);
    if (printed < f->hit.rows && p->out->error == 0) {
        fprintf(stderr, "mibtcp carve: the hit at %#" PRIx64 ": %" PRIu64 " of its %" PRIu32 " rows not decoded (%s)\n",
                f->file_offset, f->hit.rows - printed, f->hit.rows, problem);
    }
    return p->out->error == 0 ? f->hit.rows - printed : 0;
}

int carve_print_rows(const carve_results *r, const char *format, observed_time observed, uint64_t *undecoded)
{
    static out_writer out; /* 64 KiB: not on the stack */
    out_init(&out, stdout);
    row_printer p = {&out, ROWS_JSONL, observed, 0};
    if (strcmp(format, "csv") == 0) {
        p.format = ROWS_CSV;
        out_str(&out, "table_offset");
        for (column_id c = 0; c < COL_END; c++) {
            out_char(&out, ',');
            out_str(&out, column_name(c));
        }
        out_bytes(&out, "\r\n", 2);
    } else if (strcmp(format, "timesketch") == 0) {
        p.format = ROWS_TIMESKETCH;
    } else if (strcmp(format, "bodyfile") == 0) {
        p.format = ROWS_BODYFILE;
    }
    *undecoded = 0;
    for (size_t i = 0; i < r->count && out.error == 0; i++) {
        *undecoded += print_hit_rows(&p, &r->items[i]);
    }
    out_flush(&out);
    if (p.untimed > 0 && out.error == 0) {
        fprintf(stderr, "mibtcp carve: %" PRIu64 " row%s without a plausible creation time %s: give --observed TIME\n",
                p.untimed, p.untimed == 1 ? "" : "s",
                p.format == ROWS_TIMESKETCH ? "left out of the timeline"
                                            : "or an observation time (mactime skips them)");
    }
    return out.error;
}

bool carve_extract_ready(const char *dir, const char *shown)
{
    struct stat st;
    const char *problem = NULL;
    if (stat(dir, &st) != 0) {
        problem = strerror(errno);
    } else if (!S_ISDIR(st.st_mode)) {
        problem = "not a directory";
    } else if (access(dir, DIRECTORY_WRITABLE) != 0) {
        problem = strerror(errno);
    }
    if (problem != NULL) {
        fprintf(stderr, "mibtcp carve: --extract %s: %s (nothing was scanned)\n", shown, problem);
        return false;
    }
    return true;
}

bool carve_extract(const carve_results *r, const char *dir)
{
    for (size_t i = 0; i < r->count; i++) {
        const carve_found *f = &r->items[i];
        char path[4096];
        const int n =
            snprintf(path, sizeof path, "%s/%016" PRIx64 "_%s.bin", dir, f->file_offset, mibtcp_kind_name(f->hit.kind));
        if (n < 0 || (size_t)n >= sizeof path) {
            fprintf(stderr, "mibtcp carve: %s: directory name too long\n", dir);
            return false;
        }
        const int err = file_write_all(path, f->bytes, (size_t)f->hit.length);
        if (err != 0) {
            fprintf(stderr, "mibtcp carve: %s: write error: %s (%zu of %zu hits extracted)\n", display_name(path),
                    strerror(err), i, r->count);
            return false;
        }
    }
    return true;
}
