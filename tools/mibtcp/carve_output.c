#include "carve_output.h"

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

#include "diagnostics.h"
#include "file_write.h"
#include "json_text.h"
#include "row_columns.h"
#include "out_writer.h"
#include "row_text.h"

static bool hit_valid(const carve_found *f)
{
    mibtcp_view view;
    return (uint64_t)(size_t)f->hit.length == f->hit.length &&
           mibtcp_open(&view, f->bytes, (size_t)f->hit.length, f->hit.kind, MIBTCP_POLICY_LENIENT, NULL) == MIBTCP_OK;
}

/* The library marks every run that ends on a page boundary; a table whose
 * dwNumEntries counts exactly the rows found is complete wherever it ends,
 * so it is not called truncated. */
static bool cut_at_page(const carve_found *f)
{
    if (!f->hit.page_truncated) {
        return false;
    }
    const bool complete = f->hit.header && f->hit.length >= 4 && mibtcp_load_le32(f->bytes) == f->hit.rows;
    return !complete;
}

static const char *address_key(address_space space)
{
    return space == ADDRESS_VIRTUAL ? "va" : space == ADDRESS_PHYSICAL ? "pa" : NULL;
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
    if (address_key(space) != NULL) {
        json_uint(&o, address_key(space), f->hit.offset);
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
    printf("%" PRIu64 ",%s,%" PRIu32 ",%" PRIu64 ",%s,%" PRIu32 ",%s,%s,%s,%" PRId64, f->file_offset,
           mibtcp_kind_name(f->hit.kind), f->hit.rows, f->hit.length, yes_no(f->hit.header), f->hit.confidence,
           yes_no(hit_valid(f)), yes_no(cut_at_page(f)), yes_no(f->hit.page_start), f->hit.score);
    if (address_key(space) != NULL) {
        printf(",%" PRIu64, f->hit.offset);
    }
    fputs("\r\n", stdout);
}

static void print_text(const carve_found *f, address_space space)
{
    printf("%#14" PRIx64 "  %-12s  %6" PRIu32 "  %9" PRIu64 "  %-6s  %3" PRIu32 "%%  %-5s  %-9s", f->file_offset,
           mibtcp_kind_name(f->hit.kind), f->hit.rows, f->hit.length, f->hit.header ? "yes" : "orphan",
           f->hit.confidence, hit_valid(f) ? "yes" : "no",
           cut_at_page(f) ? "truncated" : f->hit.page_start ? "start" : "-");
    if (address_key(space) != NULL) {
        printf("  %#" PRIx64, f->hit.offset);
    }
    fputc('\n', stdout);
}

void carve_print_hits(const carve_results *r, address_space space, const char *format)
{
    const char *addr = address_key(space);
    if (strcmp(format, "csv") == 0) {
        printf("offset,kind,rows,length,header,confidence,valid,page_truncated,page_start,score%s%s\r\n",
               addr ? "," : "", addr ? addr : "");
    } else if (strcmp(format, "text") == 0) {
        printf("%14s  %-12s  %6s  %9s  %-6s  %4s  %-5s  %-9s%s%s\n", "offset", "kind", "rows", "length", "header",
               "conf", "valid", "page", addr ? "  " : "", addr ? addr : "");
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

/* @return false when the library refuses the row (it cannot: it validated it). */
static bool print_row(out_writer *out, uint64_t table_offset, const mibtcp_row *row)
{
    row_text t;
    if (row_text_fill(row, &t) != MIBTCP_OK) {
        return false;
    }
    out_str(out, "{\"table_offset\":");
    out_u64(out, table_offset);
    out_char(out, ',');
    row_json_members(out, &t);
    out_bytes(out, "}\n", 2);
    return true;
}

/* The run's rows behind a dwNumEntries that counts exactly them, so the
 * library validates and decodes orphan and page-cut runs like any table. */
/* @return the hit's rows not printed (0 when all were). */
static uint64_t print_hit_rows(out_writer *out, const carve_found *f)
{
    const size_t header = mibtcp_kind_header_size(f->hit.kind), stride = mibtcp_kind_stride(f->hit.kind);
    const uint64_t rows_len = (uint64_t)f->hit.rows * stride;
    uint8_t *table = rows_len <= SIZE_MAX - header ? calloc(1, header + (size_t)rows_len) : NULL;
    if (table == NULL) {
        fprintf(stderr, "mibtcp carve: out of memory decoding the %" PRIu32 " rows of the hit at %#" PRIx64 "\n",
                f->hit.rows, f->file_offset);
        return f->hit.rows;
    }
    const uint32_t n = f->hit.rows;
    table[0] = (uint8_t)n;
    table[1] = (uint8_t)(n >> 8);
    table[2] = (uint8_t)(n >> 16);
    table[3] = (uint8_t)(n >> 24);
    memcpy(table + header, f->bytes + (f->hit.header ? header : 0), (size_t)rows_len);
    mibtcp_view view;
    uint64_t printed = 0;
    const mibtcp_status opened =
        mibtcp_open(&view, table, header + (size_t)rows_len, f->hit.kind, MIBTCP_POLICY_LENIENT, NULL);
    if (opened == MIBTCP_OK) {
        mibtcp_iter it;
        mibtcp_row row;
        mibtcp_iter_init(&it, &view);
        while (mibtcp_iter_next(&it, &row) && out->error == 0 && print_row(out, f->file_offset, &row)) {
            printed++;
        }
    }
    free(table);
    if (printed < f->hit.rows && out->error == 0) {
        fprintf(stderr, "mibtcp carve: the hit at %#" PRIx64 ": %" PRIu64 " of its %" PRIu32 " rows not decoded (%s)\n",
                f->file_offset, f->hit.rows - printed, f->hit.rows, mibtcp_status_name(opened));
    }
    return out->error == 0 ? f->hit.rows - printed : 0;
}

int carve_print_rows(const carve_results *r, uint64_t *undecoded)
{
    static out_writer out; /* 64 KiB: not on the stack */
    out_init(&out, stdout);
    *undecoded = 0;
    for (size_t i = 0; i < r->count && out.error == 0; i++) {
        *undecoded += print_hit_rows(&out, &r->items[i]);
    }
    out_flush(&out);
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
        const int n = snprintf(path, sizeof path, "%s/%016" PRIx64 "_%s.bin", dir, f->file_offset,
                               mibtcp_kind_name(f->hit.kind));
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
