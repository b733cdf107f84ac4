#include "scan/found_rows.h"

#include <stdlib.h>
#include <string.h>

#include "common/kind_layout.h"

uint64_t found_rows_decode(const carve_found *f, found_row_fn fn, void *ctx, const char **problem)
{
    *problem = NULL;
    const mibtcp_row_layout layout = kind_layout(f->hit.kind);
    const size_t header = layout.header, stride = layout.stride;
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
    mibtcp_iter it;
    mibtcp_record rec;
    uint64_t decoded = 0;
    bool stopped = false;
    mibtcp_status read = mibtcp_open(&view, table, header + (size_t)rows_len, f->hit.kind, MIBTCP_POLICY_LENIENT, NULL);
    if (read == MIBTCP_OK) {
        read = mibtcp_iter_init(&it, &view);
    }
    /* The library refuses no row of the table it validated; a refusal still stops the walk, said below. */
    while (read == MIBTCP_OK && (read = mibtcp_iter_next_record(&it, &rec)) == MIBTCP_OK) {
        if (!fn(ctx, &rec)) {
            stopped = true;
            break;
        }
        decoded++;
    }
    free(table);
    if (decoded < f->hit.rows && !stopped) {
        *problem = mibtcp_status_name(read);
    }
    return decoded;
}
