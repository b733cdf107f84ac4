#include "scan/found_rows.h"

#include <stdlib.h>
#include <string.h>

uint64_t found_rows_decode(const carve_found *f, found_row_fn fn, void *ctx, const char **problem)
{
    *problem = NULL;
    const size_t header = mibtcp_kind_header_size(f->hit.kind), stride = mibtcp_kind_stride(f->hit.kind);
    const uint64_t rows_len = (uint64_t)f->hit.rows * stride;
    uint8_t *table = rows_len <= SIZE_MAX - header ? calloc(1, header + (size_t)rows_len) : NULL;
    if (table == NULL) {
        *problem = "out of memory";
        return 0;
    }
    const uint32_t n = f->hit.rows;
    table[0] = (uint8_t)n;
    table[1] = (uint8_t)(n >> 8);
    table[2] = (uint8_t)(n >> 16);
    table[3] = (uint8_t)(n >> 24);
    memcpy(table + header, f->bytes + (f->hit.header ? header : 0), (size_t)rows_len);
    mibtcp_view view;
    uint64_t decoded = 0;
    bool stopped = false;
    mibtcp_status status =
        mibtcp_open(&view, table, header + (size_t)rows_len, f->hit.kind, MIBTCP_POLICY_LENIENT, NULL);
    if (status == MIBTCP_OK) {
        mibtcp_iter it;
        mibtcp_record rec;
        mibtcp_iter_init(&it, &view);
        while (mibtcp_iter_next_record(&it, &rec, sizeof rec)) {
            if (!fn(ctx, &rec)) {
                stopped = true;
                break;
            }
            decoded++;
        }
        mibtcp_error err;
        status = mibtcp_iter_error(&it, &err);
    }
    free(table);
    if (decoded < f->hit.rows && !stopped) {
        *problem = status != MIBTCP_OK ? mibtcp_status_name(status) : "a row the library did not decode";
    }
    return decoded;
}
