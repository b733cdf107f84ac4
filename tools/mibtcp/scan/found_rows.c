#include "scan/found_rows.h"

#include <stdlib.h>

#include "common/carve_hit.h"

uint64_t found_rows_decode(const carve_found *f, found_row_fn fn, void *ctx, const char **problem)
{
    *problem = NULL;
    const size_t size = carve_hit_table_size(&f->hit);
    uint8_t *table = size > 0 ? malloc(size) : NULL;
    if (table == NULL) {
        *problem = "out of memory";
        return 0;
    }
    carve_hit_table(&f->hit, f->bytes, table);
    mibtcp_view view;
    mibtcp_iter it;
    mibtcp_record rec;
    uint64_t decoded = 0;
    bool stopped = false;
    mibtcp_status read = mibtcp_open(&view, table, size, f->hit.kind, MIBTCP_POLICY_LENIENT, NULL);
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
